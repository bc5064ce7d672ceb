#!/usr/bin/env bash
# Waiting-room benchmark (issue 7; see docs/BENCHMARKS.md, section "Waiting room"). Runs on the machine itself.
#
#   bench/waiting-room.sh   build, start the packaged app on :8087 with rate limits ON, run bench/WaitingRoomBench.java
#                           (compiled with bench/BenchSupport.java and bench/AsyncLoad.java), write
#                           target/waiting-room-report.md, stop the app.
#
# Parameters (environment variables, default):
#   BENCH_PORT=8087                   app port; BENCH_BASE_URL=http://127.0.0.1:$BENCH_PORT
#   BENCH_MANAGEMENT_PORT=9087        the app's management interface (health, metrics): BENCH_PORT + 1000
#   BENCH_PG_DB=bookit_bench_wr       PostgreSQL database (created when missing)
#   BENCH_REDIS_DB=6                  Redis database number
#   BENCH_RABBITMQ_VHOST=/            RabbitMQ virtual host of the app (its queues are durable and named: isolate runs)
#   BENCH_JOINERS=10000               accounts that join the queue before sales start and poll until admitted
#   BENCH_ADMISSIONS_PER_MINUTE=6000  the room's admissionsPerMinute (10,000 joiners: about 100 s)
#   BENCH_POLL_WORKERS=32             connections the joiners' polls share (each joiner polls when its answer advises)
#   BENCH_CLIENTS=32                  closed-model clients measuring the max hold rate
#   BENCH_CROWD_WARMUP_RATE=3000      the crowd's requests a second in the warm-up (another event, 500 other accounts),
#                                     in 5-s rounds until the JIT compiler threads of app and driver used < 5 % of a core
#   BENCH_CROWD_WARMUP_ROUNDS=24      at most that many rounds
#   BENCH_WARMUP_SECONDS=20           hold+release then hold+order warm-up after the crowd's
#   BENCH_SECONDS=15                  length of each measured phase (max hold rate, baseline, spike, after)
#   BENCH_SHOP_RATE=20                admitted shoppers' hold(2 seats)+order a second, the same with and without crowd
#   BENCH_CROWD=500                   accounts of the crowd (not admitted: join, poll, hold without a token)
#   BENCH_CROWD_PER_ADDRESS=10        crowd accounts sharing one client address (X-Forwarded-For)
#   BENCH_SPIKE_FACTOR=5              crowd request rate as a multiple of the max hold rate
#   BENCH_SPIKE_RATE=                 a fixed crowd request rate instead (the same load for an A/B of two builds)
#   BENCH_ROWS=500 BENCH_SEATS_PER_ROW=60   the event (30,000 seats: enough for 10,000 admissions at 2 a shopper)
#   BENCH_SKIP_BUILD=0                1: use the jar in target/quarkus-app as it is
#   BENCH_REPORT=target/waiting-room-report.md
#
# Rate limits stay at application.properties' values for holds, orders and queue joins; only the set-up calls
# (register, login: 10,000 accounts from one driver) get a limit per address that set-up cannot reach. Every simulated
# person has its own client address through X-Forwarded-For (the app trusts it from 127.0.0.1 here, as from a proxy in
# front of it; docs/OPERATIONS.md); bcrypt cost
# 4 keeps the set-up short (no login is measured).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${BENCH_PORT:-8087}
export BENCH_BASE_URL=${BENCH_BASE_URL:-http://127.0.0.1:$PORT}
export BENCH_PG_DB=${BENCH_PG_DB:-bookit_bench_wr}
export BENCH_REDIS_DB=${BENCH_REDIS_DB:-6}
export BENCH_ROWS=${BENCH_ROWS:-500}
export BENCH_SEATS_PER_ROW=${BENCH_SEATS_PER_ROW:-60}
export BENCH_COMMAND=${BENCH_COMMAND:-bench/waiting-room.sh}
mkdir -p target

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_services "$BENCH_PG_DB"
bench_port_free "$PORT"
bench_build
bench_start_app "$PORT" "$BENCH_PG_DB" "$BENCH_REDIS_DB" target/waiting-room-app.log \
  BOOKIT_RATE_LIMITS_ENABLED=true \
  BOOKIT_RATE_LIMITS_REGISTER_PER_ADDRESS_CAPACITY=1000000 BOOKIT_RATE_LIMITS_REGISTER_PER_ADDRESS_PER_MINUTE=1000000 \
  BOOKIT_RATE_LIMITS_LOGIN_PER_ADDRESS_CAPACITY=1000000 BOOKIT_RATE_LIMITS_LOGIN_PER_ADDRESS_PER_MINUTE=1000000 \
  QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED=true \
  QUARKUS_HTTP_PROXY_TRUSTED_PROXIES=127.0.0.1 \
  BOOKIT_AUTH_BCRYPT_COST=4

mkdir -p target/bench
javac -nowarn -d target/bench bench/BenchSupport.java bench/AsyncLoad.java bench/WaitingRoomBench.java
java -Xss512k -Xmx1g -cp target/bench WaitingRoomBench
echo "Report: ${BENCH_REPORT:-target/waiting-room-report.md}"
