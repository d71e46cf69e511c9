-- Catalogue: products and seckill activities, owned and written by admin-back (DESIGN.md §2, §7).
-- seckill-api and order-service read activities (cache loads, reporting); they never write them.
-- The activity's stock row `seckill_stock` belongs to order-service (its V1); admin-back inserts it with the
-- activity, in the same local transaction, and afterwards only order-service changes `sold`.

CREATE TABLE products (
    id             BIGINT        NOT NULL,
    name           VARCHAR(128)  NOT NULL,
    description    TEXT          NULL,
    image_url      VARCHAR(512)  NULL,
    original_price DECIMAL(12,2) NOT NULL,
    status         VARCHAR(16)   NOT NULL DEFAULT 'ACTIVE' COMMENT 'ARCHIVED products stay for the activities that reference them',
    created_at     TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at     TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    version        BIGINT        NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY idx_products_status_created (status, created_at),
    CONSTRAINT ck_products_name CHECK (CHAR_LENGTH(TRIM(name)) > 0),
    CONSTRAINT ck_products_original_price CHECK (original_price >= 0),
    CONSTRAINT ck_products_status CHECK (status IN ('ACTIVE', 'ARCHIVED'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Status lifecycle: DRAFT -> SCHEDULED (preheated, visible as upcoming) -> LIVE -> ENDED; DRAFT/SCHEDULED -> CANCELLED.
-- Rules SQL cannot hold across tables, enforced by admin-back: seckill_price <= the product's original_price;
-- total_stock may change only while not LIVE, together with seckill_stock.total.
CREATE TABLE seckill_activities (
    id             BIGINT        NOT NULL,
    product_id     BIGINT        NOT NULL,
    title          VARCHAR(128)  NOT NULL,
    seckill_price  DECIMAL(12,2) NOT NULL,
    total_stock    INT           NOT NULL,
    per_user_limit INT           NOT NULL DEFAULT 1,
    status         VARCHAR(16)   NOT NULL DEFAULT 'DRAFT',
    created_at     TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at     TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    start_time     TIMESTAMP(3)  NOT NULL,
    end_time       TIMESTAMP(3)  NOT NULL,
    version        BIGINT        NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    -- "live and upcoming": WHERE status IN ('SCHEDULED','LIVE') AND end_time > now ORDER BY start_time
    KEY idx_seckill_activities_status_start (status, start_time),
    -- schedulers: activities to open (SCHEDULED by start_time) and to close (LIVE by end_time)
    KEY idx_seckill_activities_status_end (status, end_time),
    KEY idx_seckill_activities_product (product_id),
    CONSTRAINT fk_seckill_activities_product FOREIGN KEY (product_id) REFERENCES products (id),
    CONSTRAINT ck_seckill_activities_title CHECK (CHAR_LENGTH(TRIM(title)) > 0),
    CONSTRAINT ck_seckill_activities_price CHECK (seckill_price >= 0),
    CONSTRAINT ck_seckill_activities_total_stock CHECK (total_stock BETWEEN 1 AND 1000000),
    CONSTRAINT ck_seckill_activities_per_user_limit CHECK (per_user_limit >= 1 AND per_user_limit <= total_stock),
    CONSTRAINT ck_seckill_activities_window CHECK (end_time > start_time),
    CONSTRAINT ck_seckill_activities_status CHECK (status IN ('DRAFT', 'SCHEDULED', 'LIVE', 'ENDED', 'CANCELLED'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
