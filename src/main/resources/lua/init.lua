-- Builds an event's seat state from what PostgreSQL says is sold, unless another caller already did.
-- KEYS: meta, seats, ga, exp, users, wl:spare (places held spare for the waiting list: gone with the holds)
-- ARGV: channel, status, salesStart, salesEnd, maxPerOrder, maxPerUser, seatCount, soldCount, buyerCount,
--       sold index x soldCount, (buyer, places bought) x buyerCount,
--       then (section, capacity, sold) for each general-admission area.
-- The version restarts at the current time in ms, above any version served before, and subscribers are told
-- to take a fresh snapshot. A state built by a version of the app whose sales had no end gets salesEnd (the
-- scripts that need it answer NOT_LOADED without it) and is kept as it is.
local meta, seats, ga, expiry, users, spare = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local channel, status, sales_start, sales_end = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local max_per_order, max_per_user = ARGV[5], ARGV[6]
if redis.call('EXISTS', meta) == 1 then
  redis.call('HSETNX', meta, 'salesEnd', sales_end)
  return { 'EXISTS' }
end
local seat_count, sold_count, buyer_count = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
local first_sold = 10
local first_buyer = first_sold + sold_count
local first_area = first_buyer + 2 * buyer_count

redis.call('DEL', seats, ga, expiry, users, spare)
redis.call('SET', seats, string.rep(FREE, seat_count))
for i = first_sold, first_buyer - 1 do redis.call('SETRANGE', seats, tonumber(ARGV[i]), SOLD) end
for i = first_buyer, first_area - 1, 2 do redis.call('HSET', users, ARGV[i], ARGV[i + 1]) end
for i = first_area, #ARGV, 3 do
  local section, capacity, sold = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  redis.call('HSET', ga, section, capacity - sold, section .. ':cap', capacity, section .. ':sold', sold)
end
local version = now_ms()
redis.call('HSET', meta, 'status', status, 'salesStart', sales_start, 'salesEnd', sales_end,
  'maxPerOrder', max_per_order, 'maxPerUser', max_per_user, 'ver', version)
publish(channel, { v = version, reset = true })
return { 'OK', version }
