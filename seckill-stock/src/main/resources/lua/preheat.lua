-- Loads (or refreshes) an activity's stock and rules into the stock Redis. Never a blind overwrite:
-- available = total - units held by live orders - units held by pending reservations (DESIGN.md §1.4),
-- so a second preheat, or one during the sale, cannot hand out units that are already taken.
-- KEYS[1] stock hash   seckill:{a:<id>}:stock
-- ARGV    total, live order units, start ms, end ms, per-user limit
-- returns {1 = created | 0 = refreshed, available}
local total = tonumber(ARGV[1])
local live = tonumber(ARGV[2])
local pending = tonumber(redis.call('HGET', KEYS[1], 'pending') or '0')
local available = total - live - pending
if available < 0 then
  available = 0
end
local created = redis.call('EXISTS', KEYS[1]) == 0 and 1 or 0
redis.call('HSET', KEYS[1], 'total', total, 'available', available, 'pending', pending,
  'start', ARGV[3], 'end', ARGV[4], 'limit', ARGV[5])
return {created, available}
