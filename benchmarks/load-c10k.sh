#!/usr/bin/env bash
# Ten thousand connections on two event loops: the demo app with -Xmx256m and
# -Dreactor.netty.ioWorkerCount=2 on a fresh database; IDLE keep-alive connections plus SUBSCRIBERS
# /api/live clients, then a burst of uploads whose readings every subscriber must receive.
# Prints each figure BENCHMARKS.md quotes ("Flow control at scale"). About 1-2 minutes; bounded at 5.
#
#   benchmarks/load-c10k.sh                 build, run (8,000 idle + 2,000 live)
#   benchmarks/load-c10k.sh --skip-build    reuse the jars
#
# Environment: PG* (127.0.0.1 5432 postgres), PORT (8080), IDLE (8000), SUBSCRIBERS (2000),
# POSTS (10), PER_POST (10), SOURCE_ADDRESSES (4), DEMO_JAVA_OPTS (-Xmx256m
# -Dreactor.netty.ioWorkerCount=2), JAVA (the newest JDK found), RESULTS
# (benchmarks/target/load-results/c10k-<time>). Tool settings: C10kLoad's Javadoc.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RESULTS=${RESULTS:-$ROOT/benchmarks/target/load-results/c10k-$(date +%Y%m%d-%H%M%S)}
DEMO_DB=${DEMO_DB:-sluice_load_c10k}
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
export IDLE=${IDLE:-8000} SUBSCRIBERS=${SUBSCRIBERS:-2000}
API_TOKEN=${API_TOKEN:-load-token}

# Both the demo and the load tool hold one file per connection (and a few hundred more).
raise_open_files $(( (IDLE + SUBSCRIBERS) * 3 / 2 + 1000 ))
$BUILD && build_jars
fresh_database
start_demo "${DEMO_JAVA_OPTS:--Xmx256m -Dreactor.netty.ioWorkerCount=2}" API_TOKEN="$API_TOKEN"

log "opening $((IDLE + SUBSCRIBERS)) connections (results in $RESULTS)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); java: $("$JAVA" -version 2>&1 | head -1)" >"$RESULTS/run.txt"
run_tool 270 io.sluice.bench.load.C10kLoad PORT="$PORT" API_TOKEN="$API_TOKEN"
