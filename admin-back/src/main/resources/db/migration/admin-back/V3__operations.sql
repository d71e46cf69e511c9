-- Runtime settings and the audit log (DESIGN.md §5, §7, §12).

-- Runtime settings changed through /api/admin/settings and picked up without a restart.
-- setting_value is a JSON document kept as TEXT + CHECK (JSON_VALID): the same bytes come back on MariaDB and on
-- MySQL 8 (a MySQL JSON column would re-serialise it).
CREATE TABLE settings (
    setting_key   VARCHAR(128) NOT NULL COMMENT 'dotted name, e.g. compensation.retry-intervals-seconds',
    setting_value TEXT         NOT NULL COMMENT 'JSON document',
    description   VARCHAR(255) NOT NULL DEFAULT '',
    updated_by    VARCHAR(64)  NOT NULL DEFAULT 'system' COMMENT 'admin username, or system for migration defaults',
    updated_at    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    version       BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (setting_key),
    CONSTRAINT ck_settings_value_json CHECK (JSON_VALID(setting_value))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO settings (setting_key, setting_value, description) VALUES
    ('compensation.retry-intervals-seconds', '[10, 30, 60]', 'Delays of the tiered compensation retries (retry-10s/30s/60s topics)'),
    ('compensation.max-retries',             '3',            'DLQ consumer: attempts before a reservation is archived'),
    ('order.payment-window-minutes',         '15',           'AWAITING_PAYMENT orders older than this are cancelled'),
    ('tx.hanging-deadline-seconds',          '300',          'TRYING/PREPARED transactions past this age are rolled back'),
    ('tx.max-auto-attempts',                 '3',            'Automatic re-drives of a hanging transaction before compensation takes it'),
    ('reservation.sweeper-threshold-seconds', '60',          'PENDING reservations older than this with no order are re-published'),
    ('alert.throttle-minutes',               '5',            'Identical alerts within this window are sent once'),
    ('activity.preheat-lead-minutes',        '10',           'Stock is preheated into Redis this long before an activity starts');

-- APPEND-ONLY. Rows are inserted (by every service, for its own admin operations, through the shared kernel)
-- and never updated or deleted by any application code; there is deliberately no version/updated_at column.
-- In production grant the services INSERT and SELECT only on this table.
CREATE TABLE audit_log (
    id             BIGINT       NOT NULL,
    actor_type     VARCHAR(16)  NOT NULL COMMENT 'ADMIN, USER or SYSTEM',
    actor_id       BIGINT       NULL,
    actor_name     VARCHAR(64)  NULL,
    action         VARCHAR(64)  NOT NULL COMMENT 'e.g. ACTIVITY_CREATE, ARCHIVE_RETRY, TX_ROLLBACK, SETTING_UPDATE',
    target_type    VARCHAR(64)  NULL,
    target_id      VARCHAR(128) NULL COMMENT 'text: ids, setting keys and transaction ids alike',
    before_summary TEXT         NULL,
    after_summary  TEXT         NULL,
    client_ip      VARCHAR(45)  NULL COMMENT 'IPv4 or IPv6 text form',
    service        VARCHAR(32)  NOT NULL COMMENT 'the service that performed the operation (DESIGN.md §2 names)',
    created_at     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    KEY idx_audit_log_created (created_at),
    KEY idx_audit_log_actor (actor_type, actor_id, created_at),
    KEY idx_audit_log_target (target_type, target_id, created_at),
    CONSTRAINT ck_audit_log_actor_type CHECK (actor_type IN ('ADMIN', 'USER', 'SYSTEM')),
    CONSTRAINT ck_audit_log_action CHECK (CHAR_LENGTH(TRIM(action)) > 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
  COMMENT = 'append-only audit trail of admin operations; never UPDATE or DELETE';
