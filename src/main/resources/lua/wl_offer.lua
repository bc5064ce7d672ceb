-- Offers what is free or held spare to the waiting list (after a script ran out of offer holds, after a rebuild, and
-- now and then from the app's waitlist job); spare places nobody waits for go back on sale.
-- KEYS: meta, seats, ga, exp, users, wl, wl:e, wl:spare, wl:log, rows, then one key per offer hold id
-- ARGV: channel, then the offer hold ids
-- Answers {'OK', more}.
local meta, seats, ga, expiry, users = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local wl, entries, spare, log, rows = KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10]
local FIRST_OFFER = 11
local channel = ARGV[1]
if redis.call('EXISTS', meta) == 0 then return { 'OK', 0 } end
local changes, areas = {}, {}
local more = wl_offer(meta, seats, ga, expiry, users, wl, entries, spare, log, rows, FIRST_OFFER,
  { unpack(ARGV, 2) }, changes, areas, { seats = {}, ga = {} })
settle(seats, ga, changes, areas)
if next(changes) or next(areas) then publish_change(meta, channel, changes, areas) end
return { 'OK', more }
