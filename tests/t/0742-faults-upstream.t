#!/bin/sh
# The fault matrix for the upstream sources (issue 7 item 1): TMDb,
# Spotify (API and accounts) and MusicBrainz answering 500, 503, 429 with
# Retry-After, hanging past the timeout, resetting, truncated JSON, an
# HTML page, an empty body or a 200 of another shape, while mr-process
# classifies three plain titles (a film, a show, a band).  For each: the
# exit code (4 when a request must wait, 0 when the source was not
# needed), no request judged on a partial answer (never NoMatch, Failed
# or NeedsReview because a source was down), the error kept, and
# recovery: once the fault clears every request ends sent, each item
# added exactly once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/harden-lib.sh"

if ! have_tool mr-process || ! have_tool mr-request || \
    [ ! -f "$MR_TOP/tests/fake/svc_tmdb.py" ]; then
	skip "needs mr-request, mr-process and the source fakes"
	done_testing
fi
. "$(dirname "$0")/pipeline-lib.sh"
harden_fixtures
fake_start tmdb,spotify,spotify-accounts,musicbrainz,sonarr,radarr,lidarr \
    --fixtures "$FX"
write_config "[http]
timeout = 1
connect_timeout = 1"

WANT_SENT="1 SentToRadarr 157336|2 SentToSonarr 121361|3 SentToLidarr $MUSE"

# case_run SOURCE NAME FAULT_JSON ERE
case_run() {
	src=$1 name=$2 fault=$3 ere=$4
	fake_reset
	rm -f "$T/mr.db" "$T/mr.db-wal" "$T/mr.db-shm" "$T/fake-state.json"
	fake_restart --fixtures "$FX"
	mr-request -c "$CONF" Interstellar "Game of Thrones" Muse > /dev/null
	svcs=$src
	[ "$src" = spotify ] && svcs="spotify spotify-accounts"
	for s in $svcs; do
		fake_script "$(printf '%s' "$fault" | jq -c --arg s "$s" \
		    '. + {service: $s, path: "."}')"
	done
	mr-process -c "$CONF" -j 3 > "$T/out" 2> "$T/err"; rc=$?
	waiting=$(hdb "SELECT count(*) FROM requests WHERE status = 'Pending'")
	if [ "$waiting" -gt 0 ]; then want_rc=4; else want_rc=0; fi
	is "$rc" "$want_rc" "$src $name: exit $want_rc ($waiting waiting)"
	is "$(hdb "SELECT group_concat(id || ' ' || status, ', ') FROM requests
	    WHERE status IN ('NoMatch', 'Failed', 'NeedsReview')")" "" \
	    "$src $name: no verdict on a partial answer"
	is "$(hdb "SELECT count(*) FROM requests WHERE status = 'Pending' AND
	    (attempts <> 1 OR next_attempt_at IS NULL OR last_error IS NULL)")" \
	    0 "$src $name: the waiting ones count an attempt, keep the error"
	if [ "$waiting" -gt 0 ]; then
		like "$(cat "$T/err")" "$src.*($ere)" "$src $name: says why"
	fi
	# The fault clears: the waiting requests, taken now, end sent.
	curl -sf -X DELETE "$FAKE_URL/_fake/script" > /dev/null
	for id in $(hdb "SELECT id FROM requests WHERE status = 'Pending'"); do
		mr-process -c "$CONF" -i "$id" > /dev/null 2>> "$T/err2"
	done
	is "$(hdb "SELECT group_concat(id || ' ' || status || ' ' ||
	    coalesce(external_id, '-'), '|') FROM (SELECT * FROM requests
	    ORDER BY id)")" "$WANT_SENT" "$src $name: recovered, all sent by their ids"
	is "$(effective_adds | sort | uniq -d)" "" "$src $name: nothing added twice"
	is "$(invariants)" "" "$src $name: the events tell the story"
}

for src in tmdb spotify musicbrainz; do
	case_run $src "HTTP 500" '{"action":"status","status":500}' 'HTTP 500'
	case_run $src "HTTP 503" '{"action":"status","status":503}' 'HTTP 503'
	case_run $src "HTTP 429 Retry-After" \
	    '{"action":"status","status":429,"retry_after":1}' 'HTTP 429'
	case_run $src "hang" '{"action":"hang","ms":2500}' 'timeout|timed out'
	case_run $src "reset" '{"action":"reset"}' 'reset|network'
	case_run $src "truncated JSON" '{"action":"badjson"}' 'JSON|answer|token'
	case_run $src "HTML page" \
	    '{"action":"status","status":200,"body":"<html>Sign in</html>","headers":{"Content-Type":"text/html"}}' \
	    'JSON|answer|token'
	case_run $src "empty body" '{"action":"empty"}' 'JSON|answer|token'
	case_run $src "200 another shape" \
	    '{"action":"status","status":200,"body":{"unexpected":"shape"}}' \
	    'JSON|answer|token'
done

done_testing
