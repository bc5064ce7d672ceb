#!/usr/bin/env bash
# The realistic flash sale (Gatling, bench/gatling) against the packaged app, with the CPU each process spends per
# sold seat read from /proc. See docs/BENCHMARKS.md.
#
#   bench/sale.sh                         build, then run the sale against target/quarkus-app
#   bench/sale.sh A_DIR B_DIR             A/B: the packaged apps in A_DIR and B_DIR (each holds quarkus-run.jar),
#                                         run alternately (A B A B ...), BENCH_ROUNDS times each, in the same run
#
# Parameters (environment variables, default):
#   BENCH_PORT=8085                 app port (BENCH_MANAGEMENT_PORT, default BENCH_PORT+1000: health)
#   BENCH_PG_DB=bookit_bench        PostgreSQL database (created when missing; each sale makes its own event)
#   BENCH_REDIS_DB=5                Redis database number
#   BENCH_RABBITMQ_VHOST=/          RabbitMQ virtual host of the app
#   BENCH_ROUNDS=1                  sales per app (each after its own warm-up sale, in a freshly started app)
#   BENCH_BUYERS=1500 BENCH_CONCURRENCY=64 BENCH_ROWS=40 BENCH_SEATS_PER_ROW=50
#   BENCH_ARRIVALS_PER_SECOND=0     above 0: the measured sale is an open model, a buyer arriving at this rate
#   BENCH_WARMUP_SALES=8            sales before the measured one, so that the JIT has compiled the sale's code
#   BENCH_SKIP_BUILD=0              1: use target/quarkus-app as it is (single-app form only)
#   BENCH_OUT=target/bench/sale     results: one directory per sale (Gatling's HTML report, CSVs, result), summary.md
#
# The app runs as in production (bench/lib.sh) with two changes a load test needs: per-address rate limits lifted
# (every buyer comes from 127.0.0.1, as if from many addresses; per-user limits stay on) and bcrypt cost 4 for
# the set-up's 3,000 registrations (logins are not part of the measured sale).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${BENCH_PORT:-8085}
export BENCH_PG_DB=${BENCH_PG_DB:-bookit_bench}
export BENCH_REDIS_DB=${BENCH_REDIS_DB:-5}
ROUNDS=${BENCH_ROUNDS:-1}
OUT=${BENCH_OUT:-target/bench/sale}
mkdir -p "$OUT"

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_services "$BENCH_PG_DB"
bench_port_free "$PORT"

if [ $# -eq 0 ]; then
  bench_build
  set -- target/quarkus-app
fi

LIFTED=()
for call in REGISTER LOGIN HOLDS ORDERS; do
  LIFTED+=("BOOKIT_RATE_LIMITS_${call}_PER_ADDRESS_CAPACITY=1000000" "BOOKIT_RATE_LIMITS_${call}_PER_ADDRESS_PER_MINUTE=1000000")
done
LIFTED+=(BOOKIT_RATE_LIMITS_LOGIN_PER_USER_AND_ADDRESS_CAPACITY=1000000 BOOKIT_RATE_LIMITS_LOGIN_PER_USER_AND_ADDRESS_PER_MINUTE=1000000)
REDIS_PID=$(pgrep -o -x redis-server || true)
RABBIT_PID=$(pgrep -o -x beam.smp || true)

run_sale() { # DIR LABEL
  local dir=$1 label=$2 out="$OUT/$2"
  rm -rf "$out" && mkdir -p "$out"
  BENCH_APP_JAR="$dir/quarkus-run.jar" bench_start_app "$PORT" "$BENCH_PG_DB" "$BENCH_REDIS_DB" "$out/app.log" \
    "${LIFTED[@]}" BOOKIT_AUTH_BCRYPT_COST=4
  # the resident memory of the idle app just after the start
  local started rss
  rss=$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$BENCH_APP_PID/status")
  ./mvnw -B -q -o -f bench/gatling/pom.xml gatling:test -Dgatling.simulationClass=bookit.FlashSaleSimulation \
    -DbaseUrl="http://127.0.0.1:$PORT" -DappPid="$BENCH_APP_PID" -DredisPid="$REDIS_PID" -DrabbitPid="$RABBIT_PID" -DpgDb="$BENCH_PG_DB" \
    -Dbuyers="${BENCH_BUYERS:-1500}" -Dconcurrency="${BENCH_CONCURRENCY:-64}" -Drows="${BENCH_ROWS:-40}" \
    -DseatsPerRow="${BENCH_SEATS_PER_ROW:-50}" -DwarmupSales="${BENCH_WARMUP_SALES:-8}" \
    -DarrivalsPerSecond="${BENCH_ARRIVALS_PER_SECOND:-0}" -Dout="$PWD/$out" > "$out/gatling.log" 2>&1 || true
  local rss_after
  # start time as Quarkus reports it (its log line may follow the first health answer: read it now)
  started=$(sed -n 's/.* started in \([0-9.]*\)s.*/\1/p' "$out/app.log" | head -1)
  rss_after=$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$BENCH_APP_PID/status" 2>/dev/null || echo "?")
  bench_stop_app
  BENCH_STARTED_PID=""
  local event
  event=$(sed -n 's/^eventId=//p' "$out/sale-result.properties" 2>/dev/null || true)
  if [ -z "$event" ]; then
    echo "$label: the sale did not complete; see $out/gatling.log and $out/app.log" >&2
    return
  fi
  # No seat sold twice: PostgreSQL's tickets of the event against the seats the buyers were confirmed.
  psql -h 127.0.0.1 -U postgres -d "$BENCH_PG_DB" -tA -F' ' -c \
    "SELECT count(*), count(DISTINCT seat_id) FROM ticket WHERE event_id = '$event' AND status <> 'VOID'" |
    { read -r tickets distinct; printf 'tickets=%s\ndistinctSeats=%s\n' "$tickets" "$distinct"; } >> "$out/sale-result.properties"
  printf 'startSeconds=%s\nidleRssMb=%s\nafterSaleRssMb=%s\n' "$started" "$rss" "$rss_after" >> "$out/sale-result.properties"
  mv "$(ls -dt bench/gatling/target/gatling/flashsalesimulation-* | head -1)" "$out/report" 2>/dev/null || true
  java bench/Plot.java "$out" > /dev/null 2>&1 || echo "$label: no plots (see java bench/Plot.java $out)" >&2
  echo "$label: $(tr '\n' ' ' < "$out/sale-result.properties")"
}

LETTERS=(A B C D E F)
for round in $(seq 1 "$ROUNDS"); do
  n=0
  for dir in "$@"; do
    run_sale "$dir" "${LETTERS[$n]}-$round"
    n=$((n + 1))
  done
done
java bench/SaleSummary.java "$OUT" "$@" | tee "$OUT/summary.md"
