#!/bin/sh
# The fault matrix for the *arr services (issue 7 item 1): Sonarr, Radarr
# and Lidarr answering 500, 503, 429 with Retry-After, hanging past the
# timeout, resetting the connection, truncated JSON, an HTML page (wrong
# content type) and a 200 of another shape -- first on every path (the
# service is broken or the URL is wrong), then on the add (POST) only.
# For each: the exit code, the message, the request's state and events,
# and recovery once the fault clears: the request ends sent, the item
# added exactly once.  The three services fail at once in one run.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/harden-lib.sh"

if ! have_tool mr-process || ! have_tool mr-request; then
	skip "needs mr-request and mr-process"
	done_testing
fi
. "$(dirname "$0")/pipeline-lib.sh"
fake_start sonarr,radarr,lidarr
write_config "[http]
timeout = 1
connect_timeout = 1"

SVCS="radarr sonarr lidarr"
# One request per service, ids 1 2 3 in $SVCS order.
queue() {
	{
		cls Deadpool movie radarr 293660
		cls "Breaking Bad" tv sonarr 81189
		cls Manowar music lidarr "$MANOWAR" musicbrainz 0.9
	} | mr-request -c "$CONF" > /dev/null
}
id_of() { case $1 in radarr) echo 1 ;; sonarr) echo 2 ;; lidarr) echo 3 ;; esac; }
sent_of() { case $1 in radarr) echo SentToRadarr ;; sonarr) echo SentToSonarr ;;
    lidarr) echo SentToLidarr ;; esac; }
add_path() { case $1 in radarr) echo 'movie$' ;; sonarr) echo 'series$' ;;
    lidarr) echo 'artist$' ;; esac; }

# case_run NAME WHERE FAULT_JSON WANT_RC WANT_STATE WANT_ERR_ERE
#   WHERE: all (every path) or post (the add only)
#   WANT_STATE: retry (Pending, 1 attempt, retrying event, due later),
#   held (Pending, no attempt: a configuration problem, exit 3),
#   sent (the fault does not stop the add)
case_run() {
	name=$1 where=$2 fault=$3 want_rc=$4 want=$5 ere=$6
	fake_reset
	rm -f "$T/mr.db" "$T/mr.db-wal" "$T/mr.db-shm" "$T/fake-state.json"
	fake_restart
	queue
	for s in $SVCS; do
		if [ "$where" = all ]; then
			sel="{\"service\":\"$s\",\"path\":\".\"}"
		else
			sel="{\"service\":\"$s\",\"method\":\"POST\",\"path\":\"$(add_path $s)\"}"
		fi
		fake_script "$(printf '%s' "$fault" | jq -c --argjson s "$sel" '. + $s')"
	done
	mr-process -c "$CONF" -j 3 > "$T/out" 2> "$T/err"; rc=$?
	is "$rc" "$want_rc" "$name ($where): exit $want_rc"
	if [ -n "$ere" ]; then
		like "$(cat "$T/err")" "$ere" "$name ($where): the message says why"
	fi
	for s in $SVCS; do
		id=$(id_of $s)
		got=$(hdb "SELECT status || ' ' || attempts || ' ' ||
		    coalesce(next_attempt_at > datetime('now'), '') || ' ' ||
		    (SELECT count(*) FROM events WHERE request_id = $id AND
		     event = 'retrying') || ' ' || (lease_owner IS NULL)
		    FROM requests WHERE id = $id")
		case $want in
		retry) exp="Pending 1 1 1 1" ;;
		held) exp="Pending 0  0 1" ;;
		sent) exp="$(sent_of $s) 0  0 1" ;;
		esac
		is "$got" "$exp" "$name ($where): $s request $want"
		if [ "$want" = retry ]; then
			like "$(hdb "SELECT last_error FROM requests WHERE id = $id")" \
			    "$ere" "$name ($where): $s last_error kept"
		fi
	done
	# The fault clears: each request, taken now, ends sent exactly once.
	curl -sf -X DELETE "$FAKE_URL/_fake/script" > /dev/null
	for s in $SVCS; do
		mr-process -c "$CONF" -i "$(id_of $s)" > /dev/null 2>> "$T/err2"
	done
	is "$(hdb "SELECT group_concat(status, ' ') FROM (SELECT status FROM
	    requests ORDER BY id)")" "SentToRadarr SentToSonarr SentToLidarr" \
	    "$name ($where): recovered, all three sent"
	is "$(effective_adds | sort | tr '\n' ' ')" \
	    "lidarr $MANOWAR radarr 293660 sonarr 81189 " \
	    "$name ($where): each item added exactly once"
	is "$(invariants)" "" "$name ($where): the events tell the story"
}

