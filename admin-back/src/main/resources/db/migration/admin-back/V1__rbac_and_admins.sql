-- admin-back owns admin_*, rbac_*, audit_log, products, seckill_activities, settings (DESIGN.md §2, §7).
-- Conventions (ids, TIMESTAMP(3) in UTC, utf8mb4, named CHECKs): see user-service V1__users.sql.
-- No admin account is created here: SuperAdminBootstrap creates the first one with a configured or generated
-- password. A default password in SQL would be a default password in production.

CREATE TABLE rbac_permissions (
    id          BIGINT       NOT NULL,
    code        VARCHAR(64)  NOT NULL COMMENT 'resource:action, the value carried in the admin token perms claim',
    description VARCHAR(255) NOT NULL DEFAULT '',
    PRIMARY KEY (id),
    CONSTRAINT uk_rbac_permissions_code UNIQUE (code),
    CONSTRAINT ck_rbac_permissions_code CHECK (code LIKE '_%:_%')
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
  COMMENT = 'permission catalogue; seeded by migrations only';

CREATE TABLE rbac_roles (
    id          BIGINT       NOT NULL,
    name        VARCHAR(64)  NOT NULL,
    description VARCHAR(255) NOT NULL DEFAULT '',
    built_in    BOOLEAN      NOT NULL DEFAULT FALSE COMMENT 'built-in roles cannot be renamed, edited or deleted',
    created_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    version     BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    CONSTRAINT uk_rbac_roles_name UNIQUE (name),
    CONSTRAINT ck_rbac_roles_name CHECK (CHAR_LENGTH(TRIM(name)) > 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE rbac_role_permissions (
    role_id       BIGINT NOT NULL,
    permission_id BIGINT NOT NULL,
    PRIMARY KEY (role_id, permission_id),
    KEY idx_rbac_role_permissions_permission (permission_id),
    CONSTRAINT fk_rbac_role_permissions_role FOREIGN KEY (role_id) REFERENCES rbac_roles (id) ON DELETE CASCADE,
    CONSTRAINT fk_rbac_role_permissions_permission FOREIGN KEY (permission_id) REFERENCES rbac_permissions (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE admin_users (
    id                   BIGINT       NOT NULL,
    username             VARCHAR(64)  NOT NULL COMMENT 'unique case-insensitively (utf8mb4_unicode_ci)',
    password_hash        VARCHAR(255) NOT NULL COMMENT 'encoded password (bcrypt), never the password',
    display_name         VARCHAR(64)  NOT NULL,
    status               VARCHAR(16)  NOT NULL DEFAULT 'ACTIVE',
    must_change_password BOOLEAN      NOT NULL DEFAULT TRUE COMMENT 'set for generated/reset passwords until the admin changes it',
    created_at           TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at           TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    last_login_at        TIMESTAMP(3) NULL DEFAULT NULL,
    version              BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    CONSTRAINT uk_admin_users_username UNIQUE (username),
    CONSTRAINT ck_admin_users_username CHECK (CHAR_LENGTH(TRIM(username)) > 0),
    CONSTRAINT ck_admin_users_status CHECK (status IN ('ACTIVE', 'DISABLED'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci
  COMMENT = 'back-office accounts; the first one is created by the application, never by SQL';

CREATE TABLE admin_user_roles (
    admin_user_id BIGINT NOT NULL,
    role_id       BIGINT NOT NULL,
    PRIMARY KEY (admin_user_id, role_id),
    KEY idx_admin_user_roles_role (role_id),
    CONSTRAINT fk_admin_user_roles_admin FOREIGN KEY (admin_user_id) REFERENCES admin_users (id) ON DELETE CASCADE,
    CONSTRAINT fk_admin_user_roles_role FOREIGN KEY (role_id) REFERENCES rbac_roles (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Seed: fixed small ids (application ids are time-ordered 64-bit values, far above these).
INSERT INTO rbac_permissions (id, code, description) VALUES
    (1,  'product:read',     'List and view products'),
    (2,  'product:write',    'Create, edit and archive products'),
    (3,  'activity:read',    'List and view seckill activities and their stats'),
    (4,  'activity:write',   'Create, edit, schedule and cancel seckill activities'),
    (5,  'activity:preheat', 'Load an activity''s stock into Redis'),
    (6,  'order:read',       'Search and view orders'),
    (7,  'user:read',        'Search and view customers'),
    (8,  'user:write',       'Disable, enable or blacklist customers'),
    (9,  'archive:read',     'List and view failed-order archives'),
    (10, 'archive:retry',    'Manually retry archived failed orders'),
    (11, 'archive:export',   'Export failed-order archives as CSV'),
    (12, 'tx:read',          'Query distributed transactions'),
    (13, 'tx:rollback',      'Manually roll back a distributed transaction'),
    (14, 'rbac:admin',       'Manage admins, roles and permissions'),
    (15, 'audit:read',       'Read the audit log'),
    (16, 'settings:write',   'Change runtime settings'),
    (17, 'settings:read',    'Read runtime settings');

INSERT INTO rbac_roles (id, name, description, built_in) VALUES
    (1, 'SUPER_ADMIN', 'Every permission; built in', TRUE);

INSERT INTO rbac_role_permissions (role_id, permission_id)
SELECT 1, id FROM rbac_permissions;
