-- Writes an event's waiting-room settings, keeping its queue and admission state.
-- KEYS: wr    ARGV: enabled ('1' | '0'), admissionsPerMinute, maxActiveShoppers, sessionMs, opensAt (epoch ms)
redis.call('HSET', KEYS[1], 'enabled', ARGV[1], 'rate', ARGV[2], 'max', ARGV[3], 'session', ARGV[4],
  'opensAt', ARGV[5])
return 1
