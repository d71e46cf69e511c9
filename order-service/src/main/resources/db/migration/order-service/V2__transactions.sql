-- The 2PC/TCC coordinator log, the TCC fence and the transactional outbox (DESIGN.md §4, §9), owned by
-- order-service. tx_id is text: one id format for per-order and per-batch global transactions (and XA xids).

-- MySQL mirror of the Redis coordinator log tx:{id}. The hanging-transaction scanner reads
-- WHERE state IN ('TRYING','PREPARED','COMMITTING','ROLLING_BACK') AND deadline < ?.
-- reservation_id / activity_id / user_id are set for a one-order transaction, NULL for a batch transaction.
CREATE TABLE tx_log (
    tx_id          VARCHAR(64)   NOT NULL,
    state          VARCHAR(16)   NOT NULL DEFAULT 'TRYING',
    reservation_id BIGINT        NULL,
    activity_id    BIGINT        NULL,
    user_id        BIGINT        NULL,
    attempts       INT           NOT NULL DEFAULT 0 COMMENT 'automatic re-drives so far (at most 3, then compensation)',
    created_at     TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at     TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    deadline       TIMESTAMP(3)  NOT NULL COMMENT 'begin + 300 s by default',
    last_error     VARCHAR(2048) NULL,
    version        BIGINT        NOT NULL DEFAULT 0,
    PRIMARY KEY (tx_id),
    KEY idx_tx_log_state_deadline (state, deadline),
    KEY idx_tx_log_reservation (reservation_id),
    KEY idx_tx_log_created (created_at),
    CONSTRAINT ck_tx_log_state CHECK (state IN ('TRYING', 'PREPARED', 'COMMITTING', 'COMMITTED', 'ROLLING_BACK', 'ROLLED_BACK')),
    CONSTRAINT ck_tx_log_attempts CHECK (attempts >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- TCC fence (Seata's tcc_fence_log): one row per (transaction, branch). The primary key makes the fence row the
-- arbiter: try inserts TRIED; cancel without a try inserts SUSPENDED (empty rollback) and a late try then
-- fails on the duplicate key (anti-hanging); confirm/cancel move TRIED -> COMMITTED / ROLLED_BACK with
-- UPDATE ... WHERE status = 'TRIED', so a repeat is a no-op (idempotence).
CREATE TABLE tcc_fence_log (
    tx_id      VARCHAR(64)  NOT NULL,
    branch     VARCHAR(64)  NOT NULL COMMENT 'participant name, e.g. order',
    status     VARCHAR(16)  NOT NULL,
    created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (tx_id, branch),
    KEY idx_tcc_fence_log_status_updated (status, updated_at) COMMENT 'purge of old final rows',
    CONSTRAINT ck_tcc_fence_log_status CHECK (status IN ('TRIED', 'COMMITTED', 'ROLLED_BACK', 'SUSPENDED'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Transactional outbox for seckill.order.events: inserted in the same local transaction as the order change,
-- published by a relay, then marked published_at. payload is the JSON envelope as TEXT + CHECK (JSON_VALID),
-- so the relay publishes the exact bytes that were written (a MySQL JSON column would re-serialise them).
CREATE TABLE outbox_events (
    id             BIGINT        NOT NULL COMMENT 'time-ordered: publication order',
    aggregate_type VARCHAR(64)   NOT NULL COMMENT 'e.g. order',
    aggregate_id   VARCHAR(64)   NOT NULL,
    event_type     VARCHAR(64)   NOT NULL,
    topic          VARCHAR(249)  NOT NULL COMMENT 'Kafka topic names are at most 249 characters',
    message_key    VARCHAR(255)  NULL,
    payload        LONGTEXT      NOT NULL,
    created_at     TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    published_at   TIMESTAMP(3)  NULL DEFAULT NULL,
    attempts       INT           NOT NULL DEFAULT 0,
    last_error     VARCHAR(2048) NULL,
    PRIMARY KEY (id),
    -- the relay's scan: WHERE published_at IS NULL ORDER BY id (neither server has partial indexes)
    KEY idx_outbox_events_unpublished (published_at, id),
    KEY idx_outbox_events_aggregate (aggregate_type, aggregate_id),
    CONSTRAINT ck_outbox_events_payload_json CHECK (JSON_VALID(payload)),
    CONSTRAINT ck_outbox_events_attempts CHECK (attempts >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
