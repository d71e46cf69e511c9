-- A cancellation (buyer or payment timeout) is a global transaction of the coordinator (DESIGN.md §6): tx_id names
-- it, so the release job can finish that transaction (COMMITTING → COMMITTED) once Redis has taken the units back.
-- NULL for rows written before cancellations went through the coordinator: those are released on their own.
ALTER TABLE pending_redis_releases
    ADD COLUMN tx_id VARCHAR(64) NULL AFTER reservation_id;
