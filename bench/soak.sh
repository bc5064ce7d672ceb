#!/usr/bin/env bash
# The soak run (issue 21; docs/BENCHMARKS.md, "Soak"): SoakSimulation's mixed traffic (browse, hold, release, order,
# live map) for BENCH_SOAK_MINUTES against the packaged app, with the app's resident memory and its heap after a full
# GC sampled every minute (jcmd GC.run, then the GC log's "Pause Full ... A->B" line). Growth is what this looks for:
# the machine is shared, so the latencies are upper bounds.
#
#   bench/soak.sh                   build (unless BENCH_SKIP_BUILD=1), then soak a copy of target/quarkus-app
#   BENCH_APP_DIR=DIR bench/soak.sh soak a copy of the packaged app in DIR (no build)
#
# Parameters (environment variables, default):
#   BENCH_PORT=8087 BENCH_PG_DB=bookit_bench_soak BENCH_REDIS_DB=12 BENCH_RABBITMQ_VHOST=/   (see bench/lib.sh)
#   BENCH_SOAK_MINUTES=20 BENCH_SOAK_RATE=40 (shoppers arriving per second) BENCH_SOAK_LIVE=40 (live map sockets)
#   BENCH_APP_JAVA_OPTS=-Xmx512m    the app's heap bound (fixed, so that "heap after GC" compares across runs)
#   BENCH_OUT=target/bench/soak     results: app.log, gc.log, memory.csv, soak-minutes.csv, soak-requests.csv, summary.txt
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${BENCH_PORT:-8087}
export BENCH_PG_DB=${BENCH_PG_DB:-bookit_bench_soak}
export BENCH_REDIS_DB=${BENCH_REDIS_DB:-12}
MINUTES=${BENCH_SOAK_MINUTES:-20}
OUT=${BENCH_OUT:-target/bench/soak}
rm -rf "$OUT" && mkdir -p "$OUT"

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_services "$BENCH_PG_DB"
bench_port_free "$PORT"
APP_DIR=${BENCH_APP_DIR:-target/quarkus-app}
[ -n "${BENCH_APP_DIR:-}" ] || bench_build
# a copy: a build during the soak must not change the classes under the running app
rm -rf target/soak-app && cp -r "$APP_DIR" target/soak-app

LIFTED=()
for call in REGISTER LOGIN HOLDS ORDERS; do
  LIFTED+=("BOOKIT_RATE_LIMITS_${call}_PER_ADDRESS_CAPACITY=1000000" "BOOKIT_RATE_LIMITS_${call}_PER_ADDRESS_PER_MINUTE=1000000")
done
LIFTED+=(BOOKIT_RATE_LIMITS_LOGIN_PER_USER_AND_ADDRESS_CAPACITY=1000000 BOOKIT_RATE_LIMITS_LOGIN_PER_USER_AND_ADDRESS_PER_MINUTE=1000000)

BENCH_APP_JAR=target/soak-app/quarkus-run.jar \
  BENCH_APP_JAVA_OPTS="${BENCH_APP_JAVA_OPTS:--Xmx512m} -Xlog:gc:file=$OUT/gc.log" \
  bench_start_app "$PORT" "$BENCH_PG_DB" "$BENCH_REDIS_DB" "$OUT/app.log" "${LIFTED[@]}" BOOKIT_AUTH_BCRYPT_COST=4

# minute, RSS (MB), heap after a full GC (MB), app CPU seconds so far
sample() {
  jcmd "$BENCH_APP_PID" GC.run > /dev/null 2>&1 || true
  sleep 1
  local rss heap ticks
  rss=$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$BENCH_APP_PID/status" 2>/dev/null || true)
  heap=$( (grep 'Pause Full' "$OUT/gc.log" || true) | tail -1 | sed -n 's/.*->\([0-9]*\)M.*/\1/p')
  ticks=$(awk '{print $14 + $15}' "/proc/$BENCH_APP_PID/stat" 2>/dev/null || echo 0)
  echo "$1,$rss,$heap,$((ticks / 100))" >> "$OUT/memory.csv"
}
echo "minute,rss_mb,heap_after_full_gc_mb,app_cpu_s" > "$OUT/memory.csv"
sample start
( minute=0
  while kill -0 "$BENCH_APP_PID" 2>/dev/null; do sleep 60; minute=$((minute + 1)); sample "$minute"; done ) &
SAMPLER=$!

./mvnw -B -q -o -f bench/gatling/pom.xml gatling:test -Dgatling.simulationClass=bookit.SoakSimulation \
  -DbaseUrl="http://127.0.0.1:$PORT" -DdurationMinutes="$MINUTES" -DshoppersPerSecond="${BENCH_SOAK_RATE:-40}" \
  -Dlive="${BENCH_SOAK_LIVE:-40}" -Dout="$PWD/$OUT" > "$OUT/gatling.log" 2>&1 || true
sample end
kill "$SAMPLER" 2>/dev/null || true
mv "$(ls -dt bench/gatling/target/gatling/soaksimulation-* | head -1)" "$OUT/report" 2>/dev/null || true
{
  echo "memory (MB) per minute:"; column -s, -t < "$OUT/memory.csv"
  echo; echo "p99 (ms) per minute of hold and order, and errors:"
  grep -E '^[0-9]+,(hold|order),' "$OUT/soak-minutes.csv" | column -s, -t
  echo; grep -c . "$OUT/soak-requests.csv" | sed 's/^/requests: /'
} | tee "$OUT/summary.txt"
