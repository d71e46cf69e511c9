-- order-compensation owns compensation_log and failed_order_archives (DESIGN.md §2, §5, §7).
-- Conventions: see user-service V1__users.sql. No foreign keys to other services' tables (orders belongs to
-- order-service, seckill_activities to admin-back, users to user-service): ids are plain references.

-- One row per compensation attempt (also written as a JSON line to the file log, for when the DB is down).
-- stage: where the attempt ran: COMPENSATION (first consumption of seckill.order.compensation), RETRY_10S,
-- RETRY_30S, RETRY_60S, DLQ, MANUAL (ops API), SWEEPER. Not constrained: new stages need no migration.
CREATE TABLE compensation_log (
    id             BIGINT        NOT NULL,
    reservation_id BIGINT        NOT NULL,
    activity_id    BIGINT        NULL,
    user_id        BIGINT        NULL,
    attempt        INT           NOT NULL COMMENT '1 for the first attempt',
    stage          VARCHAR(32)   NOT NULL,
    outcome        VARCHAR(16)   NOT NULL,
    error          VARCHAR(2048) NULL,
    created_at     TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    KEY idx_compensation_log_reservation (reservation_id, created_at),
    KEY idx_compensation_log_activity (activity_id, created_at),
    KEY idx_compensation_log_outcome_created (outcome, created_at),
    KEY idx_compensation_log_created (created_at),
    CONSTRAINT ck_compensation_log_attempt CHECK (attempt >= 1),
    CONSTRAINT ck_compensation_log_stage CHECK (CHAR_LENGTH(TRIM(stage)) > 0),
    CONSTRAINT ck_compensation_log_outcome CHECK (outcome IN ('SUCCEEDED', 'FAILED', 'SKIPPED'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
  COMMENT = 'every compensation attempt; insert-only';

-- The last place an accepted reservation can be (DESIGN.md §1.3): one row per reservation, however often it is
-- archived again. Unresolved rows hold their quantity out of the stock ledger
-- (archived_unresolved = SUM(quantity) WHERE status IN ('UNRESOLVED', 'RETRYING')).
-- activity_id / user_id / quantity are known for every well-formed message; they are NULL only when the
-- original payload could not be parsed: the archive never refuses a message (reservation_id is the Kafka key).
CREATE TABLE failed_order_archives (
    id             BIGINT        NOT NULL,
    reservation_id BIGINT        NOT NULL,
    activity_id    BIGINT        NULL,
    user_id        BIGINT        NULL,
    quantity       INT           NULL,
    payload        LONGTEXT      NOT NULL COMMENT 'the original message, verbatim',
    last_error     TEXT          NULL,
    retries        INT           NOT NULL DEFAULT 0,
    status         VARCHAR(16)   NOT NULL DEFAULT 'UNRESOLVED',
    created_at     TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at     TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    resolved_at    TIMESTAMP(3)  NULL DEFAULT NULL,
    resolved_by    VARCHAR(64)   NULL COMMENT 'admin username, or system when an automatic retry resolved it',
    version        BIGINT        NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    CONSTRAINT uk_failed_order_archives_reservation UNIQUE (reservation_id),
    KEY idx_failed_order_archives_status_created (status, created_at),
    KEY idx_failed_order_archives_activity (activity_id, status),
    CONSTRAINT ck_failed_order_archives_quantity CHECK (quantity IS NULL OR quantity > 0),
    CONSTRAINT ck_failed_order_archives_retries CHECK (retries >= 0),
    CONSTRAINT ck_failed_order_archives_status CHECK (status IN ('UNRESOLVED', 'RETRYING', 'RESOLVED', 'ROLLED_BACK')),
    CONSTRAINT ck_failed_order_archives_final_has_resolved_at
        CHECK (status IN ('UNRESOLVED', 'RETRYING') OR resolved_at IS NOT NULL)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
