#!/bin/sh
# bench-pipeline.sh: the request pipeline on the simulated world.
#
# 1,000 titles from $SHARED/world/eval/pipeline-titles.txt are classified
# once with mr-classify (to fill the HTTP cache, not timed), queued with
# mr-request, then one timed `mr-process -j 8` classifies them from the
# cache and adds them to the sim's Sonarr/Radarr/Lidarr (5 ms latency
# each).  Reports wall time (target < 15 s), peak RSS (target < 30 MB) and
# duplicate adds in the sim's log (target 0).  Writes only to a temp dir;
# skips cleanly when the world is absent.
#
# Usage: SHARED=../shared sh tools/bench-pipeline.sh [-n TITLES]
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$TOP/../shared}
W=$SHARED/world
N=1000
JOBS=8
[ "${1:-}" = -n ] && N=$2

if [ ! -f "$W/sim.py" ] || [ ! -f "$W/eval/pipeline-titles.txt" ]; then
	echo "bench-pipeline: skipped: no $W"
	exit 0
fi
for t in mr-classify mr-request mr-process; do
	if [ ! -x "$TOP/cmd/$t" ]; then
		echo "bench-pipeline: skipped: cmd/$t not built"
		exit 0
	fi
done

tmp=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/mr-bench-pipeline.XXXXXX")
sim_pid=
cleanup() {
	[ -n "$sim_pid" ] && kill "$sim_pid" 2> /dev/null && wait "$sim_pid" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

admin() {	# admin PATH [JSON]: POST to the sim's admin API
	curl -sf -X POST -H 'Content-Type: application/json' \
	    --data-binary "${2:-{\}}" "$URL/_admin/$1" > /dev/null
}

if [ -n "${SIM_URL:-}" ]; then
	# Called by tools/bench.sh with its sim running: set the knobs here.
	URL=$SIM_URL
	admin 'reset?library=1'
else
	python3 "$W/sim.py" --port 0 > "$tmp/sim.out" 2> "$tmp/sim.err" &
	sim_pid=$!
	i=0
	until grep -q '^listening on ' "$tmp/sim.out" 2> /dev/null; do
		i=$((i + 1))
		if [ $i -gt 1200 ] || ! kill -0 "$sim_pid" 2> /dev/null; then
			echo "bench-pipeline: the sim did not start:" >&2
			cat "$tmp/sim.err" >&2
			exit 1
		fi
		sleep 0.1
	done
	URL=$(sed -n 's/^listening on //p' "$tmp/sim.out" | head -1)
fi
# *arr latency 5 ms.  Search rate limits off (sim and client): they only
# slow down filling the cache, which is not what is measured.
admin latency '{"sonarr":5,"radarr":5,"lidarr":5}'
admin rate '{"tmdb":"off","spotify":"off"}'

cat > "$tmp/mr.ini" <<EOF
[database]
path = $tmp/mr.db
[tmdb]
read_access_token = sim-tmdb-read-access-token
base_url = $URL/tmdb/3
rate = 1000
[spotify]
rate = 1000
client_id = sim-spotify-client-id
client_secret = sim-spotify-client-secret
base_url = $URL/spotify/v1
token_url = $URL/spotify-accounts/api/token
[musicbrainz]
base_url = $URL/musicbrainz/ws/2
user_agent = media-route-bench/1.0 ( bench@example.org )
[sonarr]
url = $URL/sonarr
api_key = sim-sonarr-key
[radarr]
url = $URL/radarr
api_key = sim-radarr-key
[lidarr]
url = $URL/lidarr
api_key = sim-lidarr-key
EOF
chmod 600 "$tmp/mr.ini"
PATH=$TOP/cmd:$PATH
export PATH

head -n "$N" "$W/eval/pipeline-titles.txt" > "$tmp/titles.txt"
n=$(grep -c . "$tmp/titles.txt")
echo "bench-pipeline: $n titles, sim at $URL"

t0=$(date +%s)
mr-classify -c "$tmp/mr.ini" -j 8 < "$tmp/titles.txt" > "$tmp/classified.jsonl" \
    2> "$tmp/classify.err" || true
t1=$(date +%s)
echo "bench-pipeline: cache filled by mr-classify in $((t1 - t0)) s (not timed):" \
    "$(curl -sf "$URL/_admin/stats" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({k: d[k] for k in ("requests", "rate_limited", "rate_limit_violations") if k in d}))' 2>/dev/null || true)"
mr-request -c "$tmp/mr.ini" < "$tmp/titles.txt" > "$tmp/requests.jsonl"
admin reset

# The timed run: wall time and peak RSS of mr-process.
rc=0
/usr/bin/time -f '%e %M' -o "$tmp/time" \
    mr-process -c "$tmp/mr.ini" -j "$JOBS" > /dev/null 2> "$tmp/process.err" ||
    rc=$?
# GNU time puts "Command exited with non-zero status" first on failure.
read -r wall rss_kb <<EOF
$(tail -n 1 "$tmp/time")
EOF

curl -sf "$URL/_admin/requests?limit=1000000" > "$tmp/log.jsonl"
stats=$(python3 - "$tmp/log.jsonl" <<'EOF'
import json, sys, collections
adds = collections.Counter()
upstream = collections.Counter()
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.strip()
    if not line:
        continue
    e = json.loads(line)
    upstream[e.get("service")] += 1
    if e.get("method") != "POST":
        continue
    b = e.get("body")
    if not isinstance(b, dict):
        continue
    p = e.get("path", "")
    key = None
    if p.endswith("/series"):
        key = ("sonarr", b.get("tvdbId"))
    elif p.endswith("/movie"):
        key = ("radarr", b.get("tmdbId"))
    elif p.endswith("/artist"):
        key = ("lidarr", b.get("foreignArtistId"))
    elif p.endswith("/album"):
        key = ("lidarr-album", b.get("foreignAlbumId"))
    if key:
        adds[key] += 1
dups = sum(c - 1 for c in adds.values() if c > 1)
print(json.dumps({"adds": sum(adds.values()), "duplicate_adds": dups,
                  "upstream": dict(upstream)}))
EOF
)
statuses=$(sqlite3 "$tmp/mr.db" "SELECT status || '=' || COUNT(*) FROM requests GROUP BY status" | tr '\n' ' ')
rss_mb=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
dups=$(printf '%s' "$stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["duplicate_adds"])')

echo "bench-pipeline: mr-process -j $JOBS exit $rc"
echo "bench-pipeline: statuses: $statuses"
echo "bench-pipeline: sim log: $stats"
echo "bench-pipeline: wall $wall s (target < 15), peak RSS $rss_mb MB (target < 30), duplicate adds $dups (target 0)"
if [ -s "$tmp/process.err" ]; then
	echo "bench-pipeline: mr-process stderr (first lines):"
	head -5 "$tmp/process.err" | sed 's/^/  /'
fi
printf '{"bench":"pipeline","titles":%s,"jobs":%s,"wall_s":%s,"peak_rss_mb":%s,"duplicate_adds":%s,"exit":%s}\n' \
    "$n" "$JOBS" "$wall" "$rss_mb" "$dups" "$rc"
