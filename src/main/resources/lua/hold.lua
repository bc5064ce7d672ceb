-- Places one hold, all or nothing.
-- KEYS: meta, seats, ga, exp, hold, then the waiting room's wr, wr:active and wr:fresh, then users
-- ARGV: channel, holdId, userId, ttlMs, mode ('seats' | 'ga' | 'best'), count, section ('' when none),
--       admission (the caller's admission token as checked by the app: 'ok' or why not),
--       then for 'seats' the seat indices, for 'best' (start, length) of each candidate row in preference order.
-- Answers {'OK', expiresAt, version, index...} or {'NOT_LOADED'} | {'NOT_ON_SALE', status} |
-- {'SALES_NOT_STARTED', salesStart} | {'SALES_ENDED', salesEnd} | {'ADMISSION_REQUIRED', why} | {'TOO_MANY', max} |
-- {'SEAT_LIMIT', maxPerUser, heldOrBought} | {'UNAVAILABLE', busy index... | available}.
local meta, seats, ga, expiry, hold = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local room, admitted, fresh, users = KEYS[6], KEYS[7], KEYS[8], KEYS[9]
local channel, hold_id, user, ttl, mode = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
local count, section, admission = tonumber(ARGV[6]), ARGV[7], ARGV[8]
local DATA = 9

-- Best available: a contiguous block in the earliest row that leaves no single orphan seat, nearest the row's
-- centre; else any contiguous block; else the free seats nearest the front and the centres of their rows.
local function best_available()
  local rows, fallback = {}, nil
  for i = DATA, #ARGV, 2 do
    local start, length = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
    local row = redis.call('GETRANGE', seats, start, start + length - 1)
    append(rows, { start, row })
    local centre, best, best_score, from = (length - count) / 2, nil, nil, 1
    while true do
      local a, b = string.find(row, '0+', from)
      if not a then break end
      for p = a, b - count + 1 do
        local score = math.abs(p - 1 - centre)
        if p - a == 1 or b - (p + count - 1) == 1 then score = score + 1000000 end
        if not best_score or score < best_score then best, best_score = p, score end
      end
      from = b + 1
    end
    if best then
      if best_score < 1000000 then return block(start + best - 1, count) end
      fallback = fallback or (start + best - 1)
    end
  end
  if fallback then return block(fallback, count) end
  local picked = {}
  for _, r in ipairs(rows) do
    local start, row = r[1], r[2]
    local centre, free, from = (#row + 1) / 2, {}, 1
    while true do
      local a = string.find(row, FREE, from, true)
      if not a then break end
      append(free, a)
      from = a + 1
    end
    table.sort(free, function(x, y) return math.abs(x - centre) < math.abs(y - centre) end)
    for _, p in ipairs(free) do
      append(picked, start + p - 1)
      if #picked == count then
        table.sort(picked)
        return picked
      end
    end
  end
  return nil
end

local rules = redis.call('HMGET', meta, 'status', 'salesStart', 'maxPerOrder', 'maxPerUser', 'salesEnd')
if not rules[1] or not rules[5] then return { 'NOT_LOADED' } end
if rules[1] ~= 'ON_SALE' then return { 'NOT_ON_SALE', rules[1] } end
local now = now_ms()
if now < tonumber(rules[2]) then return { 'SALES_NOT_STARTED', rules[2] } end
if now >= tonumber(rules[5]) then return { 'SALES_ENDED', rules[5] } end
local queued = redis.call('HGET', room, 'enabled') == '1'
if queued then
  -- behind a waiting room, only an admitted shopper whose session is still running may hold
  if admission ~= 'ok' then return { 'ADMISSION_REQUIRED', admission } end
  local session_end = redis.call('ZSCORE', admitted, user)
  if not session_end or tonumber(session_end) <= now then return { 'ADMISSION_REQUIRED', 'ended' } end
end
if count > tonumber(rules[3]) then return { 'TOO_MANY', rules[3] } end
-- the per-user cap counts every place the user holds or bought at this event (counted even without a cap, so a cap
-- set later sees what is held already)
local per_user = tonumber(rules[4] or '0')
local mine = tonumber(redis.call('HGET', users, user) or '0')
if per_user > 0 and mine + count > per_user then return { 'SEAT_LIMIT', per_user, mine } end

local taken, changes, areas = {}, {}, {}
if mode == 'ga' then
  local available = tonumber(redis.call('HGET', ga, section) or '0')
  if available < count then return { 'UNAVAILABLE', available } end
  areas[section] = redis.call('HINCRBY', ga, section, -count)
else
  if mode == 'seats' then
    local busy = {}
    for i = DATA, #ARGV do
      local index = tonumber(ARGV[i])
      if redis.call('GETRANGE', seats, index, index) ~= FREE then append(busy, index) end
      append(taken, index)
    end
    if #busy > 0 then return { 'UNAVAILABLE', unpack(busy) } end
  else
    taken = best_available()
    if not taken then return { 'UNAVAILABLE' } end
  end
  for _, index in ipairs(taken) do redis.call('SETRANGE', seats, index, HELD) end
  changes[HELD] = taken
end

local expires = now + ttl
redis.call('HSET', hold, 'user', user, 'state', 'HELD', 'mode', mode, 'seats', table.concat(taken, ','),
  'section', section, 'count', count, 'expires', expires)
redis.call('PEXPIRE', hold, ttl + RETAIN_MS)
redis.call('ZADD', expiry, expires, hold_id)
count_places(users, user, count)
if queued and redis.call('SREM', fresh, user) == 1 then
  -- an admitted shopper's first hold: what shoppers take, for the admission of the next ones
  redis.call('HINCRBY', room, 'firstHolds', 1)
  redis.call('HINCRBY', room, 'firstSeats', count)
end
local version = publish_change(meta, channel, changes, areas)
return { 'OK', expires, version, unpack(taken) }
