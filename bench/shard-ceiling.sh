#!/usr/bin/env bash
# The ceiling of one event's hold rate (docs/SCALING.md): an event's keys live in one Redis Cluster slot, so every hold
# of the event runs on one shard's one core. Starts a Redis Cluster node of its own (all 16384 slots, so the slot
# checks of cluster mode run) with nothing else on it, builds an event's state with init.lua, and runs hold.lua by
# EVALSHA with redis-benchmark exactly as the app loads it on a cluster (FEED_PUBLISH = SPUBLISH), while
# SUBSCRIBERS connections SSUBSCRIBE to the event's feed (one per app instance). Reports calls/s and, less
# sensitive to a shared machine, the Redis server's CPU time per call: 1 s / that = the ceiling on one core.
#
# Parameters (environment variables) and defaults:
#   SHARD_PORT=18550          port of the Redis node it starts (and stops)
#   SHARD_CALLS=200000        redis-benchmark calls per scenario
#   SHARD_CLIENTS=50          redis-benchmark connections
#   SHARD_PIPELINE="1 16"     pipeline depths to run (1: one call per round trip; 16: what a busy pooled client does)
#   SHARD_SUBSCRIBERS=4       SSUBSCRIBE connections on the feed during the run (app instances)
# Scenarios: "ga" holds 1 place of a 1,000,000,000-place general-admission area; "seat" holds 1 random seat of
# 1,000,000 (almost never taken twice, so the full write path runs).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${SHARD_PORT:-18550}
CALLS=${SHARD_CALLS:-200000}
CLIENTS=${SHARD_CLIENTS:-50}
PIPELINES=${SHARD_PIPELINE:-1 16}
SUBSCRIBERS=${SHARD_SUBSCRIBERS:-4}
DIR=target/shard-ceiling
rm -rf "$DIR" && mkdir -p "$DIR"

redis-server --port "$PORT" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file nodes.conf --save "" \
  --appendonly no --dir "$DIR" --logfile redis.log --daemonize no &
REDIS_PID=$!
SUBSCRIBER_PIDS=()
cleanup() {
  for pid in "${SUBSCRIBER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  kill "$REDIS_PID" 2>/dev/null || true
}
trap cleanup EXIT
cli() { redis-cli -p "$PORT" "$@"; }
until cli PING 2>/dev/null | grep -q PONG; do sleep 0.1; done
cli CLUSTER ADDSLOTSRANGE 0 16383 > /dev/null
until cli CLUSTER INFO | grep -q cluster_state:ok; do sleep 0.1; done

TAG='bk:{ev:bench}:'
script() { printf "local FEED_PUBLISH = 'SPUBLISH'\n"; cat src/main/resources/lua/lib.lua; printf '\n'; cat "src/main/resources/lua/$1.lua"; }
# the state as the app builds it: 1,000,000 seats, one GA area PIT, on sale with no end in sight
script init | cli -x SCRIPT LOAD > "$DIR/init.sha"
cli EVALSHA "$(cat "$DIR/init.sha")" 5 "${TAG}meta" "${TAG}seats" "${TAG}ga" "${TAG}exp" "${TAG}users" \
  "${TAG}feed" ON_SALE 0 9999999999999 10 0 1000000 0 0 PIT 1000000000 0 > /dev/null
HOLD=$(script hold | cli -x SCRIPT LOAD)
for ((i = 0; i < SUBSCRIBERS; i++)); do
  cli SSUBSCRIBE "${TAG}feed" > /dev/null &
  SUBSCRIBER_PIDS+=($!)
done
sleep 0.5

cpu_ticks() { awk '{print $14 + $15}' "/proc/$REDIS_PID/stat"; }
TICK=$(getconf CLK_TCK)
echo "one Redis node (cluster mode), hold.lua by EVALSHA, $CALLS calls, $CLIENTS clients, $SUBSCRIBERS feed subscribers"
echo "scenario | pipeline | calls/s | p50 ms | redis CPU us/call | ceiling holds/s on one core"
for scenario in ga seat; do
  # ARGV after channel, hold id, user, ttl and mode: count, section, admission, then seat indices
  if [[ $scenario == ga ]]; then
    MODE=ga ARGS=(1 PIT ok)
  else
    MODE=seats ARGS=(1 "" ok __rand_int__)
  fi
  for pipeline in $PIPELINES; do
    before=$(cpu_ticks)
    csv=$(redis-benchmark -p "$PORT" -c "$CLIENTS" -n "$CALLS" -P "$pipeline" -r 1000000 --csv \
      EVALSHA "$HOLD" 9 "${TAG}meta" "${TAG}seats" "${TAG}ga" "${TAG}exp" "${TAG}hold:__rand_int__" "${TAG}wr" \
      "${TAG}wr:active" "${TAG}wr:fresh" "${TAG}users" \
      "${TAG}feed" "h__rand_int__" "u__rand_int__" 600000 "$MODE" "${ARGS[@]}")
    after=$(cpu_ticks)
    line=$(echo "$csv" | tail -1 | tr -d '"')
    rps=$(echo "$line" | cut -d, -f2)
    p50=$(echo "$line" | cut -d, -f5)
    us=$(awk -v t=$((after - before)) -v hz="$TICK" -v n="$CALLS" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}')
    ceiling=$(awk -v us="$us" 'BEGIN {printf "%.0f", 1e6 / us}')
    echo "$scenario | $pipeline | $rps | $p50 | $us | $ceiling"
  done
done
# every call placed a hold (a random seat taken twice answers UNAVAILABLE: a few in a million)
echo "holds placed: $(cli ZCARD "${TAG}exp") (distinct hold ids; GA places taken: $((1000000000 - $(cli HGET "${TAG}ga" PIT))))"
echo "error replies: $(cli INFO errorstats | grep errorstat_ || echo none)"
