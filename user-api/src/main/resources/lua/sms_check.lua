-- Checks a presented SMS code. A right code is consumed (one use); each wrong one counts, and the code dies at
-- the limit, so that even the right code is refused afterwards.
-- KEYS[1] code hash {code, wrong}; ARGV[1] presented code, ARGV[2] wrong tries that kill the code
-- Returns 1 right (consumed) | 2 wrong | 0 no live code
local code = redis.call('HGET', KEYS[1], 'code')
if not code then
  return 0
end
if code == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
if redis.call('HINCRBY', KEYS[1], 'wrong', 1) >= tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[1])
end
return 2
