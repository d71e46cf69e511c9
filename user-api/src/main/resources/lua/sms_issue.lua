-- Issues an SMS code for one mobile, if its limits allow (all keys share the {<mobile>} hash tag: one slot).
-- KEYS[1] cooldown marker, KEYS[2] hourly counter, KEYS[3] code hash {code, wrong}
-- ARGV[1] cooldown ms, ARGV[2] max codes per window, ARGV[3] window ms, ARGV[4] code, ARGV[5] code ttl ms
-- Returns {0, 0} issued | {1, retry-after ms} cooling down | {2, retry-after ms} hourly limit reached
local cooling = redis.call('PTTL', KEYS[1])
if cooling > 0 then
  return {1, cooling}
end
local sent = tonumber(redis.call('GET', KEYS[2]) or '0')
if sent >= tonumber(ARGV[2]) then
  local left = redis.call('PTTL', KEYS[2])
  if left < 0 then left = tonumber(ARGV[3]) end
  return {2, left}
end
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
if redis.call('INCR', KEYS[2]) == 1 then
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
redis.call('DEL', KEYS[3])
redis.call('HSET', KEYS[3], 'code', ARGV[4], 'wrong', 0)
redis.call('PEXPIRE', KEYS[3], ARGV[5])
return {0, 0}
