-- A confirmed order was cancelled (by its buyer or by the payment timeout): its units go back to `available`,
-- exactly once, and the buyer's slot stays taken (one order per user and activity, cancelled or not).
-- KEYS[1] stock hash  KEYS[2] reservation hash
-- returns 1 released now, 0 already released, -1 no confirmed reservation to release
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
