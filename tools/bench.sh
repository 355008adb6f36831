#!/bin/sh
# bench.sh: accuracy and speed of mr-classify against the simulated world
# (../shared/world, README.md there).  Invoked by `make bench` with
# SHARED set.  Writes only in a temporary directory.
#
#   1. accuracy: the DEV set as one batch, latency 0, scored by score.py
#   2. latency tmdb=80,spotify=80,musicbrainz=150 ms:
#      one cold query, the whole DEV set cold in one process (wall time,
#      429/503 counts, peak RSS), the same set again from the cache
#   3. tools/bench-pipeline.sh when present (the request pipeline)
set -u
SHARED=${SHARED:-../shared}
W=$SHARED/world
if [ ! -d "$W" ] || [ ! -f "$W/sim.py" ]; then
	echo "skipped: no ../shared/world"
	exit 0
fi
TOP=$(cd "$(dirname "$0")/.." && pwd)
W=$(cd "$W" && pwd)
MRC=$TOP/cmd/mr-classify
JOBS=${BENCH_JOBS:-16}
T=$(mktemp -d "${TMPDIR:-/tmp}/mr-bench.XXXXXX")
SIM_PID=
cleanup() {
	[ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

python3 "$W/sim.py" --port 0 --cache-dir "${MR_BENCH_CACHE:-${TMPDIR:-/tmp}/media-route-world-cache}" \
    > "$T/sim.out" 2> "$T/sim.err" &
SIM_PID=$!
i=0
until grep -q '^listening on' "$T/sim.out" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 1200 ] || ! kill -0 "$SIM_PID" 2>/dev/null; then
		echo "bench: sim did not start: $(cat "$T/sim.err")" >&2
		exit 1
	fi
	sleep 0.1
done
URL=$(sed -n 's/^listening on //p' "$T/sim.out" | head -1)
# Wait for the catalog (second line) before the first request.
until [ "$(wc -l < "$T/sim.out")" -ge 2 ]; do sleep 0.1; done
echo "sim: $URL"

conf() {	# conf DBFILE: a config for the sim with the sim's credentials
	cat > "$T/mr.ini" <<EOT
[database]
path = $1
[tmdb]
read_access_token = sim-tmdb-read-access-token
base_url = $URL/tmdb/3
[spotify]
client_id = sim-spotify-client-id
client_secret = sim-spotify-client-secret
base_url = $URL/spotify/v1
token_url = $URL/spotify-accounts/api/token
# The sim allows 180 per 30 s; stay just under.
rate = 5.8
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
EOT
	chmod 600 "$T/mr.ini"
}
admin() { curl -sf -X POST -H 'Content-Type: application/json' \
    --data-binary "${2:-{\}}" "$URL/_admin/$1" > /dev/null; }
stats() { curl -sf "$URL/_admin/stats"; }
now() { python3 -c 'import time; print("%.3f" % time.time())'; }

# Peak RSS: GNU time when installed, else a getrusage wrapper.
if [ -x /usr/bin/time ] && /usr/bin/time -v true 2>/dev/null; then
	timed() { /usr/bin/time -v -o "$T/rss" "$@"; }
	peak_kb() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$T/rss"; }
else
	timed() { python3 -c '
import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
open(sys.argv[1], "w").write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)' "$T/rss" "$@"; }
	peak_kb() { cat "$T/rss"; }
fi

jq -r .query "$W/eval/dev.jsonl" > "$T/dev.txt"
N=$(wc -l < "$T/dev.txt")

echo "== accuracy: DEV set ($N queries), latency 0, -j $JOBS"
conf "$T/acc.db"
admin reset
"$MRC" -c "$T/mr.ini" -j "$JOBS" < "$T/dev.txt" > "$T/answers.jsonl" 2> "$T/acc.err"
echo "mr-classify exit $?; $(grep -c . "$T/acc.err") stderr lines"
python3 "$W/score.py" --eval "$W/eval/dev.jsonl" --output "$T/answers.jsonl" \
    --sim "$URL" > "$T/score.txt" 2>&1
tail -n 40 "$T/score.txt" | sed -n '/^{/!p' | tail -n 25
tail -n 1 "$T/score.txt" | jq -c '{overall_accuracy, type_accuracy, id_accuracy,
    accuracy_non_ambiguous, ambiguity_precision, ambiguity_recall,
    nomatch_precision, nomatch_recall, ece, candidate_recall,
    upstream_requests_per_query: .sim.upstream_requests_per_query,
    rate_limit_violations: .sim.rate_limit_violations}' 2>/dev/null ||
    tail -n 1 "$T/score.txt"
[ -n "${BENCH_KEEP:-}" ] && cp "$T/answers.jsonl" "$BENCH_KEEP"

echo "== latency tmdb=80,spotify=80,musicbrainz=150 ms"
admin latency '{"tmdb":80,"spotify":80,"musicbrainz":150}'
conf "$T/cold1.db"
admin reset
t0=$(now)
"$MRC" -c "$T/mr.ini" "Dexter" > "$T/one.jsonl"
t1=$(now)
echo "cold single query (Dexter): elapsed_ms $(jq .elapsed_ms "$T/one.jsonl"), wall $(python3 -c "print(round(($t1-$t0)*1000))") ms, upstream $(stats | jq -c .requests) (target <= 200 ms)"

conf "$T/cold.db"
admin reset
t0=$(now)
timed "$MRC" -c "$T/mr.ini" -j "$JOBS" < "$T/dev.txt" > "$T/cold.jsonl" 2> "$T/cold.err"
t1=$(now)
stats > "$T/cold.stats"
python3 - "$T/cold.stats" "$t0" "$t1" "$N" <<'PY'
import json, sys
st = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
req = st.get("requests", {})
rates = {"tmdb": 50.0, "spotify": 180 / 30.0, "musicbrainz": 1.0}
bound = max([req.get(k, 0) / r for k, r in rates.items()] + [0.0])
st5 = st.get("by_status", {})
n429 = sum(v.get("429", 0) for v in st5.values() if isinstance(v, dict))
n503 = sum(v.get("503", 0) for v in st5.values() if isinstance(v, dict))
print("whole DEV set cold (%s queries): wall %.1f s, rate-limit bound %.1f s (ratio %.2f, target <= 1.3), "
      "429: %d, 503: %d, violations %s" % (sys.argv[4], wall, bound, wall / bound if bound else 0, n429, n503,
                                            json.dumps(st.get("rate_limit_violations"))))
print("upstream requests: %s" % json.dumps(req))
PY
echo "peak RSS: $(peak_kb) kB (target < 30720 kB)"

admin reset
t0=$(now)
"$MRC" -c "$T/mr.ini" -j "$JOBS" < "$T/dev.txt" > "$T/warm.jsonl" 2> /dev/null
t1=$(now)
echo "same set from cache: wall $(python3 -c "print(round($t1-$t0, 3))") s, upstream requests $(stats | jq .total) (target < 1 s, 0 requests)"

if [ -f "$TOP/tools/bench-pipeline.sh" ]; then
	echo "== pipeline"
	admin latency '{"tmdb":0,"spotify":0,"musicbrainz":0}'
	SIM_URL=$URL BENCH_TMP=$T SHARED=$SHARED sh "$TOP/tools/bench-pipeline.sh"
fi
exit 0
