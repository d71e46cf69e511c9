-- A release Redis cannot take (it holds no CONFIRMED reservation: its data was lost) used to be retried every
-- round, forever, with a warning each time. next_attempt_at spaces those retries out (doubling up to 10 min);
-- a release refused because Redis is away stays due at once, so an outage still ends with a prompt release.
ALTER TABLE pending_redis_releases
    ADD COLUMN next_attempt_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) AFTER attempts,
    ADD KEY idx_pending_redis_releases_due (next_attempt_at);
