-- Prepended to every Bookit script when it is loaded (see LuaScript.java).
-- Per event, all keys share the hash tag {ev:ID}, so a script's keys live in one Redis Cluster slot:
--   meta   hash    status, salesStart and salesEnd (epoch ms), maxPerOrder, maxPerUser (0 = none),
--                  ver (version of the seat state)
--   seats  string  one byte a seat, in layout order: '0' free, '1' held, '2' sold
--   ga     hash    SECTION -> available, SECTION:cap -> capacity, SECTION:sold -> sold
--   exp    zset    hold id -> expiry (epoch ms): the sweeper's index
--   hold   hash    user, state, mode, seats (indices), section, count, expires[, heldUntil]
--   users  hash    user -> places they hold or bought (live holds, claimed holds and paid orders), for maxPerUser
-- Every change bumps meta.ver and publishes one JSON message on the event's feed channel, in the same step,
-- so the feed's version order is the order of the changes. The feed channel carries the event's hash tag too.
-- FEED_PUBLISH, defined in front of this file by the app for the scripts that publish (seating/FeedPubSub), is
-- PUBLISH on one Redis and SPUBLISH on a Redis Cluster: sharded pub/sub, where a message stays on the shard that
-- owns the event's slot instead of being copied to every node of the cluster.
local FREE, HELD, SOLD = '0', '1', '2'
local RETAIN_MS = 3600000 -- keep a finished hold readable for an hour (for clear answers), then let Redis drop it

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function publish(channel, message)
  redis.call(FEED_PUBLISH, channel, cjson.encode(message))
end

-- changes: { [status char] = {seat index, ...} }, areas: { [section] = available }
local function publish_change(meta, channel, changes, areas)
  local version = redis.call('HINCRBY', meta, 'ver', 1)
  local message = { v = version }
  if next(changes) then message.seats = changes end
  if next(areas) then message.ga = areas end
  publish(channel, message)
  return version
end

local function append(list, value)
  list[#list + 1] = value
end

-- Adds delta (negative to take away) to the places a user holds or bought; a user at zero leaves the hash.
local function count_places(users, user, delta)
  if redis.call('HINCRBY', users, user, delta) <= 0 then redis.call('HDEL', users, user) end
end

-- Gives a hold's places back: seats still HELD become FREE (a seat sold meanwhile stays sold), GA count returns,
-- and the places no longer count against the holder's cap.
local function free_hold(seats, ga, users, expiry, hold, hold_id, final_state, changes, areas)
  local h = redis.call('HMGET', hold, 'mode', 'seats', 'section', 'count', 'user')
  count_places(users, h[5], -tonumber(h[4]))
  if h[1] == 'ga' then
    areas[h[3]] = redis.call('HINCRBY', ga, h[3], tonumber(h[4]))
  elseif h[2] then
    local freed = changes[FREE] or {}
    for index in string.gmatch(h[2], '%d+') do
      local i = tonumber(index)
      if redis.call('GETRANGE', seats, i, i) == HELD then
        redis.call('SETRANGE', seats, i, FREE)
        append(freed, i)
      end
    end
    if #freed > 0 then changes[FREE] = freed end
  end
  redis.call('HSET', hold, 'state', final_state)
  redis.call('ZREM', expiry, hold_id)
end

-- Part of the hold script's answer: the seat indices as a flat list.
local function block(first, count)
  local seats = {}
  for i = 0, count - 1 do append(seats, first + i) end
  return seats
end

-- Places on sale right now: free seats plus what the general-admission areas have left. A seat is one byte and
-- '0' (0x30) has two bits set where '1' and '2' (0x31, 0x32) have three, so free seats = 3 * seats - bits set.
local function available_places(seats, ga)
  local free = 3 * redis.call('STRLEN', seats) - redis.call('BITCOUNT', seats)
  local areas = redis.call('HGETALL', ga)
  for i = 1, #areas, 2 do
    if not string.find(areas[i], ':', 1, true) then free = free + tonumber(areas[i + 1]) end
  end
  return free
end

-- A waiting room's admitted shopper leaves (session over, order placed, gone): the slot is free for the next one.
local function leave_room(admitted, fresh, gone, user, why)
  redis.call('ZREM', admitted, user)
  redis.call('SREM', fresh, user)
  redis.call('HSET', gone, user, why)
end
