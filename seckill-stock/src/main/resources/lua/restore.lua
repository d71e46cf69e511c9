-- Recovery rebuild (DESIGN.md §6) of what a Redis that lost an activity's data must know from MySQL's orders before
-- the stock hash is back: the buyer slots (one order per user and activity, cancelled or not, so every order's
-- buyer) and the CONFIRMED record of each live order (so a later cancel can return its units exactly once).
-- Run while the stock hash is missing (reserve.lua then answers NOT_PRELOADED), so no attempt races it. Never
-- overwrites: a slot or a record Redis still has is kept.
-- KEYS[1] buyers hash  KEYS[2..n+1] reservation hashes, one per order
-- ARGV    per order: user id, reservation id, order id ('' when the order is not live), quantity
-- returns the buyer slots restored
local restored = 0
for i = 0, #KEYS - 2 do
  local user, rid, order, qty = ARGV[i * 4 + 1], ARGV[i * 4 + 2], ARGV[i * 4 + 3], ARGV[i * 4 + 4]
  restored = restored + redis.call('HSETNX', KEYS[1], user, rid)
  if order ~= '' and redis.call('EXISTS', KEYS[i + 2]) == 0 then
    redis.call('HSET', KEYS[i + 2], 'user', user, 'qty', qty, 'state', 'CONFIRMED', 'orderId', order)
  end
end
return restored
