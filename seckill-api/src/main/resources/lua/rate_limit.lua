-- Token buckets, all or nothing, in one round trip (DESIGN.md §3 step 3). Each bucket is a hash
-- {tokens, ts}; it refills continuously at its rate up to its capacity. A request takes one token from
-- every bucket, or from none when any is empty; the answer then says how long until that bucket has one.
-- All keys carry the activity's hash tag, so the script runs unchanged on Redis Cluster.
-- KEYS[i]         bucket i
-- ARGV[2i-1, 2i]  capacity, refill per second of bucket i
-- returns {1, 0} when allowed, {0, wait ms} when refused
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tokens = {}
local wait = 0
for i, key in ipairs(KEYS) do
  local capacity = tonumber(ARGV[2 * i - 1])
  local rate = tonumber(ARGV[2 * i])
  local state = redis.call('HMGET', key, 'tokens', 'ts')
  local available = capacity
  if state[1] then
    local elapsed = math.max(0, now - tonumber(state[2]))
    available = math.min(capacity, tonumber(state[1]) + elapsed * rate / 1000)
  end
  tokens[i] = available
  if available < 1 then
    wait = math.max(wait, math.ceil((1 - available) * 1000 / rate))
  end
end
if wait > 0 then
  return {0, wait}
end
for i, key in ipairs(KEYS) do
  local capacity = tonumber(ARGV[2 * i - 1])
  local rate = tonumber(ARGV[2 * i])
  -- Stored as a string: Lua numbers become integers on the way into Redis, and fractions of a token matter.
  redis.call('HSET', key, 'tokens', tostring(tokens[i] - 1), 'ts', now)
  redis.call('PEXPIRE', key, math.ceil(capacity * 1000 / rate) + 1000)
end
return {1, 0}
