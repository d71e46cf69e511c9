-- A confirmed order was cancelled (by its buyer or by the payment timeout): its units go back to `available`,
-- exactly once, and the buyer's slot stays taken (one order per user and activity, cancelled or not).
-- KEYS[1] stock hash  KEYS[2] reservation hash
-- returns 1 released now, 0 already released, 2 the activity is not in Redis at all, -1 no confirmed
-- reservation to release
-- 2: Redis lost the activity's keys (a restart or failover without its data): there is no `available` to add to,
-- and the preheat that brings the activity back rebuilds it from MySQL, where the cancelled units already are.
-- Creating a stock hash here would be a partial one the preheat could not tell from a live sale.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 2
end
local state = redis.call('HGET', KEYS[2], 'state')
if state == 'CANCELLED' then
  return 0
end
if state ~= 'CONFIRMED' then
  return -1
end
local qty = tonumber(redis.call('HGET', KEYS[2], 'qty'))
redis.call('HINCRBY', KEYS[1], 'available', qty)
redis.call('HSET', KEYS[2], 'state', 'CANCELLED')
return 1
