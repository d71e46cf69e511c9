-- Units of a cancelled order still to be returned to Redis (DESIGN.md §4: a cancellation returns the stock to MySQL
-- and Redis). The row is inserted in the same local transaction that cancels the order and gives the units back to
-- seckill_stock, and deleted once release.lua has run; a job retries what is left (Redis was down at cancel time),
-- so the Redis release happens once the outage ends, and exactly once (the script itself is idempotent).
CREATE TABLE pending_redis_releases (
    order_id       BIGINT        NOT NULL,
    activity_id    BIGINT        NOT NULL,
    reservation_id BIGINT        NOT NULL,
    created_at     TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    attempts       INT           NOT NULL DEFAULT 0,
    last_error     VARCHAR(2048) NULL,
    PRIMARY KEY (order_id),
    KEY idx_pending_redis_releases_created (created_at),
    CONSTRAINT ck_pending_redis_releases_attempts CHECK (attempts >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