R500='{"action":"status","status":500,"body":{"message":"boom"}}'
R503='{"action":"status","status":503}'
R429='{"action":"status","status":429,"retry_after":1}'
HANG='{"action":"hang","ms":2500}'
RESET='{"action":"reset"}'
TRUNC='{"action":"badjson"}'
HTML='{"action":"status","status":200,"body":"<html><body>Sign in</body></html>","headers":{"Content-Type":"text/html"}}'
SHAPE='{"action":"status","status":200,"body":{"unexpected":"shape"}}'

# The whole service broken: transient faults retry later; an answer that
# is not the service's (HTML, another JSON) means a wrong url: exit 3,
# requests held without an attempt.
case_run "HTTP 500" all "$R500" 4 retry 'HTTP 500'
case_run "HTTP 503" all "$R503" 4 retry 'HTTP 503'
case_run "HTTP 429 Retry-After" all "$R429" 4 retry 'HTTP 429'
case_run "hang" all "$HANG" 4 retry 'timeout|timed out'
case_run "reset" all "$RESET" 4 retry 'reset|network'
case_run "truncated JSON" all "$TRUNC" 3 held 'not JSON: check url'
case_run "HTML page" all "$HTML" 3 held 'not JSON: check url'
case_run "200 another shape" all "$SHAPE" 3 held 'does not answer like'

# Only the add fails: everything retries later; an answer to the add that
# is not the added item is unconfirmed (the next attempt looks again).
case_run "HTTP 500" post "$R500" 4 retry 'HTTP 500'
case_run "HTTP 503" post "$R503" 4 retry 'HTTP 503'
case_run "HTTP 429 Retry-After" post "$R429" 4 retry 'HTTP 429'
case_run "hang" post "$HANG" 4 retry 'timeout|timed out'
case_run "reset" post "$RESET" 4 retry 'reset|network'
case_run "truncated JSON" post "$TRUNC" 4 retry 'not the added item'
case_run "HTML page" post "$HTML" 4 retry 'not the added item'
case_run "200 another shape" post "$SHAPE" 4 retry 'not the added item'

# The add happens but its answer is lost (slower than the timeout): the
# retry finds the item present; it is not added twice.
fault='{"action":"delay","ms":1600}'
fake_reset
rm -f "$T/mr.db" "$T/mr.db-wal" "$T/mr.db-shm" "$T/fake-state.json"
fake_restart
queue
for s in $SVCS; do
	fake_script "{\"service\":\"$s\",\"method\":\"POST\",\"path\":\"$(add_path $s)\",\"action\":\"delay\",\"ms\":1600,\"times\":1}"
done
mr-process -c "$CONF" -j 3 > "$T/out" 2> "$T/err"; rc=$?
sleep 1
make_due
mr-process -c "$CONF" -j 3 > /dev/null 2>&1
mr-process -c "$CONF" > /dev/null 2>&1
is "$(hdb "SELECT group_concat(status, ' ') FROM (SELECT status FROM
    requests ORDER BY id)")" "SentToRadarr SentToSonarr SentToLidarr" \
    "answer lost after the add: all three end sent"
is "$(effective_adds | sort | tr '\n' ' ')" \
    "lidarr $MANOWAR radarr 293660 sonarr 81189 " \
    "answer lost after the add: each item added exactly once"
is "$(invariants)" "" "answer lost after the add: the events tell the story"

done_testing
