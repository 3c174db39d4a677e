#!/usr/bin/env bash
# Side-by-side benchmark: incidentmap against the PostGIS anchor
# (PostgreSQL + PostGIS + pg_featureserv + a pg_tileserv-style tile server),
# in one run, on the same generated file, the same request lists and the same
# load client, all taken from the shared bench folder (../shared/bench next to
# the repository, or $SHARED_BENCH). bench/README.md explains the table.
#
#   bench/compare.sh [N] [REPS]        defaults: 1000000 1
#
# 1. build incidentmap and the shared gen and load tools;
# 2. generate N incidents once (gen -n N -seed 1) where the anchor's own setup
#    looks for them, so both sides load the very same bytes;
# 3. run the anchor (run-anchor.sh N REPS; it installs PostgreSQL/PostGIS with
#    apt when missing) and keep its JSON lines;
# 4. import the file into a fresh bbolt database (timed), serve it on a free
#    loopback port and run the workloads below with -watch server=PID;
# 5. print one markdown table (anchor, ours, ratio, bar, pass/fail) and save
#    it with the raw JSON lines under $BENCH_WORK/results (and the table under
#    bench/results/ when SAVE=1).
#
# env: REPS=1 DUR=20s CONNS="2 8" BENCH_WORK=/tmp/incidentmap-bench
#      ANCHOR=1 (0: reuse the newest anchor-nN-*.jsonl in $BENCH_WORK/results)
#      PAIRED=0 (1: load PostGIS with the anchor's setup script, keep both
#      stacks up and alternate anchor and ours run by run instead of running
#      run-anchor.sh first: fairer when the machine is busy with other work)
#      CACHE_MB=(the server's default, 64) tile cache of the cached runs
#      SAVE=0 PORT=(first free from 18090)
#      IMPORT_RUNS=3 (imports timed, each into a fresh file; the table gives the median)
#      SHARED_BENCH=<repo>/../shared/bench
#      REPORT=$BENCH_WORK/results/compare-nN-TAG.jsonl: only re-print the table of that run
# Not part of `make test`: at N=1,000,000 a run takes about 15 minutes on 2 cores.
set -euo pipefail

N=${1:-${N:-1000000}}
REPS=${2:-${REPS:-1}}
DUR=${DUR:-20s}
CONNS=${CONNS:-"2 8"}
ANCHOR=${ANCHOR:-1}
PAIRED=${PAIRED:-0}
CACHE_MB=${CACHE_MB:-}
IMPORT_RUNS=${IMPORT_RUNS:-3}
REPO=$(cd "$(dirname "$0")/.." && pwd)
SHARED_BENCH=$(cd "${SHARED_BENCH:-$REPO/../shared/bench}" && pwd)
WORK=${BENCH_WORK:-/tmp/incidentmap-bench}
TAG=${TAG:-$(date -u +%Y%m%dT%H%M%SZ)}
OUT=$WORK/results/compare-n$N-$TAG.jsonl
TABLE=$WORK/results/compare-n$N-$TAG.md
FILTER='claimant=BLA&from=2020-01-01&to=2024-12-31'
export PATH=$PATH:/usr/local/go/bin
mkdir -p "$WORK"/{bin,data,results,logs}
for t in go jq curl; do command -v "$t" >/dev/null || { echo "compare.sh needs $t" >&2; exit 1; }; done

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now() { date +%s.%N; }

