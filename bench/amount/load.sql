-- Loads the benchmark ledger into a schema the host has migrated.
-- A year of hourly postpay charges for two tenants: bench-tenant on 10 orders (87,600 rows) and bench-large on
-- 1,000 orders (8,760,000 rows); and 6,200 other users with 1,000 hourly rows each (6,200,000 rows): 15,047,600
-- rows, made by INSERT ... SELECT from MariaDB's sequence engine: no client round trips. The daily rollups are left
-- empty: run.sh fills them with the host's own backfill command (rollups backfill), as an upgrade would.
SET SESSION unique_checks = 0;
SET SESSION foreign_key_checks = 0;

INSERT INTO DF_PLAN_DETAILS (PLAN_ID, BEGIN_TIME, NAME, DETAILS)
VALUES ('bench-p', '2024-01-01 00:00:00', 'Bench postpay',
        '{"serviceId":"mysql","description":"","unit":"instance","monthlyPrice":null,"hourlyPrice":0.05,"onSale":true}');

INSERT INTO DF_PURCHASE_ORDER (ORDER_ID, TYPE, USER, SERVICE_ID, SERVICE_QUANTITIES, PLAN_ID, BEGIN_TIME, END_TIME, STATUS,
                               AUTO_RENEW, PAID_MONTHS, CHARGED_UNTIL, ROW_VERSION, CREATED_AT, UPDATED_AT)
SELECT CONCAT('bt', LPAD(seq, 30, '0')), 'postpay', 'bench-tenant', 'mysql', 1, 'bench-p', '2025-01-01 00:00:00', NULL, 'active',
       0, 0, '2026-01-01 00:00:00', 0, '2025-01-01 00:00:00', '2025-01-01 00:00:00'
FROM seq_1_to_10;

INSERT INTO DF_PURCHASE_ORDER (ORDER_ID, TYPE, USER, SERVICE_ID, SERVICE_QUANTITIES, PLAN_ID, BEGIN_TIME, END_TIME, STATUS,
                               AUTO_RENEW, PAID_MONTHS, CHARGED_UNTIL, ROW_VERSION, CREATED_AT, UPDATED_AT)
SELECT CONCAT('bl', LPAD(seq, 30, '0')), 'postpay', 'bench-large', 'mysql', 1, 'bench-p', '2025-01-01 00:00:00', NULL, 'active',
       0, 0, '2026-01-01 00:00:00', 0, '2025-01-01 00:00:00', '2025-01-01 00:00:00'
FROM seq_1_to_1000;

INSERT INTO DF_PURCHASE_ORDER (ORDER_ID, TYPE, USER, SERVICE_ID, SERVICE_QUANTITIES, PLAN_ID, BEGIN_TIME, END_TIME, STATUS,
                               AUTO_RENEW, PAID_MONTHS, CHARGED_UNTIL, ROW_VERSION, CREATED_AT, UPDATED_AT)
SELECT CONCAT('ot', LPAD(seq, 30, '0')), 'postpay', CONCAT('other-', seq), 'mysql', 1, 'bench-p', '2025-01-01 00:00:00',
       '2025-02-11 16:00:00', 'cancelled', 0, 0, '2025-02-11 16:00:00', 1, '2025-01-01 00:00:00', '2025-02-11 16:00:00'
FROM seq_1_to_6200;

INSERT INTO DF_USAGE_HISTORY (ORDER_ID, USER, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS)
SELECT CONCAT('bt', LPAD(o.seq, 30, '0')), 'bench-tenant', 'usage',
       '2025-01-01 00:00:00' + INTERVAL h.seq HOUR, '2025-01-01 00:00:00' + INTERVAL (h.seq + 1) HOUR, 0.0500,
       '{"planId":"bench-p","serviceId":"mysql","versionBeginTime":"2024-01-01T00:00:00Z","unitPrice":0.05,"quantity":1}'
FROM seq_1_to_10 o CROSS JOIN seq_0_to_8759 h;

-- bench-large in ten statements of 100 orders (876,000 rows each): moderate transactions.
INSERT INTO DF_USAGE_HISTORY (ORDER_ID, USER, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS)
SELECT CONCAT('bl', LPAD(o.seq, 30, '0')), 'bench-large', 'usage',
       '2025-01-01 00:00:00' + INTERVAL h.seq HOUR, '2025-01-01 00:00:00' + INTERVAL (h.seq + 1) HOUR, 0.0500,
       '{"planId":"bench-p","serviceId":"mysql","versionBeginTime":"2024-01-01T00:00:00Z","unitPrice":0.05,"quantity":1}'
FROM seq_1_to_100 o CROSS JOIN seq_0_to_8759 h;
INSERT INTO DF_USAGE_HISTORY (ORDER_ID, USER, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS)
SELECT CONCAT('bl', LPAD(o.seq, 30, '0')), 'bench-large', 'usage',
       '2025-01-01 00:00:00' + INTERVAL h.seq HOUR, '2025-01-01 00:00:00' + INTERVAL (h.seq + 1) HOUR, 0.0500,
       '{"planId":"bench-p","serviceId":"mysql","versionBeginTime":"2024-01-01T00:00:00Z","unitPrice":0.05,"quantity":1}'
FROM seq_101_to_200 o CROSS JOIN seq_0_to_8759 h;
INSERT INTO DF_USAGE_HISTORY (ORDER_ID, USER, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS)
SELECT CONCAT('bl', LPAD(o.seq, 30, '0')), 'bench-large', 'usage',
       '2025-01-01 00:00:00' + INTERVAL h.seq HOUR, '2025-01-01 00:00:00' + INTERVAL (h.seq + 1) HOUR, 0.0500,
       '{"planId":"bench-p","serviceId":"mysql","versionBeginTime":"2024-01-01T00:00:00Z","unitPrice":0.05,"quantity":1}'
