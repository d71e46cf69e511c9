-- TCC confirm of the reservation branch: PREPARED -> CONFIRMED(orderId). The units leave the pending ledger
-- (they are now held by the order in MySQL); the buyer's slot stays taken. Exactly once.
-- KEYS[1] stock hash  KEYS[2] pending zset  KEYS[3] reservation hash
-- ARGV    reservation id, order id
-- returns 1 confirmed now, 0 already confirmed, -1 not prepared
local state = redis.call('HGET', KEYS[3], 'state')
if state == 'CONFIRMED' then
  return 0
end
if state ~= 'PREPARED' then
  return -1
end
local qty = tonumber(redis.call('HGET', KEYS[3], 'qty'))
redis.call('HINCRBY', KEYS[1], 'pending', -qty)
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[3], 'state', 'CONFIRMED', 'orderId', ARGV[2])
return 1
