#!/bin/sh
# Concurrency (issue 7 item 3): three mr-request writers and three
# mr-process loops on one database for about ten seconds, plain titles
# classified through TMDb and MusicBrainz (shared rate limits: the fake
# enforces MusicBrainz 1/s and TMDb 10/s) and pre-classified records.
# No SQLITE_BUSY escapes as a failure (every run exits 0, nothing says
# busy or locked), nothing is lost or stored twice, every item is added
# exactly once, the fake counts no rate violation.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/harden-lib.sh"

if ! have_tool mr-process || ! have_tool mr-request || \
    [ ! -f "$MR_TOP/tests/fake/svc_musicbrainz.py" ]; then
	skip "needs mr-request, mr-process and the source fakes"
	done_testing
fi
. "$(dirname "$0")/pipeline-lib.sh"

N=30		# items of each kind
SECS=${CONCURRENCY_SECONDS:-10}
synth_fixtures $N
fake_start tmdb,musicbrainz,sonarr,radarr,lidarr --fixtures "$FX" \
    --rate musicbrainz=1/1 --rate tmdb=10/1
# No Spotify: music goes through MusicBrainz and its 1/s limit.
write_config "[tmdb]
rate = 9
[musicbrainz]
rate = 1
[database]
path = $T/mr.db"
grep -v '^client_\(id\|secret\)' "$CONF" > "$T/c" && cat "$T/c" > "$CONF"
fake_script '{"method":"POST","path":"(movie|series|artist)$","action":"delay","ms":30}'

PLAIN="Interstellar|Game of Thrones|Breaking Bad|Muse"
end=$(( $(date +%s) + SECS ))

# writer W: records for the items i with i % 3 == W, a few per run.
writer() {
	_w=$1 _i=$1 _n=0
	while [ $_i -lt $N ]; do
		{ synth_cls $_i; [ $((_i + 3)) -lt $N ] && synth_cls $((_i + 3)); } |
		    mr-request -c "$CONF" > "$T/w$_w.$_n.out" 2> "$T/w$_w.$_n.err"
		echo $? >> "$T/w$_w.rc"
		_i=$((_i + 6))
		_n=$((_n + 1))
		sleep 1	# spread the writes over the run
	done
	if [ "$_w" = 0 ]; then
		echo "$PLAIN" | tr '|' '\n' | mr-request -c "$CONF" \
		    > "$T/w0.plain.out" 2> "$T/w0.plain.err"
		echo $? >> "$T/w0.rc"
	fi
}
processor() {
	_p=$1 _n=0
	while [ "$(date +%s)" -lt "$end" ]; do
		mr-process -c "$CONF" -j 2 -p > "$T/p$_p.$_n.out" \
		    2> "$T/p$_p.$_n.err"
		echo $? >> "$T/p$_p.rc"
		_n=$((_n + 1))
		sleep 0.1
	done
}

pids=
for w in 0 1 2; do writer $w & pids="$pids $!"; done
for p in 0 1 2; do processor $p & pids="$pids $!"; done
for pid in $pids; do wait "$pid"; done

total=$((3 * N + 4))
runs=$(cat "$T"/p*.rc | grep -c .)
diag "$runs mr-process runs and $(cat "$T"/w*.rc | grep -c .) mr-request runs in ${SECS}s"
is "$(cat "$T"/w*.rc | sort -u | tr '\n' ' ')" "0 " "every mr-request run exited 0"
is "$(cat "$T"/p*.rc | sort -u | tr '\n' ' ')" "0 " "every mr-process run exited 0"
is "$(cat "$T"/w*.err "$T"/p*.err | grep -i -E 'busy|locked' | head -n 3)" "" \
    "no run reported a busy or locked database"
ok $([ "$runs" -ge 6 ]; echo $?) "the mr-process runs overlapped the writers"

# Finish what the loops left (a request classified at the very end).
i=0
while [ $i -lt 5 ] && [ "$(hdb "SELECT count(*) FROM requests WHERE status = 'Pending'")" != 0 ]; do
	make_due
	mr-process -c "$CONF" -j 2 > /dev/null 2>> "$T/final.err"
	i=$((i + 1))
done
is "$(hdb 'SELECT count(*) FROM requests')" $total "nothing lost: $total requests stored"
is "$(hdb 'SELECT count(*) FROM (SELECT DISTINCT title FROM requests)')" $total \
    "nothing stored twice"
is "$(hdb "SELECT group_concat(status || ' ' || n, ', ') FROM (SELECT status,
    count(*) n FROM requests GROUP BY status)")" \
    "SentToLidarr $((N + 1)), SentToRadarr $((N + 1)), SentToSonarr $((N + 2))" \
    "every request sent"
is "$(effective_adds | sort | uniq -d)" "" "no item added twice"
is "$(effective_adds | grep -c .)" $total "every item added once"
is "$(cat "$T"/p*.out | jq -r 'select(.status | test("^SentTo")) | .id' |
    sort | uniq -d)" "" "no request reported sent by two runs"
is "$(fake_get /_fake/stats | jq .rate_violations)" 0 \
    "the shared rate limits held (no violation at the fake)"
ok $([ "$(fake_count musicbrainz)" -ge 1 ]; echo $?) "MusicBrainz was used"
is "$(invariants)" "" "the events tell the story"
ok $(no_live_leases; echo $?) "no lease left"

# The MusicBrainz limit (1/s) shared by three classifiers at once.
if have_tool mr-classify; then
	fake_reset
	fake_post /_fake/rate '{"musicbrainz":"1/1"}' > /dev/null
	for k in 1 2 3; do
		mr-classify -c "$CONF" --no-cache -t music Vangelis \
		    > "$T/c$k.out" 2> "$T/c$k.err" &
		eval "cpid$k=\$!"
	done
	wait "$cpid1"; r1=$?; wait "$cpid2"; r2=$?; wait "$cpid3"; r3=$?
	n=$(fake_count musicbrainz)
	diag "three mr-classify runs made $n MusicBrainz requests"
	ok $([ "$n" -ge 3 ]; echo $?) "the classifiers asked MusicBrainz ($n requests)"
	is "$(fake_get /_fake/stats | jq .rate_violations)" 0 \
	    "three classifiers at once kept MusicBrainz at 1/s"
	is "$(cat "$T"/c?.err | grep -i -E 'busy|locked')" "" \
	    "no classifier reported a busy database"
else
	for k in 1 2 3; do skip "no mr-classify"; done
fi

done_testing