FROM seq_201_to_300 o CROSS JOIN seq_0_to_8759 h;
INSERT INTO DF_USAGE_HISTORY (ORDER_ID, USER, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS)
SELECT CONCAT('bl', LPAD(o.seq, 30, '0')), 'bench-large', 'usage',
       '2025-01-01 00:00:00' + INTERVAL h.seq HOUR, '2025-01-01 00:00:00' + INTERVAL (h.seq + 1) HOUR, 0.0500,
       '{"planId":"bench-p","serviceId":"mysql","versionBeginTime":"2024-01-01T00:00:00Z","unitPrice":0.05,"quantity":1}'
FROM seq_301_to_400 o CROSS JOIN seq_0_to_8759 h;
INSERT INTO DF_USAGE_HISTORY (ORDER_ID, USER, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS)
SELECT CONCAT('bl', LPAD(o.seq, 30, '0')), 'bench-large', 'usage',
       '2025-01-01 00:00:00' + INTERVAL h.seq HOUR, '2025-01-01 00:00:00' + INTERVAL (h.seq + 1) HOUR, 0.0500,
       '{"planId":"bench-p","serviceId":"mysql","versionBeginTime":"2024-01-01T00:00:00Z","unitPrice":0.05,"quantity":1}'
FROM seq_401_to_500 o CROSS JOIN seq_0_to_8759 h;
INSERT INTO DF_USAGE_HISTORY (ORDER_ID, USER, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS)
SELECT CONCAT('bl', LPAD(o.seq, 30, '0')), 'bench-large', 'usage',
       '2025-01-01 00:00:00' + INTERVAL h.seq HOUR, '2025-01-01 00:00:00' + INTERVAL (h.seq + 1) HOUR, 0.0500,
       '{"planId":"bench-p","serviceId":"mysql","versionBeginTime":"2024-01-01T00:00:00Z","unitPrice":0.05,"quantity":1}'
FROM seq_501_to_600 o CROSS JOIN seq_0_to_8759 h;
INSERT INTO DF_USAGE_HISTORY (ORDER_ID, USER, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS)
SELECT CONCAT('bl', LPAD(o.seq, 30, '0')), 'bench-large', 'usage',
       '2025-01-01 00:00:00' + INTERVAL h.seq HOUR, '2025-01-01 00:00:00' + INTERVAL (h.seq + 1) HOUR, 0.0500,
       '{"planId":"bench-p","serviceId":"mysql","versionBeginTime":"2024-01-01T00:00:00Z","unitPrice":0.05,"quantity":1}'
FROM seq_601_to_700 o CROSS JOIN seq_0_to_8759 h;
INSERT INTO DF_USAGE_HISTORY (ORDER_ID, USER, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS)
SELECT CONCAT('bl', LPAD(o.seq, 30, '0')), 'bench-large', 'usage',
       '2025-01-01 00:00:00' + INTERVAL h.seq HOUR, '2025-01-01 00:00:00' + INTERVAL (h.seq + 1) HOUR, 0.0500,
       '{"planId":"bench-p","serviceId":"mysql","versionBeginTime":"2024-01-01T00:00:00Z","unitPrice":0.05,"quantity":1}'
FROM seq_701_to_800 o CROSS JOIN seq_0_to_8759 h;
INSERT INTO DF_USAGE_HISTORY (ORDER_ID, USER, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS)
SELECT CONCAT('bl', LPAD(o.seq, 30, '0')), 'bench-large', 'usage',
       '2025-01-01 00:00:00' + INTERVAL h.seq HOUR, '2025-01-01 00:00:00' + INTERVAL (h.seq + 1) HOUR, 0.0500,
       '{"planId":"bench-p","serviceId":"mysql","versionBeginTime":"2024-01-01T00:00:00Z","unitPrice":0.05,"quantity":1}'
FROM seq_801_to_900 o CROSS JOIN seq_0_to_8759 h;
INSERT INTO DF_USAGE_HISTORY (ORDER_ID, USER, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS)
SELECT CONCAT('bl', LPAD(o.seq, 30, '0')), 'bench-large', 'usage',
       '2025-01-01 00:00:00' + INTERVAL h.seq HOUR, '2025-01-01 00:00:00' + INTERVAL (h.seq + 1) HOUR, 0.0500,
       '{"planId":"bench-p","serviceId":"mysql","versionBeginTime":"2024-01-01T00:00:00Z","unitPrice":0.05,"quantity":1}'
FROM seq_901_to_1000 o CROSS JOIN seq_0_to_8759 h;

INSERT INTO DF_USAGE_HISTORY (ORDER_ID, USER, KIND, BEGIN_TIME, END_TIME, PAYMENT, ORDER_DETAILS)
SELECT CONCAT('ot', LPAD(o.seq, 30, '0')), CONCAT('other-', o.seq), 'usage',
       '2025-01-01 00:00:00' + INTERVAL h.seq HOUR, '2025-01-01 00:00:00' + INTERVAL (h.seq + 1) HOUR, 0.0500,
       '{"planId":"bench-p","serviceId":"mysql","versionBeginTime":"2024-01-01T00:00:00Z","unitPrice":0.05,"quantity":1}'
FROM seq_1_to_6200 o CROSS JOIN seq_0_to_999 h;

ANALYZE TABLE DF_USAGE_HISTORY, DF_PURCHASE_ORDER;
SELECT COUNT(*) AS usage_rows FROM DF_USAGE_HISTORY;
