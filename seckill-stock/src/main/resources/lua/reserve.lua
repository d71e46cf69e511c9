-- The seckill attempt, atomic on the stock Redis (DESIGN.md §3 step 5): consume the one-time path token,
-- check the window, the per-user limit and the buyer's earlier reservation, take the units and record the
-- reservation in the pending ledger. All keys share the {a:<id>} hash tag: one cluster slot.
-- KEYS[1] stock hash  KEYS[2] buyers hash  KEYS[3] pending zset  KEYS[4] reservation hash  KEYS[5] path token
-- ARGV    user id, quantity, now ms, reservation id, path token
-- returns {code, available}: 0 OK, 1 BAD_PATH, 2 NOT_PRELOADED, 3 NOT_STARTED, 4 ENDED, 5 LIMIT,
--                            6 DUPLICATE, 7 SOLD_OUT
local user, qty, now, rid = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]

local path = redis.call('GET', KEYS[5])
if not path or path ~= ARGV[5] then
  return {1, -1}
end
redis.call('DEL', KEYS[5])

local stock = redis.call('HMGET', KEYS[1], 'available', 'start', 'end', 'limit')
if not stock[1] then
  return {2, -1}
end
local available = tonumber(stock[1])
if now < tonumber(stock[2]) then
  return {3, available}
end
if now >= tonumber(stock[3]) then
  return {4, available}
end
if qty > tonumber(stock[4]) then
  return {5, available}
end
if redis.call('HEXISTS', KEYS[2], user) == 1 then
  return {6, available}
end
if available < qty then
  return {7, available}
end

available = redis.call('HINCRBY', KEYS[1], 'available', -qty)
redis.call('HINCRBY', KEYS[1], 'pending', qty)
redis.call('HSET', KEYS[2], user, rid)
redis.call('ZADD', KEYS[3], now, rid)
redis.call('HSET', KEYS[4], 'user', user, 'qty', qty, 'ts', now, 'state', 'PENDING')
return {0, available}
