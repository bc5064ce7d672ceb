-- Prepended to every Bookit script when it is loaded (see LuaScript.java).
-- Per event, all keys share the hash tag {ev:ID}, so a script's keys live in one Redis Cluster slot:
--   meta   hash    status, salesStart and salesEnd (epoch ms), maxPerOrder, maxPerUser (0 = none),
--                  ver (version of the seat state)
--   seats  string  one byte a seat, in layout order: '0' free, '1' held, '2' sold
--   ga     hash    SECTION -> available, SECTION:cap -> capacity, SECTION:sold -> sold
--   exp    zset    hold id -> expiry (epoch ms): the sweeper's index
--   hold   hash    user, state, mode, seats (indices), section, count, expires[, heldUntil]
--   users  hash    user -> places they hold or bought (live holds, claimed holds and paid orders), for maxPerUser
--   wl     zset    the waiting list: entry id -> position, entries still WAITING (docs/WAITING_LIST.md)
--   wl:e   hash    entry id -> 'user|quantity|section|together(0/1)|passes' of each waiting entry
--   wl:spare hash  places held back for the waiting list (shown HELD, not on sale): seat index -> 1, 'ga:SECTION' -> n
--   wl:log hash... list of what happened to entries in Redis ('OFFERED|entry|hold|expires', 'ENDED|entry|hold|how'),
--                  written to PostgreSQL and mailed by the app (waitlist/WaitlistJob)
--   rows   string  the layout's seated rows, front first: 'SECTION:start:length,...' (for offers)
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
-- and the places no longer count against the holder's cap. A waiting list's offer that ends so is logged.
local function free_hold(seats, ga, users, expiry, hold, hold_id, final_state, changes, areas, log)
  local h = redis.call('HMGET', hold, 'mode', 'seats', 'section', 'count', 'user', 'entry')
  if h[6] then redis.call('RPUSH', log, 'ENDED|' .. h[6] .. '|' .. hold_id .. '|' .. final_state) end
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
  if h[1] == 'ga' then return h[3], tonumber(h[4]) end
  return nil, 0
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

-- The waiting list (docs/WAITING_LIST.md). Places that come back are offered here, in the same script that frees
-- them, before they are on sale: a freed place is either FREE or in an offer hold when the script ends, never both.
local WL_SCAN = 1000 -- entries looked at per offering round (the first ones by position)
local WL_SPARE_FACTOR = 4 -- a blocking entry keeps at most this many times its quantity in spare places

-- 'user|quantity|section|together|passes' -> table
local function wl_entry(id, value)
  local p = {}
  local from = 1
  while true do
    local a = string.find(value, '|', from, true)
    if not a then append(p, string.sub(value, from)) break end
    append(p, string.sub(value, from, a - 1))
    from = a + 1
  end
  return { id = id, user = p[1], qty = tonumber(p[2]), section = p[3], together = p[4] == '1', passes = tonumber(p[5]) }
end

local function wl_encode(e)
  return e.user .. '|' .. e.qty .. '|' .. e.section .. '|' .. (e.together and '1' or '0') .. '|' .. e.passes
end

-- rows: 'SECTION:start:length,...' -> { {section, start, length}, ... }
local function wl_rows(rows_value)
  local rows = {}
  for section, start, length in string.gmatch(rows_value or '', '([^:,]+):(%d+):(%d+)') do
    append(rows, { section = section, start = tonumber(start), length = tonumber(length) })
  end
  return rows
end

-- The places an entry would get now (free places and spare ones), or nil. pool.spare_seats: index -> true,
-- pool.spare_ga: section -> n. Answers {ga = section, count} or {seats = {index...}}.
local function wl_fit(seats, ga, pool, e)
  local function ga_fit(section)
    local free = tonumber(redis.call('HGET', ga, section) or '-1')
    if free < 0 then return nil end
    if free + (pool.spare_ga[section] or 0) >= e.qty then return { ga = section } end
    return nil
  end
  local seated = false
  for _, row in ipairs(pool.rows) do
    if e.section == '' or row.section == e.section then seated = true break end
  end
  if e.section ~= '' and not seated then return ga_fit(e.section) end
  local picked = {}
  for _, row in ipairs(pool.rows) do
    if e.section == '' or row.section == e.section then
      local chars = redis.call('GETRANGE', seats, row.start, row.start + row.length - 1)
      local line = {}
      for p = 1, #chars do
        local c = string.sub(chars, p, p)
        if c == FREE or pool.spare_seats[row.start + p - 1] then line[p] = FREE else line[p] = HELD end
      end
      local text = table.concat(line)
      if e.together then
        local a = string.find(text, string.rep(FREE, e.qty), 1, true)
        if a then return { seats = block(row.start + a - 1, e.qty) } end
      else
        for p = 1, #text do
          if string.sub(text, p, p) == FREE then
            append(picked, row.start + p - 1)
            if #picked == e.qty then return { seats = picked } end
          end
        end
      end
    end
  end
  if e.section == '' then
    local areas = redis.call('HGETALL', ga)
    for i = 1, #areas, 2 do
      if not string.find(areas[i], ':', 1, true) then
        local fit = ga_fit(areas[i])
        if fit then return fit end
      end
    end
  end
  return nil
