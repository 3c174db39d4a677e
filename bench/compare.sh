#!/usr/bin/env bash
# Side-by-side benchmark: incidentmap's server against the PostGIS anchor
# (pg_featureserv + a pg_tileserv-style tile server) on the same synthetic
# data, the same request lists and the same load client, from the shared
# bench folder (default ../shared/bench, or $SHARED_BENCH).
#
#   bench/compare.sh [N]            N incidents, default 1000000
#
# Steps: build incidentmap and the shared gen/load tools; generate N
# incidents (gen -n N -seed 1) and import them into a scratch bbolt
# database; run the anchor (run-anchor.sh N 1) unless ANCHOR=0, in which case
# the newest results/anchor-nN-*.jsonl there is reused; then serve our
# database and run, each with a warm-up pass of every list entry once:
#   tiles-filtered points  /tiles/{z}/{x}/{y}.pbf?mode=points&claimant=BLA&from=2020-01-01&to=2024-12-31
#                          (the anchor's rules: all points, <= 10000 a tile, extent 4096, buffer 256), no cache
#   tiles-filtered cluster the same filter, default clustered tiles (incidents layer only), no cache
#   tiles-table points     every incident, anchor rules, no cache
#   features               /ogc/collections/incidents/items?<line of features.txt>
#   tiles-filtered cached  the points-mode list again with the tile cache on
# and print one markdown table of both sides, plus the server's peak RSS.
#
# env: DUR=20s CONNS="2 8" ANCHOR=1 WORK=/tmp/incidentmap-bench PORT=18090
# Not part of `make test`: at N=1,000,000 the whole run takes a long time.
set -euo pipefail

N=${1:-1000000}
DUR=${DUR:-20s}
CONNS=${CONNS:-"2 8"}
ANCHOR=${ANCHOR:-1}
PORT=${PORT:-18090}
REPO=$(cd "$(dirname "$0")/.." && pwd)
SHARED_BENCH=$(cd "${SHARED_BENCH:-$REPO/../shared/bench}" && pwd)
WORK=${WORK:-/tmp/incidentmap-bench}
TAG=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$WORK/results/compare-n$N-$TAG.jsonl
FILTER='claimant=BLA&from=2020-01-01&to=2024-12-31'
mkdir -p "$WORK"/{bin,data,results,logs}
export PATH=$PATH:/usr/local/go/bin

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

SRV_PID=""
stop_server() {
	[ -n "$SRV_PID" ] || return 0
	if kill -0 "$SRV_PID" 2>/dev/null; then
		kill -TERM "$SRV_PID" 2>/dev/null || true
		wait "$SRV_PID" 2>/dev/null || true
	fi
	SRV_PID=""
}
trap stop_server EXIT
trap 'exit 130' INT TERM

log "building incidentmap, gen and load into $WORK/bin"
(cd "$REPO" && go build -o "$WORK/bin/incidentmap" ./cmd/incidentmap)
(cd "$SHARED_BENCH/gen" && go build -o "$WORK/bin/gen" .)
(cd "$SHARED_BENCH/load" && go build -o "$WORK/bin/load" .)
IM=$WORK/bin/incidentmap
LOAD=$WORK/bin/load

DATA=$WORK/data/gen-n$N-seed1.geojsons
DB=$WORK/data/n$N.db
if [ ! -s "$DATA" ]; then
	log "generating $N incidents"
	"$WORK/bin/gen" -n "$N" -seed 1 >"$DATA.tmp" && mv "$DATA.tmp" "$DATA"
fi
if [ ! -s "$DB" ] || [ "$DATA" -nt "$DB" ]; then
	rm -f "$DB" "$DB.tmp"
	log "importing into $DB"
	start=$(date +%s.%N)
	# The generator scatters about 2.4% of its points just outside the province
	# polygon (coarse borders); import refuses those rows, so our side serves
	# the remaining ~97.6%. The table reports the row count.
	"$IM" import --db "$DB.tmp" --no-sync --skip-invalid --format geojsonseq "$DATA" 2>"$WORK/logs/import-$TAG.log" >&2
	mv "$DB.tmp" "$DB"
	log "import took $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
fi

if [ "$ANCHOR" = 1 ]; then
	log "running the anchor (run-anchor.sh $N 1); this takes a while"
	DUR=$DUR CONNS=$CONNS WRK=0 "$SHARED_BENCH/run-anchor.sh" "$N" 1 >&2
fi
ANCHOR_JSONL=$(ls -t "$SHARED_BENCH"/results/anchor-n"$N"-*.jsonl 2>/dev/null | head -1 || true)

start_server() { # extra serve flags
	stop_server
	"$IM" serve --db "$DB" --addr "127.0.0.1:$PORT" --access-log=false --log-format text "$@" \
		2>>"$WORK/logs/serve-$TAG.log" &
	SRV_PID=$!
	for _ in $(seq 1 600); do
		curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && return 0
		sleep 0.1
	done
	log "server did not start; see $WORK/logs/serve-$TAG.log"
	exit 1
}

run() { # label list url
	local label=$1 list=$2 url=$3 c
	"$LOAD" -once -c 2 -list "$list" -url "$url" -label "new $label warm-up (full list once)" -watch "server=$SRV_PID" -json "$OUT"
	for c in $CONNS; do
		"$LOAD" -c "$c" -d "$DUR" -list "$list" -url "$url" -label "new $label" -watch "server=$SRV_PID" -json "$OUT"
	done
}

TILES=$SHARED_BENCH/tiles.txt
FEATURES=$SHARED_BENCH/features.txt
BASE=http://127.0.0.1:$PORT

log "serving $DB without tile cache"
start_server --tile-cache-mb 0
curl -fsS "http://127.0.0.1:$PORT/ogc/collections/incidents/items?limit=1" | sed -E 's/.*"numberMatched":([0-9]+).*/\1/' >"$WORK/logs/rows-$TAG.txt"
run "tiles-filtered points (no cache)" "$TILES" "$BASE/tiles/{}.pbf?mode=points&$FILTER"
run "tiles-filtered cluster (no cache)" "$TILES" "$BASE/tiles/{}.pbf?layers=incidents&$FILTER"
run "tiles-table points (no cache)" "$TILES" "$BASE/tiles/{}.pbf?mode=points"
run "features" "$FEATURES" "$BASE/ogc/collections/incidents/items?{}"
RSS1=$(awk '/VmHWM/{print $2}' "/proc/$SRV_PID/status")

log "serving $DB with the tile cache"
start_server --tile-cache-mb 256
run "tiles-filtered points (cached)" "$TILES" "$BASE/tiles/{}.pbf?mode=points&$FILTER"
RSS2=$(awk '/VmHWM/{print $2}' "/proc/$SRV_PID/status")
stop_server

echo
echo "## incidentmap vs anchor, N=$N, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
if [ -n "$ANCHOR_JSONL" ]; then
	echo "Anchor results: $(basename "$ANCHOR_JSONL")"
	echo
	"$LOAD" -summarize "$ANCHOR_JSONL" | grep -v 'warm-up' || true
	echo
fi
echo "incidentmap results: $OUT ($(cat "$WORK/logs/rows-$TAG.txt") incidents served)"
echo
"$LOAD" -summarize "$OUT"
echo
echo "incidentmap peak RSS: $((RSS1 / 1024)) MiB uncached run, $((RSS2 / 1024)) MiB cached run"
