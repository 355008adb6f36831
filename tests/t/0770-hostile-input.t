#!/bin/sh
# Hostile input (issue 7 item 5): titles with quotes, SQL, shell
# metacharacters, terminal escape sequences, invalid UTF-8, NUL bytes and
# a 1 MB line go through mr-request, mr-classify, mr-process and the
# notify hook.  They are stored byte for byte, printed as JSON escapes
# (never a raw ESC on a terminal), never executed, and never a crash;
# the unreadable lines become error records (exit 1).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/harden-lib.sh"

if ! have_tool mr-request; then
	skip "needs mr-request"
	done_testing
fi

ESC=$(printf '\033')
PW=$T/pwned
{
	printf '%s\n' "Robert'); DROP TABLE requests;--"
	printf '%s\n' "\$(touch $PW.1)"
	printf '%s\n' "\`touch $PW.2\`"
	printf '%s\n' "x; touch $PW.3 #"
	printf '%s\n' "a | touch $PW.4 && b > $PW.5"
	printf '\033]0;owned\007\033[2J\033[31mred title\n'
	printf '"quoted" \\ back\\slash %%s %%n\n'
	printf 'bad \377\376 utf8\n'
	printf 'nul\000byte\n'
	head -c 1048700 /dev/zero | tr '\0' 'x'
	printf '\n'
	printf 'last one\n'
} > "$T/in"
write_config "[notify]
command = cat >> $T/notified
events = sent,needs_review,no_match,failed,retrying"

mr-request -c "$CONF" < "$T/in" > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 1 "mr-request: the unreadable lines make exit 1"
is "$(grep -c . "$T/out")" 11 "mr-request: a record for every line"
is "$(jq -r '.error.code // empty' "$T/out" | tr '\n' ' ')" \
    "input.utf8 input.nul input.too_long " \
    "mr-request: invalid UTF-8, NUL and the 1 MB line are error records"
is "$(hdb 'SELECT count(*) FROM requests')" 8 \
    "the eight readable titles are stored"
is "$(hdb "SELECT title FROM requests WHERE id = 1")" \
    "Robert'); DROP TABLE requests;--" "SQL is stored as text, not run"
is "$(hdb "SELECT hex(title) FROM requests WHERE id = 6")" \
    "$(printf '\033]0;owned\007\033[2J\033[31mred title' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" \
    "escape sequences are stored byte for byte"
is "$(hdb "SELECT title FROM requests WHERE id = 7")" '"quoted" \ back\slash %s %n' \
    "quotes, backslashes and format directives are kept"
ok $(! grep -q "$ESC" "$T/out"; echo $?) "mr-request prints no raw ESC byte"
ok $(! grep -q "$ESC" "$T/err"; echo $?) "nor on stderr"
jq -e . "$T/out" > /dev/null 2>&1
ok $? "every record is valid JSON"

mr-request -c "$CONF" --list > "$T/list" 2> "$T/err"; rc=$?
is "$rc" 0 "--list: exit 0"
is "$(jq -r .title "$T/list" | sed -n 6p | od -An -c | grep -c 033)" 1 \
    "--list gives the escape back through JSON decoding"
ok $(! grep -q "$ESC" "$T/list"; echo $?) "--list prints no raw ESC byte"
mr-request -c "$CONF" --list -P > "$T/listp" 2>&1
ok $(! grep -q "$ESC" "$T/listp"; echo $?) "--list -P prints no raw ESC byte"
if have_tool mr-report; then
	mr-report -c "$CONF" -f text > "$T/report" 2>&1
	ok $(! grep -q "$ESC" "$T/report"; echo $?) "mr-report text shows no raw ESC byte"
	mr-report -c "$CONF" -f csv > "$T/report" 2>&1
	ok $(! grep -q "$ESC" "$T/report"; echo $?) "mr-report csv shows no raw ESC byte"
else
	skip "no mr-report"
	skip "no mr-report"
fi

# Through the classifier and the pipeline, against the fakes.
if have_tool mr-process && have_tool mr-classify && \
    [ -f "$MR_TOP/tests/fake/svc_tmdb.py" ]; then
	fake_start tmdb,spotify,spotify-accounts,musicbrainz,sonarr,radarr,lidarr
	write_config "[notify]
command = cat >> $T/notified
events = sent,needs_review,no_match,failed,retrying"
	mr-classify -c "$CONF" < "$T/in" > "$T/cls" 2> "$T/err"; rc=$?
	ok $([ "$rc" -le 1 ]; echo $?) "mr-classify: no crash (exit $rc)"
	is "$(grep -c . "$T/cls")" 11 "mr-classify: a record for every line"
	ok $(! grep -q "$ESC" "$T/cls" "$T/err"; echo $?) \
	    "mr-classify prints no raw ESC byte"
	mr-process -c "$CONF" > "$T/out" 2> "$T/err"; rc=$?
	ok $([ "$rc" -le 1 ]; echo $?) "mr-process: no crash (exit $rc)"
	ok $(! grep -q "$ESC" "$T/err"; echo $?) "mr-process prints no raw ESC byte"
	is "$(hdb "SELECT count(*) FROM requests WHERE status = 'Pending'")" 0 \
	    "mr-process settled every hostile title"
	fake_requests | jq -r '.query // empty' > "$T/queries"
	ok $(grep -q 'DROP' "$T/queries"; echo $?) "the titles reached the sources"
	is "$(grep -v '^[][A-Za-z0-9%._~&=+*:,/-]*$' "$T/queries" | head -n 3)" "" \
	    "always URL-encoded (no raw quote, space, ESC or \$ in a query)"
else
	for i in 1 2 3 4 5 6 7 8; do skip "no pipeline or source fakes"; done
fi
ok $([ ! -e "$PW.1" ] && [ ! -e "$PW.2" ] && [ ! -e "$PW.3" ] && \
    [ ! -e "$PW.4" ] && [ ! -e "$PW.5" ]; echo $?) \
    "no shell metacharacter was ever executed (no file made)"
if [ -s "$T/notified" ]; then
	ok 0 "the notify hook ran (the record on its stdin)"
else
	skip "the notify hook did not run for these events"
fi
is "$(hdb 'PRAGMA integrity_check')" ok "the database is intact"

done_testing
