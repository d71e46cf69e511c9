-- Settings order-compensation reads (alert channels, the reconciler's alert threshold).
-- Values are JSON documents (V3); admin-back validates every write per key (SettingRules).

INSERT INTO settings (setting_key, setting_value, description) VALUES
    ('alert.channels', '[{"type":"log","severities":["INFO","WARNING","URGENT"]}]',
     'Where alerts go: [{type: log|wecom|dingtalk|email, severities: [INFO|WARNING|URGENT…], url?, secret?, to?}]'),
    ('reconciler.alert-drift-threshold', '0',
     'The ledger reconciler alerts when an activity''s absolute drift exceeds this many units (0: any drift)');

-- Permissions the code checks are built in: /api/admin/permissions may add custom ones (for roles of the console)
-- and delete those, never a built-in one (an endpoint would then be closed to everyone).
ALTER TABLE rbac_permissions
    ADD COLUMN built_in BOOLEAN NOT NULL DEFAULT FALSE COMMENT 'checked by code; cannot be deleted' AFTER description;
UPDATE rbac_permissions SET built_in = TRUE;
