#!/bin/sh
# An add whose 2xx answer is not the added item (truncated JSON, an empty
# body, another shape) is not a success and not a permanent failure: it
# is transient (exit 4, outcome "transient"), and the next attempt looks
# the item up again, so it is added exactly once.  Before the fix a
# truncated answer made the request Failed for good, and an empty one
# counted as added although nothing was.
. "$(dirname "$0")/lib.sh"

have_tool mr-arr-add || { echo "1..0 # skip mr-arr-add not built"; exit 0; }
fake_start sonarr,radarr,lidarr
write_config

# added SVC PATH_ERE: POSTs the fake answered with 2xx without a fault.
added() {
	fake_requests "$1" | jq -c --arg p "$2" 'select(.method == "POST" and
	    (.path | test($p)) and .status < 300 and (.fault == null))' |
	    grep -c .
}

n=0
for fault in badjson empty shape; do
	case $fault in
	shape) act='"action":"status","status":200,"body":{"unexpected":"shape"}' ;;
	*) act="\"action\":\"$fault\"" ;;
	esac
	for svc in sonarr radarr lidarr; do
		case $svc in
		sonarr) id=81189; p='series$' ;;
		radarr) id=293660; p='movie$' ;;
		lidarr) id=00eeed6b-5897-4359-8347-b8cd28375331; p='artist$' ;;
		esac
		fake_reset
		rm -f "$T/fake-state.json"
		fake_restart
		fake_script "{\"service\":\"$svc\",\"method\":\"POST\",\"path\":\"$p\",$act}"
		mr-arr-add -c "$CONF" -s $svc --attempts 1 $id > "$T/out" 2> "$T/err"
		rc=$?
		is "$rc" 4 "$svc, $fault answer to the add: exit 4 (transient)"
		is "$(jq -r .outcome "$T/out")" transient \
		    "$svc, $fault: outcome transient, not added nor failed"
		like "$(cat "$T/err")" "$svc.unconfirmed: .*not the added item" \
		    "$svc, $fault: says the answer is not the added item"
		curl -sf -X DELETE "$FAKE_URL/_fake/script" > /dev/null
		mr-arr-add -c "$CONF" -s $svc --attempts 1 $id > "$T/out" 2> "$T/err"
		rc=$?
		is "$rc$(jq -r .outcome "$T/out")" 0added \
		    "$svc, $fault: once the fault clears, the next attempt adds it"
		is "$(added $svc "$p")" 1 "$svc, $fault: exactly one add took effect"
	done
done

done_testing
