#!/bin/sh
# mr-report --check against the fakes: all OK; a wrong key, a wrong
# service behind a URL and a world-readable config are reported, with
# exit 3 on a FAIL, and no key is ever printed.
. "$(dirname "$0")/lib.sh"

all=1
svcs=
for s in tmdb spotify musicbrainz sonarr radarr lidarr; do
	if [ -f "$MR_TOP/tests/fake/svc_$s.py" ]; then
		svcs=${svcs:+$svcs,}$s
	else
		all=0
	fi
done
case $svcs in
*sonarr*radarr*lidarr*) ;;
*)	echo "1..0 # skip the *arr fakes are not there yet"; exit 0 ;;
esac
[ -f "$MR_TOP/tests/fake/svc_spotify.py" ] && svcs=$svcs,spotify-accounts
fake_start "$svcs"


check() {	# check [ARGS]: run --check, output in $T/out, status in $rc
	mr-report -c "$CONF" --check "$@" > "$T/out" 2> "$T/err"
	rc=$?
	out=$(cat "$T/out")
}

write_config
check
if [ $all = 1 ]; then
	is "$rc" 0 "all services: exit 0"
	unlike "$out" "^(WARN|FAIL)" "all services: every line OK"
else
	skip "all OK: not every fake is there yet"
	skip "all OK: not every fake is there yet"
fi
like "$out" "^OK    config  +$CONF\$" "config found"
like "$out" "^OK    permissions +mode 0600" "mode 0600 is fine"
like "$out" "^OK    database  +$T/mr.db \(schema [0-9]+\)\$" "database"
like "$out" "^OK    sonarr  +Sonarr [0-9.]+, key accepted" "sonarr answers"
like "$out" "^OK    radarr  +Radarr [0-9.]+, key accepted" "radarr answers"
like "$out" "^OK    lidarr  +Lidarr [0-9.]+, key accepted" "lidarr answers"
is "$(grep -c . "$T/err")" 0 "nothing on stderr"
no_secret_in "$T/out" "$T/err"
ok $? "no key in the output"

# -q leaves only the problems.
check -q
if [ $all = 1 ]; then
	is "$out" "" "-q: nothing when all is well"
else
	unlike "$out" "^OK" "-q: no OK lines"
fi

# A wrong *arr key.
write_config "[sonarr]
api_key = wrong-key-0000"
check
is "$rc" 3 "wrong sonarr key: exit 3"
like "$out" "^FAIL  sonarr  +.*401" "wrong sonarr key: FAIL with the 401"
like "$out" "^OK    radarr" "the other services are still checked"
unlike "$out" "wrong-key-0000" "the wrong key is not printed"

# Radarr's URL answered by Sonarr.
write_config "[radarr]
url = $FAKE_URL/sonarr
api_key = $SONARR_KEY"
check
is "$rc" 3 "radarr url answered by sonarr: exit 3"
like "$out" "^FAIL  radarr  +.*answers as Sonarr" "radarr url answered by sonarr: FAIL says so"

# A root folder the service does not have.
write_config "[lidarr]
root_folder = /no/such/folder"
check
is "$rc" 3 "unknown root folder: exit 3"
like "$out" "^FAIL  lidarr  +.*(/no/such/folder|root)" \
    "unknown root folder: FAIL names it"

# Wrong upstream credentials.
if [ -f "$MR_TOP/tests/fake/svc_tmdb.py" ]; then
	curl -s -X DELETE "$FAKE_URL/_fake/script" > /dev/null
	write_config "[tmdb]
read_access_token = wrong-token"
	check
	is "$rc" 3 "wrong tmdb token: exit 3"
	like "$out" "^FAIL  tmdb  +HTTP 401" "wrong tmdb token: FAIL with the 401"
	unlike "$out" "wrong-token" "the wrong token is not printed"
	# The v3 key travels in the URL; a message must not show it.
	write_config "[tmdb]
api_key = wrong-v3-key-123"
	sed -i '/^read_access_token/d' "$CONF"
	check
	is "$rc" 3 "wrong tmdb v3 key: exit 3"
	like "$out" "^FAIL  tmdb  +HTTP 401" "wrong tmdb v3 key: FAIL"
	unlike "$out$(cat "$T/err")" "wrong-v3-key" "the v3 key is not printed"
	write_config "[tmdb]
api_key = $TMDB_KEY"
	sed -i '/^read_access_token/d' "$CONF"
	check
	like "$out" "^OK    tmdb " "the right v3 key: OK"
	no_secret_in "$T/out" "$T/err"
	ok $? "the right v3 key is not printed either"
else
	for i in 1 2 3 4 5 6 7; do skip "no tmdb fake yet"; done
fi
if [ -f "$MR_TOP/tests/fake/svc_spotify.py" ]; then
	write_config "[spotify]
client_secret = wrong-secret"
	check
	is "$rc" 3 "wrong spotify secret: exit 3"
	like "$out" "^FAIL  spotify " "wrong spotify secret: FAIL"
else
	skip "no spotify fake yet"
	skip "no spotify fake yet"
fi

# A service that is down.
write_config "[sonarr]
url = http://127.0.0.1:9"
check
is "$rc" 3 "sonarr down: exit 3"
like "$out" "^FAIL  sonarr " "sonarr down: FAIL"

# A world-readable config holding keys: WARN, and it is not a failure.
write_config
chmod 644 "$CONF"
check
like "$out" "^WARN  permissions +.*readable by others.*chmod" \
    "world-readable config with keys: WARN with the fix"
is "$(grep -c 'readable' "$T/out")" 1 "the warning is given once"
[ $all = 1 ] && is "$rc" 0 "a WARN alone: exit 0" || skip "needs all fakes"
chmod 640 "$CONF"
check
like "$out" "^OK    permissions +mode 0640" "group-readable is fine"

# A config without keys may be world-readable.
printf '[database]\npath = %s\n[musicbrainz]\nbase_url = %s\n' "$T/mr.db" \
    "$FAKE_URL/musicbrainz/ws/2" > "$CONF"
chmod 644 "$CONF"
check
like "$out" "^OK    permissions +mode 0644\$" "no keys: world-readable is fine"
like "$out" "^WARN  sonarr  +not configured" "an unconfigured *arr: WARN"

# A config that does not parse.
printf '[http]\ntimeout = soon\n' > "$CONF"
check
is "$rc" 3 "bad config: exit 3"
like "$out" "^FAIL  config " "bad config: FAIL"
done_testing