end

-- Whether the places an entry asks for are on sale right now (free, not counting spare places).
local function wl_on_sale(seats, ga, rows_value, quantity, section, together)
  local pool = { rows = wl_rows(rows_value), spare_seats = {}, spare_ga = {} }
  local e = { qty = quantity, section = section, together = together }
  return wl_fit(seats, ga, pool, e) ~= nil
end

-- Offers what is free or spare to the waiting list, by position among the entries that fit, with at most
-- #offer_ids new holds (their keys are KEYS[first_offer], KEYS[first_offer + 1], ...). An entry that did not fit
-- while someone behind it got an offer was passed over; once passed over max_passes times it blocks the entries
-- behind it: the places just freed in its section are kept as spare (HELD) for it, up to WL_SPARE_FACTOR times
-- its quantity. Without a blocking entry, spare places go back on sale. freed: {seats = {index...}, ga = {sec = n}}.
-- Answers 1 when offer holds ran out before everyone was looked at (the app calls offer.lua for the rest), else 0.
local function wl_offer(meta, seats, ga, expiry, users, wl, entries, spare, log, rows, first_offer, offer_ids,
    changes, areas, freed)
  local m = redis.call('HMGET', meta, 'status', 'salesStart', 'salesEnd', 'maxPerUser', 'wlTtl', 'wlPasses')
  local now = now_ms()
  local selling = m[1] == 'ON_SALE' and m[2] and m[3] and tonumber(m[2]) <= now and now < tonumber(m[3])
  local spare_list = redis.call('HGETALL', spare)
  if #spare_list == 0 and redis.call('ZCARD', wl) == 0 then return 0 end
  local pool = { rows = wl_rows(redis.call('GET', rows)), spare_seats = {}, spare_ga = {} }
  for i = 1, #spare_list, 2 do
    local field, n = spare_list[i], tonumber(spare_list[i + 1])
    if string.sub(field, 1, 3) == 'ga:' then pool.spare_ga[string.sub(field, 4)] = n
    elseif redis.call('GETRANGE', seats, tonumber(field), tonumber(field)) == HELD then
      pool.spare_seats[tonumber(field)] = true -- (a spare seat is always HELD; anything else is not used)
    end
  end
  local ttl, max_passes = tonumber(m[5] or '600000'), tonumber(m[6] or '3')
  local per_user = tonumber(m[4] or '0')
  local seat_changes = changes[HELD] or {}
  local used, more, blocker, skipped, failed = 0, 0, nil, {}, {}
  local ids = selling and redis.call('ZRANGE', wl, 0, WL_SCAN - 1) or {}
  for _, id in ipairs(ids) do
    local value = redis.call('HGET', entries, id)
    if value then
      local e = wl_entry(id, value)
      local shape = e.qty .. '|' .. e.section .. '|' .. (e.together and '1' or '0')
      local mine = tonumber(redis.call('HGET', users, e.user) or '0')
      local fit = nil
      if not failed[shape] and not (per_user > 0 and mine + e.qty > per_user) then
        fit = wl_fit(seats, ga, pool, e)
        if not fit then failed[shape] = true end
      end
      if fit and used >= #offer_ids then
        more = 1
        break
      end
      if fit then
        used = used + 1
        local hold, hold_id = KEYS[first_offer + used - 1], offer_ids[used]
        local mode, taken, section = 'seats', {}, ''
        if fit.ga then
          mode, section = 'ga', fit.ga
          local from_spare = math.min(pool.spare_ga[section] or 0, e.qty)
          if from_spare > 0 then
            pool.spare_ga[section] = pool.spare_ga[section] - from_spare
            redis.call('HINCRBY', spare, 'ga:' .. section, -from_spare)
          end
          if e.qty > from_spare then redis.call('HINCRBY', ga, section, -(e.qty - from_spare)) end
          areas[section] = true
        else
          taken = fit.seats
          for _, index in ipairs(taken) do
            if pool.spare_seats[index] then
              pool.spare_seats[index] = nil
              redis.call('HDEL', spare, tostring(index))
            else
              redis.call('SETRANGE', seats, index, HELD)
            end
            append(seat_changes, index)
          end
        end
        local expires = now + ttl
        redis.call('HSET', hold, 'user', e.user, 'state', 'HELD', 'mode', mode, 'seats', table.concat(taken, ','),
          'section', section, 'count', e.qty, 'expires', expires, 'entry', id)
        redis.call('PEXPIRE', hold, ttl + RETAIN_MS)
        redis.call('ZADD', expiry, expires, hold_id)
        count_places(users, e.user, e.qty)
        redis.call('ZREM', wl, id)
        redis.call('HDEL', entries, id)
        redis.call('RPUSH', log, 'OFFERED|' .. id .. '|' .. hold_id .. '|' .. expires)
        for _, s in ipairs(skipped) do
          s.passes = s.passes + 1
          redis.call('HSET', entries, s.id, wl_encode(s))
        end
      else
        if e.passes >= max_passes then
          blocker = e
          break
        end
        append(skipped, e)
      end
    end
  end
  if #seat_changes > 0 then changes[HELD] = seat_changes end
  -- what stays spare: for a blocking entry (or while offers ran out), the places just freed, within its section
  local keep_seats, keep_ga, room = {}, {}, 0
  if blocker then room = WL_SPARE_FACTOR * blocker.qty end
  if more == 1 then room = 1000000000 end
  local function wanted(section)
    return more == 1 or blocker.section == '' or blocker.section == section
  end
  local kept = 0
  for index, _ in pairs(pool.spare_seats) do
    if room > kept then keep_seats[index] = true kept = kept + 1 end
  end
  for section, n in pairs(pool.spare_ga) do
    local k = math.min(n, math.max(0, room - kept))
    if k > 0 then keep_ga[section] = k kept = kept + k end
  end
  if room > kept then
    local row_of = {}
    for _, row in ipairs(pool.rows) do
      for i = row.start, row.start + row.length - 1 do row_of[i] = row.section end
    end
    for _, index in ipairs(freed.seats) do
      if room > kept and not keep_seats[index] and redis.call('GETRANGE', seats, index, index) == FREE
          and wanted(row_of[index]) then
        keep_seats[index] = true
        kept = kept + 1
      end
    end
    for section, n in pairs(freed.ga) do
      if wanted(section) then
        local free = tonumber(redis.call('HGET', ga, section) or '0')
        local k = math.min(n, free, math.max(0, room - kept))
        if k > 0 then
          keep_ga[section] = (keep_ga[section] or 0) + k
          kept = kept + k
        end
      end
    end
  end
  -- apply: spare places not kept go back on sale; kept ones are HELD in the spare
  redis.call('DEL', spare)
  local back = changes[FREE] or {}
  for index, _ in pairs(pool.spare_seats) do
    if not keep_seats[index] then
      redis.call('SETRANGE', seats, index, FREE)
      append(back, index)
    end
  end
  for index, _ in pairs(keep_seats) do
    redis.call('SETRANGE', seats, index, HELD)
    redis.call('HSET', spare, tostring(index), '1')
    append(seat_changes, index)
  end
  local ga_delta = {}
  for section, n in pairs(pool.spare_ga) do ga_delta[section] = n end
  for section, k in pairs(keep_ga) do
    ga_delta[section] = (ga_delta[section] or 0) - k
    redis.call('HSET', spare, 'ga:' .. section, k)
  end
  for section, d in pairs(ga_delta) do
    if d ~= 0 then redis.call('HINCRBY', ga, section, d) end
    areas[section] = true
  end
  if #back > 0 then changes[FREE] = back end
  if #seat_changes > 0 then changes[HELD] = seat_changes end
  return more
end

-- After offering: each touched seat once, under the state it ended in, and the final count of each touched area.
local function settle(seats, ga, changes, areas)
  local seen, final = {}, {}
  for _, list in pairs(changes) do
    for _, index in ipairs(list) do
      if not seen[index] then
        seen[index] = true
        local c = redis.call('GETRANGE', seats, index, index)
        final[c] = final[c] or {}
        append(final[c], index)
      end
    end
  end
  for k in pairs(changes) do changes[k] = nil end
  for c, list in pairs(final) do changes[c] = list end
  for section, _ in pairs(areas) do areas[section] = tonumber(redis.call('HGET', ga, section)) end
end

-- What a script freed, for wl_offer: the seat indices in changes[FREE] and the areas' increments.
local function freed_of(changes, ga_freed)
  local seats = {}
  for _, index in ipairs(changes[FREE] or {}) do append(seats, index) end
  return { seats = seats, ga = ga_freed }
end