SRV_PID=""
stop_server() { # by PID: TERM, wait up to 30 s, then KILL
	local pid=$SRV_PID i
	SRV_PID=""
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 300; i++)); do
		kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
}
TS_PID="" FS_PID="" ANCHOR_PG_OURS=0
cleanup() {
	stop_server
	if [ -n "$TS_PID$FS_PID" ] || [ "$ANCHOR_PG_OURS" = 1 ]; then
		stop_pid "$TS_PID"
		stop_pid "$FS_PID"
		[ "$ANCHOR_PG_OURS" = 0 ] || stop_pg
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

measure() {
log "building incidentmap, gen and load into $WORK/bin"
(cd "$REPO" && go build -o "$WORK/bin/incidentmap" ./cmd/incidentmap)
(cd "$SHARED_BENCH/gen" && go build -o "$WORK/bin/gen" .)
(cd "$SHARED_BENCH/load" && go build -o "$WORK/bin/load" .)
IM=$WORK/bin/incidentmap
LOAD=$WORK/bin/load

# The anchor's setup-postgis.sh reads $BENCH_WORK/data/incidents-n<N>-s<SEED>.geojsonseq
# when its .stamp (md5 of the first 2000 generated rows) matches, so the file
# generated here is the one PostGIS loads too.
DATA=$WORK/data/incidents-n$N-s1
STAMP=$("$WORK/bin/gen" -n 2000 -seed 1 | md5sum | cut -c1-32)
if [ "$(cat "$DATA.stamp" 2>/dev/null)" != "$STAMP" ] || [ ! -s "$DATA.geojsonseq" ]; then
	log "generating $N incidents (seed 1)"
	rm -f "$DATA.geojsonseq" "$DATA.tsv"
	"$WORK/bin/gen" -n "$N" -seed 1 >"$DATA.geojsonseq.tmp"
	mv "$DATA.geojsonseq.tmp" "$DATA.geojsonseq"
	echo "$STAMP" >"$DATA.stamp"
fi

# ---- import --------------------------------------------------------------
# Before the anchor starts: PostgreSQL's work after its own bulk load
# (autovacuum and analyze of a million rows) would otherwise share the two
# cores with this timing.
DB=$WORK/data/n$N-$TAG.db
rm -f "$WORK"/data/n"$N"-*.db # one database at a time: at 1M it is several hundred MB
log "importing $DATA.geojsonseq into $DB, $IMPORT_RUNS times"
# The machine's speed drifts from minute to minute, so the import is timed
# IMPORT_RUNS times, each into a fresh file (the last one is served), and the
# table gives the median with every run beside it.
IMPORT_RUNS_S=()
for ((run = 1; run <= IMPORT_RUNS; run++)); do
	rm -f "$DB"
	sync
	t0=$(now)
	# The generator scatters about 0.4% of its points just outside the province
	# outline; import refuses those rows as bad (a point outside Balochistan), so
	# --skip-invalid imports the rest and the table states how many were served.
	"$IM" import --db "$DB" --skip-invalid --json --format geojsonseq "$DATA.geojsonseq" \
		>"$WORK/logs/import-$TAG.json" 2>"$WORK/logs/import-$TAG.log" || {
		log "import failed; see $WORK/logs/import-$TAG.log"
		exit 1
	}
	t1=$(now)
	IMPORT_RUNS_S+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')")
	log "import run $run: ${IMPORT_RUNS_S[-1]}s"
done
IMPORT_S=$(printf '%s\n' "${IMPORT_RUNS_S[@]}" | sort -n | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}')
DB_BYTES=$(stat -c %s "$DB")
jq -c --argjson s "$IMPORT_S" --argjson runs "[$(IFS=,; echo "${IMPORT_RUNS_S[*]}")]" --argjson bytes "$DB_BYTES" --argjson n "$N" \
	'{kind:"import", n:$n, seconds:$s, runs:$runs, db_bytes:$bytes, summary:.}' "$WORK/logs/import-$TAG.json" >>"$OUT"
log "import: ${IMPORT_S}s, $DB_BYTES bytes"

# ---- the anchor ----------------------------------------------------------
# The anchor runs from a writable copy of the shared folder: its scripts copy
# their config files with cp, which keeps a read-only source's mode (the
# second copy into the cluster then fails), and they write results beside
# themselves.
ANCHOR_JSONL=$WORK/results/anchor-n$N-$TAG.jsonl
copy_anchor() {
	rm -rf "$WORK/anchor"
	cp -r "$SHARED_BENCH" "$WORK/anchor"
	chmod -R u+w "$WORK/anchor"
	[ ! -f "$WORK/pg/data/bench.conf" ] || chmod u+w "$WORK/pg/data/bench.conf"
}
if [ "$ANCHOR" = 1 ] && [ "$PAIRED" = 1 ]; then
	# Paired: load PostGIS with the anchor's own setup script, keep its servers
	# up beside ours, and alternate the two sides run by run (below), so that
	# whatever else the machine is doing falls on both alike.
	log "anchor (paired mode): PostGIS setup and bulk load of $N rows"
	copy_anchor
	export BENCH_WORK=$WORK
	# shellcheck source=/dev/null
	. "$WORK/anchor/lib.sh"
	ensure_packages >&2
	build_tools >&2
	start_pg >&2
	ANCHOR_PG_OURS=$PG_STARTED_HERE
	for ((rep = 1; rep <= REPS; rep++)); do
		ac=0
		[ "$rep" = 1 ] && ac=1
		KEEP_PG=1 ALSO_COPY=$ac "$WORK/anchor/setup-postgis.sh" "$N" 2>>"$WORK/logs/anchor-$TAG.log" |
			jq -c --arg rep "$rep" '. + {kind:"bulk_load", rep:($rep|tonumber)}' >>"$ANCHOR_JSONL"
	done
	sed -E 's#datetime=([0-9-]{10})T[^/]*/([0-9-]{10})T[^&]*#filter=date%20BETWEEN%20\1%20AND%20\2#' \
		"$WORK/anchor/features.txt" >"$WORK/data/features.pgfs.txt"
	DATABASE_URL=$DB_URL "$BIN/tileserv-standin" -listen "127.0.0.1:$TILE_PORT" >"$WORK/logs/tileserv-standin.log" 2>&1 &
	TS_PID=$!
	ASSETS=$(go env GOMODCACHE)/github.com/!crunchy!data/pg_featureserv@v1.3.1/assets
	DATABASE_URL=$DB_URL PGFS_SERVER_ASSETSPATH=$ASSETS PGFS_SERVER_HTTPPORT=$FEAT_PORT \
		"$BIN/pg_featureserv" --config "$WORK/anchor/conf/pg_featureserv.toml" >"$WORK/logs/pg_featureserv.log" 2>&1 &
	FS_PID=$!
	wait_http "http://127.0.0.1:$TILE_PORT/health" 30
	wait_http "http://127.0.0.1:$FEAT_PORT/collections.json" 30
	PG_PID=$(head -1 "$PGDATA_DIR/postmaster.pid")
	jq -cn --arg n "$N" '{kind:"meta", n:($n|tonumber), paired:true}' >>"$ANCHOR_JSONL"
	A_URL_tf="http://127.0.0.1:$TILE_PORT/public.incidents_filtered/{}.pbf?claimant=BLA&date_from=2020-01-01&date_to=2024-12-31"
	A_URL_tt="http://127.0.0.1:$TILE_PORT/public.incidents/{}.pbf"
	A_URL_fe="http://127.0.0.1:$FEAT_PORT/collections/public.incidents/items.json?{}"
elif [ "$ANCHOR" = 1 ]; then
	log "running the anchor: run-anchor.sh $N $REPS (DUR=$DUR CONNS=\"$CONNS\"); this takes a while"
	copy_anchor
	# run-anchor.sh exits non-zero if its final copy of results fails; the JSON
	# lines are checked instead.
	BENCH_WORK=$WORK TAG=$TAG DUR=$DUR CONNS=$CONNS WRK=${WRK:-0} \
		"$WORK/anchor/run-anchor.sh" "$N" "$REPS" </dev/null >"$WORK/logs/anchor-$TAG.log" 2>&1 ||
		log "run-anchor.sh exited with $? (see $WORK/logs/anchor-$TAG.log)"
	grep -q '"mode":"timed"' "$ANCHOR_JSONL" 2>/dev/null ||
		{ log "the anchor produced no timed runs; see $WORK/logs/anchor-$TAG.log"; exit 1; }
else
	ANCHOR_JSONL=$(ls -t "$WORK"/results/anchor-n"$N"-*.jsonl 2>/dev/null | head -1 || true)
	[ -n "$ANCHOR_JSONL" ] || log "ANCHOR=0 and no $WORK/results/anchor-n$N-*.jsonl: anchor columns stay empty"
fi

# ---- serve and load ------------------------------------------------------
free_port() {
	local p
	for ((p = ${PORT:-18090}; p < ${PORT:-18090} + 200; p++)); do
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
	done
	return 1
}

start_server() { # extra serve flags
	stop_server
	P=$(free_port)
	BASE=http://127.0.0.1:$P
	"$IM" serve --db "$DB" --addr "127.0.0.1:$P" --access-log=false --log-format text "$@" \
		</dev/null 2>>"$WORK/logs/serve-$TAG.log" &
	SRV_PID=$!
	for _ in $(seq 1 600); do
		curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && return 0
		kill -0 "$SRV_PID" 2>/dev/null || break
		sleep 0.1
	done
	log "server did not start; see $WORK/logs/serve-$TAG.log"
	exit 1
}

# run NAME LIST URL [ANCHOR-NAME ANCHOR-LIST ANCHOR-URL]: the whole list once
# (measured: cold, each request once), then REPS x CONNS timed runs of DUR
# each. In paired mode the anchor's run of the same kind goes just before
# ours, with run-anchor.sh's labels.
arun() { # anchor: NAME LIST URL once|C REP
	local watch="server=$TS_PID,postgres=$PG_PID"
	[ "$1" = features ] && watch="server=$FS_PID,postgres=$PG_PID"
	if [ "$4" = once ]; then
		"$LOAD" -once -c 2 -list "$2" -url "$3" -label "$1 warm-up (full list once)" -watch "$watch" -json "$ANCHOR_JSONL"
	else
		"$LOAD" -c "$4" -d "$DUR" -list "$2" -url "$3" -label "$1 rep$5" -watch "$watch" -json "$ANCHOR_JSONL"
	fi
}
run() {
	local name=$1 list=$2 url=$3 c rep
	local paired=0
	[ $# -gt 3 ] && [ "$ANCHOR" = 1 ] && [ "$PAIRED" = 1 ] && paired=1
	log "ours: $name${4:+ (paired with anchor $4)}"
	[ "$paired" = 0 ] || arun "$4" "$5" "$6" once
	"$LOAD" -once -c 2 -list "$list" -url "$url" -label "ours $name once" -watch "server=$SRV_PID" -json "$OUT"
	for ((rep = 1; rep <= REPS; rep++)); do
		for c in $CONNS; do
			[ "$paired" = 0 ] || arun "$4" "$5" "$6" "$c" "$rep"
			"$LOAD" -c "$c" -d "$DUR" -list "$list" -url "$url" -label "ours $name rep$rep" -watch "server=$SRV_PID" -json "$OUT"
		done
	done
}

mem() { # NAME: the server's memory high-water mark and split, as one JSON line
	awk -v name="$1" '/^(VmHWM|VmRSS|RssAnon|RssFile):/ {v[$1]=$2}
		END {printf "{\"kind\":\"memory\",\"run\":\"%s\",\"vmhwm_kb\":%d,\"vmrss_kb\":%d,\"rss_anon_kb\":%d,\"rss_file_kb\":%d}\n",
			name, v["VmHWM:"], v["VmRSS:"], v["RssAnon:"], v["RssFile:"]}' "/proc/$SRV_PID/status" >>"$OUT"
}

TILES=$SHARED_BENCH/tiles.txt
FEATURES=$SHARED_BENCH/features.txt

log "serving without the tile cache"
start_server --tile-cache-mb 0
SERVED=$(curl -fsS "$BASE/ogc/collections/incidents/items?limit=1" | jq '.numberMatched')
jq -cn --argjson s "$SERVED" '{kind:"served", incidents:$s}' >>"$OUT"
run tiles-filtered-points "$TILES" "$BASE/tiles/{}.pbf?mode=points&$FILTER" tiles-filtered "$TILES" "${A_URL_tf:-}"
run tiles-filtered-cluster "$TILES" "$BASE/tiles/{}.pbf?layers=incidents&$FILTER"
run tiles-table-points "$TILES" "$BASE/tiles/{}.pbf?mode=points" tiles-table "$TILES" "${A_URL_tt:-}"
run features "$FEATURES" "$BASE/ogc/collections/incidents/items?{}" features "$WORK/data/features.pgfs.txt" "${A_URL_fe:-}"
mem uncached
if [ "$ANCHOR" = 1 ] && [ "$PAIRED" = 1 ]; then
	log "stopping the anchor's servers"
	stop_pid "$TS_PID"
	stop_pid "$FS_PID"
	TS_PID="" FS_PID=""
	[ "$ANCHOR_PG_OURS" = 0 ] || stop_pg
	ANCHOR_PG_OURS=0
fi

if [ -n "$CACHE_MB" ]; then
	log "serving with a ${CACHE_MB} MiB tile cache"
	start_server --tile-cache-mb "$CACHE_MB"
else
	log "serving with the default tile cache"
	start_server
fi
run cached-filtered-points "$TILES" "$BASE/tiles/{}.pbf?mode=points&$FILTER"
run cached-filtered-cluster "$TILES" "$BASE/tiles/{}.pbf?$FILTER"
mem cached
stop_server
}

if [ -n "${REPORT:-}" ]; then # re-print the table of an earlier run
	OUT=$REPORT
	TABLE=${OUT%.jsonl}.md
	# the anchor of the same run (same TAG), else the newest
	SAME=$(dirname "$OUT")/$(basename "$OUT" | sed 's/^compare-/anchor-/')
	[ -s "$SAME" ] || SAME=$(ls -t "$(dirname "$OUT")"/anchor-n"$N"-*.jsonl 2>/dev/null | head -1 || true)
	ANCHOR_JSONL=${ANCHOR_JSONL:-$SAME}
else
	measure
fi

# ---- the table -----------------------------------------------------------
# Rows: [workload, anchor label, anchor mode, our label, our mode, conns, bar].
# Bars: ">=Kx" is a ratio to the anchor, ">=R/s" an absolute rate.
ROWS='[
 ["filtered tiles, points, each once, no cache", "tiles-filtered warm-up", "once", "ours tiles-filtered-points once", "once", 2, ">=10x"],
 ["filtered tiles, points, no cache", "tiles-filtered rep", "timed", "ours tiles-filtered-points rep", "timed", "C", ">=10x"],
 ["filtered tiles, clustered, each once, no cache", "tiles-filtered warm-up", "once", "ours tiles-filtered-cluster once", "once", 2, "-"],
 ["filtered tiles, clustered, no cache", "tiles-filtered rep", "timed", "ours tiles-filtered-cluster rep", "timed", "C", "-"],
 ["all-points tiles, each once, no cache", "tiles-table warm-up", "once", "ours tiles-table-points once", "once", 2, "-"],
 ["all-points tiles, no cache", "tiles-table rep", "timed", "ours tiles-table-points rep", "timed", "C", "-"],
 ["OGC items, each once", "features warm-up", "once", "ours features once", "once", 2, ">=5x"],
 ["OGC items", "features rep", "timed", "ours features rep", "timed", "C", ">=5x"],
 ["cached filtered tiles, points (anchor: no cache)", "tiles-filtered rep", "timed", "ours cached-filtered-points rep", "timed", "C", ">=20000/s"],
 ["cached filtered tiles, clustered (anchor: no cache)", "tiles-filtered rep", "timed", "ours cached-filtered-cluster rep", "timed", "C", ">=20000/s"]
]'
# The anchor's published run on the same N (in the shared folder's results/),
# shown beside the same-run figures: on a busy machine the anchor measured
# here can fall far below it, which flatters the same-run ratio.
REF_JSONL=$(ls -t "$SHARED_BENCH"/results/anchor-n"$N"-*.jsonl 2>/dev/null | head -1 || true)
{
	echo "## incidentmap beside the PostGIS anchor: N=$N, $(nproc) cores, $(date -u +%Y-%m-%d)"
	echo
	echo "\`bench/compare.sh $N $REPS\` with DUR=$DUR CONNS=\"$CONNS\" CACHE_MB=${CACHE_MB:-default}; anchor: $(basename "${ANCHOR_JSONL:-none}"); ours: $(basename "$OUT")."
	echo "req/s and latencies are medians over the REPS runs; \"each once\" rows send every list entry once at 2 connections (the anchor's warm-up pass)."
	echo "The last column holds the anchor's published run on the same N ($(basename "${REF_JSONL:-none}"), from the shared folder) for comparison."
	echo "\"other CPU s\": CPU time of processes other than the servers, the database and the load client during the run (noise from the machine)."
	echo
	jq -rn --argjson rows "$ROWS" --arg conns "$CONNS" --arg n "$N" \
		--slurpfile a <(cat "${ANCHOR_JSONL:-/dev/null}" 2>/dev/null) --slurpfile o "$OUT" \
		--slurpfile ref <(cat "${REF_JSONL:-/dev/null}" 2>/dev/null) '
	def med: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
	def f1: if . == null then "-" else . * 10 | round / 10 | tostring end;
	def f2: if . == null then "-" else . * 100 | round / 100 | tostring end;
	def pick($runs; $lab; $mode; $c): [$runs[] | select(.label? and (.label | startswith($lab)) and .mode == $mode and .conns == $c)];
	def stats: {rps: (map(.rps) | med), p50: (map(.lat_p50_ms) | med), p99: (map(.lat_p99_ms) | med),
		bytes: (map(.bytes_mean) | med), other: (map(.other_cpu_s) | med), errs: (map(.errors + (.status // {} | to_entries | map(select(.key | startswith("2") | not) | .value) | add // 0)) | add)};
	def verdict($bar; $a; $o):
		if $o == null then "-"
		elif ($bar | endswith("x")) then (if $a == null then "no anchor" else ($bar | ltrimstr(">=") | rtrimstr("x") | tonumber) as $k | if $o >= $k * $a then "PASS" else "FAIL" end end)
		elif ($bar | endswith("/s")) then ($bar | ltrimstr(">=") | rtrimstr("/s") | tonumber) as $r | if $o >= $r then "PASS" else "FAIL" end
		else "-" end;
	($o | map(select(.kind == "import")) | last) as $imp |
	($o | map(select(.kind == "served")) | last | .incidents) as $served |
	($a | map(select(.kind == "bulk_load"))) as $bl |
	($o | map(select(.kind == "memory"))) as $mem |
	"| workload | conns | anchor req/s | ours req/s | ours/anchor | bar | result | p50 ms anchor / ours | p99 ms anchor / ours | bytes/resp anchor / ours | other CPU s anchor / ours | published anchor req/s: ours/it, result |",
	"|---|---:|---:|---:|---:|---|---|---|---|---|---|---|",
	( $rows[] as $r
	  | (if $r[5] == "C" then ($conns | split(" ") | map(select(. != "") | tonumber)) else [$r[5]] end)[] as $c
	  | (pick($a; $r[1]; $r[2]; $c) | stats) as $A
	  | (pick($o; $r[3]; $r[4]; $c) | stats) as $O
	  | (pick($ref; $r[1]; $r[2]; $c) | stats) as $R
	  | select($O.rps != null)
	  | "| \($r[0]) | \($c) | \($A.rps | f1) | \($O.rps | f1)\(if $O.errs > 0 then " (\($O.errs) errors)" else "" end) | \(if $A.rps and $O.rps then ($O.rps / $A.rps | f1) + "x" else "-" end) | \($r[6]) | \(verdict($r[6]; $A.rps; $O.rps)) | \($A.p50 | f2) / \($O.p50 | f2) | \($A.p99 | f1) / \($O.p99 | f1) | \($A.bytes | if . then round else "-" end) / \($O.bytes | if . then round else "-" end) | \($A.other | f1) / \($O.other | f1) | \($R.rps | f1): \(if $R.rps and $O.rps then ($O.rps / $R.rps | f1) + "x" else "-" end), \(verdict($r[6]; $R.rps; $O.rps)) |"
	),
	"",
	"| load and size | anchor (PostGIS) | ours (bbolt) | bar | result |",
	"|---|---:|---:|---|---|",
	"| import of the generated file, s | \(($bl | map(.total_s) | med) | f1) (ogr2ogr + indexes; COPY: \(($bl | map(.copy_total_s | select(.)) | med) | f1)) | \($imp.seconds | f1)\(if ($imp.runs // [] | length) > 1 then " (median of \($imp.runs | length): \($imp.runs | map(f1) | join(", ")))" else "" end) | <=6 s | \(if $imp.seconds <= 6 then "PASS" else "FAIL" end) |",
	"| bytes per incident | \(($bl | map((.table_bytes + .index_bytes) / .n) | med) | if . then round else "-" end) (table + indexes) | \($imp.db_bytes / $served | round) (\($imp.db_bytes / 1048576 | round) MiB file) | <=1536 | \(if $imp.db_bytes / $served <= 1536 then "PASS" else "FAIL" end) |",
	"| incidents served | \($n) | \($served) (\($imp.summary.skipped // 0) rows outside the province outline skipped) | - | - |",
	( $mem[] | "| server memory, \(.run) runs: VmHWM MB (MiB) | - | \(.vmhwm_kb * 1024 / 1e6 | round) (\(.vmhwm_kb / 1024 | round) MiB; now: anon \(.rss_anon_kb / 1024 | round), file-backed \(.rss_file_kb / 1024 | round) MiB) | <=300 MB | \(if .vmhwm_kb * 1024 / 1e6 <= 300 then "PASS" else "FAIL" end) |" )
	'
	echo
	echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(go version | cut -d' ' -f3)."
} >"$TABLE"
cat "$TABLE"
if [ "${SAVE:-0}" = 1 ]; then
	mkdir -p "$REPO/bench/results"
	cp "$TABLE" "$REPO/bench/results/"
	log "table copied to bench/results/$(basename "$TABLE")"
fi
log "results: $OUT and $TABLE"
