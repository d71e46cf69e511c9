-- TCC cancel of the reservation branch: a PENDING or PREPARED reservation is rolled back - its units return to
-- `available`, the buyer may try again, and the record keeps state FAILED with the reason the buyer is shown.
-- Exactly once; an unknown reservation is an empty rollback (nothing to release).
-- KEYS[1] stock hash  KEYS[2] buyers hash  KEYS[3] pending zset  KEYS[4] reservation hash
-- ARGV    reservation id, reason, seconds to keep the FAILED record
-- returns 1 released now, 0 nothing to release, -1 already confirmed (an order exists: not for this script)
local state = redis.call('HGET', KEYS[4], 'state')
if state == 'CONFIRMED' then
  return -1
end
if state ~= 'PENDING' and state ~= 'PREPARED' then
  return 0
end
local user = redis.call('HGET', KEYS[4], 'user')
local qty = tonumber(redis.call('HGET', KEYS[4], 'qty'))
redis.call('HINCRBY', KEYS[1], 'available', qty)
redis.call('HINCRBY', KEYS[1], 'pending', -qty)
if redis.call('HGET', KEYS[2], user) == ARGV[1] then
  redis.call('HDEL', KEYS[2], user)
end
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[4], 'state', 'FAILED', 'reason', ARGV[2])
redis.call('EXPIRE', KEYS[4], tonumber(ARGV[3]))
return 1
