-- TCC try of the reservation branch (DESIGN.md §4): PENDING -> PREPARED(txId). Repeating it for the same
-- transaction is a no-op; a reservation already rolled back (FAILED) refuses (anti-hanging); a missing one
-- refuses (it never existed, or was undone before Kafka acknowledged).
-- KEYS[1] reservation hash   ARGV txId
-- returns 0 prepared, 1 already rolled back, 2 no such reservation, 3 in another transaction or confirmed elsewhere
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return 2
end
if state == 'PENDING' then
  redis.call('HSET', KEYS[1], 'state', 'PREPARED', 'tx', ARGV[1])
  return 0
end
if (state == 'PREPARED' or state == 'CONFIRMED') and redis.call('HGET', KEYS[1], 'tx') == ARGV[1] then
  return 0
end
if state == 'FAILED' then
  return 1
end
return 3
