-- A fixed-window counter: counts one hit unless the window is already full.
-- KEYS[1] counter; ARGV[1] limit, ARGV[2] window ms
-- Returns {1, 0} counted | {0, retry-after ms} full (not counted)
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then
  local left = redis.call('PTTL', KEYS[1])
  if left < 0 then left = tonumber(ARGV[2]) end
  return {0, left}
end
if redis.call('INCR', KEYS[1]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return {1, 0}
