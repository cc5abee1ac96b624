#!/usr/bin/env bash
# Slow readers sharing a small pool: the demo app with DB_POOL_SIZE=8 on a fresh database of ROWS
# readings; READERS clients read GET /api/readings at RATE bytes/s each while STATION_LOOPS loops
# call GET /api/stations/{id}. Prints each figure BENCHMARKS.md quotes ("Flow control at scale").
# About 2 minutes; bounded at 5.
#
#   benchmarks/load-slow-readers.sh                 build, seed, run (200 readers x 64 KiB/s)
#   benchmarks/load-slow-readers.sh --skip-build    reuse the jars
#
# Environment: PG* (127.0.0.1 5432 postgres), PORT (8080), ROWS (1500000), STATIONS (20),
# READERS (200), RATE (65536), WARMUP (15 s), DURATION (45 s), STATION_LOOPS (2),
# DEMO_JAVA_OPTS (-Xmx512m), DEMO_JAR (demo-app/target/sluice-demo.jar), JAVA (the newest JDK found), RESULTS
# (benchmarks/target/load-results/slow-readers-<time>). Tool settings: SlowReadersLoad's Javadoc.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RESULTS=${RESULTS:-$ROOT/benchmarks/target/load-results/slow-readers-$(date +%Y%m%d-%H%M%S)}
DEMO_DB=${DEMO_DB:-sluice_load_readers}
mkdir -p "$RESULTS"
# shellcheck source=benchmarks/load-demo.sh
. "$ROOT/benchmarks/load-demo.sh"
trap stop_demo EXIT

BUILD=true
case "${1:-}" in
  --skip-build) BUILD=false ;;
  -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
  "") ;;
  *) die "unknown argument: $1" ;;
esac
ROWS=${ROWS:-1500000}
STATIONS=${STATIONS:-20}
export READERS=${READERS:-200} STATIONS

raise_open_files 4096
$BUILD && build_jars
fresh_database
start_demo "${DEMO_JAVA_OPTS:--Xmx512m}" DB_POOL_SIZE=8

log "seeding $ROWS readings over $STATIONS stations"
psql -q -v ON_ERROR_STOP=1 -d "$DEMO_DB" <<SQL
INSERT INTO stations (id, name, latitude, longitude)
  SELECT format('st-%s', lpad(s::text, 2, '0')), 'Station ' || s, 45 + s * 0.1, 7 + s * 0.1
  FROM generate_series(1, $STATIONS) s;
INSERT INTO readings (station_id, recorded_at, temperature, humidity, pressure)
  SELECT format('st-%s', lpad((1 + i % $STATIONS)::text, 2, '0')),
         now() - ($ROWS - i) * interval '1 second',
         15 + (i % 100) / 10.0, 40 + i % 30, 1000 + i % 25
  FROM generate_series(1, $ROWS) i;
ANALYZE;
SQL

log "running $READERS slow readers (results in $RESULTS)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); java: $("$JAVA" -version 2>&1 | head -1); rows: $ROWS" \
  >"$RESULTS/run.txt"
run_tool 240 io.sluice.bench.load.SlowReadersLoad BASE_URL="http://127.0.0.1:$PORT"
