#!/bin/sh
# soak.sh: the soak run of issue 7 item 4 (`make soak`, not part of
# check).  Thousands of requests (classification records, and plain
# titles that mr-process classifies through TMDb, Spotify and
# MusicBrainz) go through mr-request and mr-process against the loopback
# fakes while a chaos loop injects random faults into Sonarr, Radarr and
# Lidarr (5xx, 429, resets, hangs past the timeout, truncated or odd
# answers to adds, answers lost after the add) and into the sources, and
# random mr-process runs are killed with SIGKILL.  Then the faults
# stop, the queue drains, and the invariants are checked: every request
# sent, no item added twice, no request stored twice, the events agree.
#
#   SOAK_ITEMS=1000   items of each kind (movies, shows, bands): 3x requests
#   SOAK_SECONDS=60   how long the chaos lasts (at least until all queued)
#   SOAK_SEED=N       the random seed (printed; rerun with it to repeat)
#
# Prints the figures: requests, faults injected, kills, lost, duplicated.
# Exit 0 when nothing was lost or duplicated and the invariants hold.
set -u
MR_TOP=${MR_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
export MR_TOP
ITEMS=${SOAK_ITEMS:-1000}
SECS=${SOAK_SECONDS:-60}
SEED=${SOAK_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}

# The test library gives $T, the fake helpers and the invariants.
. "$MR_TOP/tests/t/lib.sh"
. "$MR_TOP/tests/t/pipeline-lib.sh"
. "$MR_TOP/tests/t/harden-lib.sh"
for tool in mr-request mr-process; do
	have_tool $tool || { echo "soak: $tool not built" >&2; exit 1; }
done

# rnd N: a seeded random number in [0, N) in $R (no subshell, so the
# sequence advances).
rnd_state=$SEED
rnd() {
	rnd_state=$(( (rnd_state * 1103515245 + 12345) % 2147483648 ))
	R=$(( (rnd_state / 65536) % $1 ))
}

echo "soak: seed $SEED, $ITEMS items of each kind, ${SECS}s of chaos"
synth_fixtures "$ITEMS"

# The fake without --state: saving a library of thousands after every
# add would dominate the run.
python3 "$MR_TOP/tests/fake/fake.py" \
    --services tmdb,spotify,spotify-accounts,musicbrainz,sonarr,radarr,lidarr \
    --fixtures "$FX" --port-file "$T/fake.port" > "$T/fake.out" \
    2> "$T/fake.err" &
FAKE_PID=$!
i=0
while [ ! -s "$T/fake.port" ]; do
	i=$((i + 1))
	[ $i -gt 200 ] && { echo "soak: the fake did not start" >&2; exit 1; }
	sleep 0.05
done
FAKE_PORT=$(cat "$T/fake.port")
FAKE_URL=http://127.0.0.1:$FAKE_PORT
write_config "[http]
timeout = 1
connect_timeout = 1
[process]
max_attempts = 1000
lease_seconds = 30"

t0=$(date +%s)
end=$((t0 + SECS))

# --- writers: the requests arrive in chunks, from two processes ---
CHUNK=50
writer() {
	_i=$1
	while [ "$_i" -lt "$ITEMS" ]; do
		_j=$_i
		_stop=$((_i + CHUNK))
		while [ "$_j" -lt "$_stop" ] && [ "$_j" -lt "$ITEMS" ]; do
			synth_cls "$_j"
			_j=$((_j + 1))
		done > "$T/chunk.$1"
		mr-request -c "$CONF" < "$T/chunk.$1" > /dev/null \
		    2>> "$T/writers.err" || echo "$?" >> "$T/writers.rc"
		_i=$((_i + 2 * CHUNK))
	done
}
PLAIN="Interstellar|Game of Thrones|Breaking Bad|Muse"
echo "$PLAIN" | tr '|' '\n' | mr-request -c "$CONF" > /dev/null \
    2>> "$T/writers.err" || echo "$?" >> "$T/writers.rc"
writer 0 &
w0=$!
writer $CHUNK &
w1=$!

# --- chaos: random faults while the writers and workers run ---
chaos() {
	rnd_state=$((SEED + 7))
	_n=0
	while [ "$(date +%s)" -lt "$end" ] || kill -0 "$w0" 2> /dev/null ||
	    kill -0 "$w1" 2> /dev/null; do
		rnd 9
		case $R in
		0|1) svc=sonarr; add='series$' ;;
		2|3) svc=radarr; add='movie$' ;;
		4|5) svc=lidarr; add='artist$' ;;
		6) svc=tmdb; add= ;;
		7) svc=spotify; add= ;;
		*) svc=musicbrainz; add= ;;
		esac
		rnd 6
		times=$((R + 1))
		# The sources only GET: their faults are on every path.
		if [ -z "$add" ]; then rnd 6; else rnd 10; fi
		case $R in
		0) a='"path":".","action":"status","status":500' ;;
		1) a='"path":".","action":"status","status":503' ;;
		2) a='"path":".","action":"status","status":429,"retry_after":1' ;;
		3) a='"path":".","action":"reset"' ;;
		4) a='"path":".","action":"hang","ms":1500' ;;
		5) if [ -z "$add" ]; then a='"path":".","action":"badjson"'
		   else a="\"method\":\"POST\",\"path\":\"$add\",\"action\":\"badjson\""; fi ;;
		6) a="\"method\":\"POST\",\"path\":\"$add\",\"action\":\"empty\"" ;;
		7) a="\"method\":\"POST\",\"path\":\"$add\",\"action\":\"status\",\"status\":502" ;;
		8) a="\"method\":\"POST\",\"path\":\"$add\",\"action\":\"delay\",\"ms\":1300" ;;
		*) a="\"method\":\"POST\",\"path\":\"$add\",\"action\":\"reset\"" ;;
		esac
		fake_script "{\"service\":\"$svc\",\"times\":$times,$a}" &&
		    _n=$((_n + 1))
		rnd 5
		sleep 0.$((R + 1))
	done
	echo "$_n" > "$T/chaos.n"
}
chaos &
chaos_pid=$!

