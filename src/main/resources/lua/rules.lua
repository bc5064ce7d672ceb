-- Updates an event's sale rules if its state is loaded (otherwise the next load reads them from PostgreSQL). A new
-- status or sales window changes what the seat map says (onSale, salesEndAt): live maps take a fresh snapshot.
-- KEYS: meta    ARGV: channel, status, salesStart, salesEnd, maxPerOrder, maxPerUser (0 = none)
local meta, channel = KEYS[1], ARGV[1]
if redis.call('EXISTS', meta) == 0 then return 0 end
local old = redis.call('HMGET', meta, 'status', 'salesStart', 'salesEnd')
redis.call('HSET', meta, 'status', ARGV[2], 'salesStart', ARGV[3], 'salesEnd', ARGV[4], 'maxPerOrder', ARGV[5],
  'maxPerUser', ARGV[6])
if old[1] ~= ARGV[2] or old[2] ~= ARGV[3] or old[3] ~= ARGV[4] then
  publish(channel, { v = redis.call('HINCRBY', meta, 'ver', 1), reset = true })
end
return 1
