#!/usr/bin/env bash
# Organizer views benchmark: packages the app if needed, starts it on its own port, database and Redis db, seeds
# TICKETS tickets through SQL, times the endpoints, stops the app.
# Rebuild first (./mvnw package -DskipTests) when the code changed since the last build.
# Parameters (environment): PORT=8096 (management interface: PORT+1000) DB=bookit_bench_org REDIS_DB=7 TICKETS=50000
# RUNS=200 WARMUP=30 CSV_RUNS=5
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
PORT=${PORT:-8096} DB=${DB:-bookit_bench_org} REDIS_DB=${REDIS_DB:-7}
TICKETS=${TICKETS:-50000} RUNS=${RUNS:-200} WARMUP=${WARMUP:-30} CSV_RUNS=${CSV_RUNS:-5}

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
    || createdb -h 127.0.0.1 -U postgres "$DB"

bench_production_settings
MANAGEMENT_PORT=$((PORT + 1000))
java -Dquarkus.http.port="$PORT" -Dquarkus.management.port="$MANAGEMENT_PORT" \
     -Dquarkus.datasource.reactive.url="postgresql://127.0.0.1:5432/$DB" \
     -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$DB" \
     -Dquarkus.redis.hosts="redis://127.0.0.1:6379/$REDIS_DB" \
     -Dbookit.mail.enabled=false \
     -jar target/quarkus-app/quarkus-run.jar > target/bench-organizer-app.log 2>&1 &
APP=$!
trap 'kill "$APP" 2>/dev/null; wait "$APP" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/q/health/live" > /dev/null && break
    sleep 1
done
java bench/organizer/OrganizerBench.java "http://127.0.0.1:$PORT" "$DB" "$REDIS_DB" "$TICKETS" "$RUNS" "$WARMUP" "$CSV_RUNS"