# --- workers: rounds of three mr-process runs, in two of three rounds
# one still running is killed ---
kills=0
runs=0
round=0
while kill -0 "$chaos_pid" 2> /dev/null; do
	round=$((round + 1))
	pids=
	for k in 1 2 3; do
		# A few rows per run, so runs are short and overlap.
		mr-process -c "$CONF" -j 2 -l 60 > /dev/null \
		    2>> "$T/workers.err" &
		pids="$pids $!"
		runs=$((runs + 1))
	done
	rnd 3
	if [ "$R" != 0 ]; then
		rnd 9
		sleep 0.$((R + 1))
		live=
		for pid in $pids; do
			kill -0 "$pid" 2> /dev/null && live="$live $pid"
		done
		if [ -n "$live" ]; then
			rnd "$(echo $live | wc -w)"
			victim=$(echo $live | cut -d' ' -f$((R + 1)))
			kill -9 "$victim" 2> /dev/null && kills=$((kills + 1))
		fi
	fi
	for pid in $pids; do wait "$pid" 2> /dev/null; done
	sleep 0.2
	# A retry's backoff (minutes) would outlast the soak: due now.
	make_due
done
wait "$w0" "$w1"

# --- drain: faults off, the queue empties ---
curl -sf -X DELETE "$FAKE_URL/_fake/script" > /dev/null
sleep 2		# adds still held by a "delay" fault finish
drain=0
while [ "$(hdb "SELECT count(*) FROM requests WHERE status = 'Pending'")" != 0 ] &&
    [ $drain -lt 20 ]; do
	make_due
	mr-process -c "$CONF" -j 4 > /dev/null 2>> "$T/drain.err"
	drain=$((drain + 1))
done

# --- figures ---
total=$((3 * ITEMS + 4))
stored=$(hdb 'SELECT count(*) FROM requests')
sent=$(hdb "SELECT count(*) FROM requests WHERE status LIKE 'SentTo%'")
dup_rows=$(( stored - $(hdb 'SELECT count(*) FROM (SELECT DISTINCT title FROM requests)') ))
fake_requests > "$T/log.jsonl"
faults=$(jq -c 'select(.fault != null)' "$T/log.jsonl" | grep -c .)
effective_adds > "$T/adds"
dup_adds=$(sort "$T/adds" | uniq -d | grep -c .)
dup_sent=$(hdb "SELECT count(*) FROM (SELECT request_id FROM events WHERE
    event = 'sent' GROUP BY request_id HAVING count(*) > 1)")
lost=$(( total - sent ))
[ $lost -lt 0 ] && lost=0
missing=$(( total - $(sort -u "$T/adds" | grep -c .) ))
duplicated=$((dup_rows + dup_adds + dup_sent))
bad=$(invariants | grep -c .)
leases=$(hdb 'SELECT count(*) FROM requests WHERE lease_owner IS NOT NULL')
wfail=$(cat "$T/writers.rc" 2> /dev/null | grep -c .)
elapsed=$(( $(date +%s) - t0 ))

echo "soak: requests      $total queued, $stored stored, $sent sent"
echo "soak: faults        $(cat "$T/chaos.n" 2> /dev/null || echo 0) scripts injected, $faults faulty answers served"
echo "soak: mr-process    $runs runs, $kills killed with SIGKILL, $drain drain runs"
echo "soak: items added   $(sort -u "$T/adds" | grep -c .) ($missing missing)"
echo "soak: lost          $lost"
echo "soak: duplicated    $duplicated ($dup_rows rows, $dup_adds adds, $dup_sent sent twice)"
echo "soak: invariants    $bad broken, $leases leases left, $wfail mr-request failures"
echo "soak: elapsed       ${elapsed}s (seed $SEED)"
if [ "$lost" -ne 0 ] || [ "$duplicated" -ne 0 ] || [ "$bad" -ne 0 ] ||
    [ "$missing" -ne 0 ] || [ "$leases" -ne 0 ] || [ "$wfail" -ne 0 ]; then
	invariants | head -n 20 >&2
	echo "soak: FAILED" >&2
	exit 1
fi
echo "soak: ok"
exit 0
