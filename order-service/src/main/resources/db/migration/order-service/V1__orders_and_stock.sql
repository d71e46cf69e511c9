-- order-service owns seckill_stock and orders (DESIGN.md §2, §7). Conventions: see user-service V1__users.sql.
--
-- No foreign keys to other services' tables (seckill_activities belongs to admin-back, users to user-service):
-- each service migrates on its own schedule, and a cross-service FK would couple their deployments and lock
-- rows of another service's table on every order insert. activity_id / user_id are plain references.

-- The final guard against oversell (DESIGN.md §1.1). order-service changes `sold` only with
--   UPDATE seckill_stock SET sold = sold + ?, version = version + 1 WHERE activity_id = ? AND sold + ? <= total
-- and the CHECK refuses any write that would still oversell (or return more stock than was sold).
-- The row is inserted by admin-back together with its activity (total = activity total_stock, sold = 0);
-- `total` may change only while the activity is not LIVE. In MySQL alone: total = (total - sold) + orders_live.
CREATE TABLE seckill_stock (
    activity_id BIGINT       NOT NULL COMMENT 'seckill_activities.id (admin-back); no cross-service FK',
    total       INT          NOT NULL,
    sold        INT          NOT NULL DEFAULT 0 COMMENT 'quantity held by live orders (PREPARED, AWAITING_PAYMENT, PAID)',
    version     BIGINT       NOT NULL DEFAULT 0,
    created_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (activity_id),
    CONSTRAINT ck_seckill_stock_total CHECK (total BETWEEN 0 AND 1000000),
    CONSTRAINT ck_seckill_stock_sold CHECK (sold >= 0 AND sold <= total)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
  COMMENT = 'MySQL stock ledger per activity; the last guard against oversell';

-- State machine: PREPARED -> AWAITING_PAYMENT -> PAID | CANCELLED. A rolled-back PREPARED row is deleted, which
-- frees the buyer slot; a CANCELLED order keeps it (one order per user per activity, cancelled or not).
-- `price` is the unit seckill price; the amount due is price * quantity.
-- Rules SQL cannot hold here (cross-service): quantity <= the activity's per_user_limit; SUM(quantity) of live
-- orders of an activity = seckill_stock.sold (checked continuously by the ledger reconciler).
CREATE TABLE orders (
    id             BIGINT        NOT NULL,
    reservation_id BIGINT        NOT NULL COMMENT 'the seckill-api reservation: exactly one order per accepted reservation',
    user_id        BIGINT        NOT NULL COMMENT 'users.id (user-service); no cross-service FK',
    activity_id    BIGINT        NOT NULL COMMENT 'seckill_activities.id (admin-back); no cross-service FK',
    quantity       INT           NOT NULL,
    price          DECIMAL(12,2) NOT NULL COMMENT 'unit price',
    status         VARCHAR(24)   NOT NULL DEFAULT 'PREPARED',
    cancel_reason  VARCHAR(64)   NULL COMMENT 'e.g. TIMEOUT, USER',
    tx_id          VARCHAR(64)   NULL COMMENT 'the global transaction (tx_log.tx_id) that created the order',
    fence_token    BIGINT        NULL COMMENT 'RFencedLock token of the last guarded write: WHERE fence_token IS NULL OR fence_token < ?',
    created_at     TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    pay_deadline   TIMESTAMP(3)  NULL DEFAULT NULL,
    paid_at        TIMESTAMP(3)  NULL DEFAULT NULL,
    cancelled_at   TIMESTAMP(3)  NULL DEFAULT NULL,
    updated_at     TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    version        BIGINT        NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    CONSTRAINT uk_orders_reservation UNIQUE (reservation_id),
    -- One order per user per activity (DESIGN.md §1.2); also serves "my orders" (user_id prefix).
    CONSTRAINT uk_orders_user_activity UNIQUE (user_id, activity_id),
    -- admin search by activity / status / time
    KEY idx_orders_activity_status_created (activity_id, status, created_at),
    KEY idx_orders_created (created_at),
    -- unpaid-order timeout scan: WHERE status = 'AWAITING_PAYMENT' AND pay_deadline < ?
    KEY idx_orders_status_deadline (status, pay_deadline),
    KEY idx_orders_tx (tx_id),
    CONSTRAINT ck_orders_quantity CHECK (quantity > 0),
    CONSTRAINT ck_orders_price CHECK (price >= 0),
    CONSTRAINT ck_orders_status CHECK (status IN ('PREPARED', 'AWAITING_PAYMENT', 'PAID', 'CANCELLED')),
    CONSTRAINT ck_orders_awaiting_has_deadline CHECK (status <> 'AWAITING_PAYMENT' OR pay_deadline IS NOT NULL),
    CONSTRAINT ck_orders_paid_has_paid_at CHECK (status <> 'PAID' OR paid_at IS NOT NULL),
    CONSTRAINT ck_orders_cancelled_has_cancelled_at CHECK (status <> 'CANCELLED' OR cancelled_at IS NOT NULL),
    CONSTRAINT ck_orders_paid_or_cancelled CHECK (paid_at IS NULL OR cancelled_at IS NULL)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
