#!/bin/sh
# make demo's script runs to the end, shows its commands, finds every
# service OK and leaves nothing behind.
. "$(dirname "$0")/lib.sh"

TMPDIR=$T sh "$MR_TOP/tools/demo.sh" > "$T/out" 2> "$T/err"
is $? 0 "demo exits 0"
out=$(cat "$T/out")
if printf '%s\n' "$out" | grep -q '^not yet:'; then
	like "$out" "^media-route demo: built:" "says what exists"
	skip "the demo proper: $(printf '%s\n' "$out" | grep '^not yet:')"
	done_testing
fi
for c in 'mr-classify' 'mr-request -u alice' 'mr-process -p' 'mr-report' \
    'mr-report --check'; do
	like "$out" "^\\\$ $c" "shows \$ $c"
done
unlike "$out" "^FAIL " "every service checks out"
for s in Sonarr Radarr Lidarr; do
	like "$out" "\"status\":\"SentTo$s\"" "a request went to $s"
done
unlike "$out" '"status":"Failed"' "no request failed"
like "$out" '"duplicate_of":1' "the duplicate is recognised"
like "$out" '^overridden +1$' "the report counts the override"
is "$(find "$T" -name 'mr-demo.*' | wc -l | tr -d ' ')" 0 \
    "its temporary directory is gone"
done_testing
