-- Takes back a PENDING reservation that never reached Kafka (DESIGN.md §3 step 6): the units go back, the
-- buyer may try again, the ledger entry disappears. Exactly once: a second call, or a call for a reservation
-- already handed to the order pipeline, changes nothing.
-- KEYS[1] stock hash  KEYS[2] buyers hash  KEYS[3] pending zset  KEYS[4] reservation hash
-- ARGV    reservation id
-- returns 1 when undone, 0 when there was nothing to undo
local state = redis.call('HGET', KEYS[4], 'state')
if state ~= 'PENDING' then
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
redis.call('DEL', KEYS[4])
return 1
