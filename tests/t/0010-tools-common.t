#!/bin/sh
# What every tool in cmd/ promises (DESIGN.md 3.1, 7.1): --help, --version,
# exit 2 for a bad option, exit 3 for a missing or broken config, exit 5
# when stdout cannot be written.  Tools are found from cmd/mr-*.c, so new
# ones are covered without editing this file; a tool not built yet, or a
# check a tool cannot take part in, is skipped.
. "$(dirname "$0")/lib.sh"

# Services: the fake when its plugins exist, else a port nothing listens
# on, so that a tool going to the network fails fast (an error record is
# a record too).
BASE=http://127.0.0.1:9
svcs=
for s in tmdb spotify musicbrainz sonarr radarr lidarr; do
	[ -f "$MR_TOP/tests/fake/svc_$s.py" ] && svcs=$svcs${svcs:+,}$s
done
case $svcs in
*tmdb*)
	fake_start "$svcs"
	BASE=$FAKE_URL
	;;
esac

write_good() {	# write_good FILE [EXTRA]
	{
		echo "[database]"
		echo "path = $T/mr.db"
		echo "[http]"
		echo "timeout = 2"
		echo "connect_timeout = 1"
		echo "[tmdb]"
		echo "read_access_token = $TMDB_TOKEN"
		echo "base_url = $BASE/tmdb/3"
		echo "[spotify]"
		echo "base_url = $BASE/spotify/v1"
		echo "token_url = $BASE/spotify-accounts/api/token"
		echo "[musicbrainz]"
		echo "base_url = $BASE/musicbrainz/ws/2"
		echo "[sonarr]"
		echo "url = $BASE/sonarr"
		echo "api_key = $SONARR_KEY"
		echo "[radarr]"
		echo "url = $BASE/radarr"
		echo "api_key = $RADARR_KEY"
		echo "[lidarr]"
		echo "url = $BASE/lidarr"
		echo "api_key = $LIDARR_KEY"
		[ $# -gt 1 ] && printf '%s\n' "$2"
	} > "$1"
	chmod 600 "$1"
}

write_good "$T/good.ini"
write_good "$T/section.ini" "[tmdb"
write_good "$T/value.ini" "[http]
timeout = abc"

# run TOOL ARGS...: run with a time limit, stdin empty; rc in $rc
run() {
	timeout 30 "$@" < /dev/null > "$T/out" 2> "$T/err"
	rc=$?
}

# Operands that make a tool do its usual work (others take none).
operands() {
	case $1 in
	mr-classify|mr-request) echo Dexter ;;
	mr-reclassify) echo 1 ;;
	esac
}

tools=$(cd "$MR_TOP/cmd" && ls mr-*.c 2>/dev/null | sed 's/\.c$//')
if [ -z "$tools" ]; then
	skip "no tools in cmd/ yet"
	done_testing
fi

for tool in $tools; do
	if ! [ -x "$MR_TOP/cmd/$tool" ]; then
		for c in help version badopt noconf section value full; do
			skip "$tool: not built"
		done
		continue
	fi
	ops=$(operands "$tool")

	run "$tool" --help
	is "$rc" 0 "$tool --help exits 0"
	like "$(cat "$T/out")" "[Uu]sage" "$tool --help prints the usage"

	run "$tool" --version
	is "$rc" 0 "$tool --version exits 0"

	run "$tool" --no-such-option-xyz
	is "$rc" 2 "$tool: a bad option exits 2"
	like "$(cat "$T/err")" "[Uu]sage" "$tool: a bad option prints the usage on stderr"

	run "$tool" -c "$T/nonexistent.ini" $ops
	is "$rc" 3 "$tool -c missing-file exits 3"

	run "$tool" -c "$T/section.ini" $ops
	is "$rc" 3 "$tool: an unclosed [section exits 3"
	like "$(cat "$T/err")" "section\.ini:[0-9]+" "$tool: names file:line"

	run "$tool" -c "$T/value.ini" $ops
	is "$rc" 3 "$tool: [http] timeout = abc exits 3"
	like "$(cat "$T/err")" "value\.ini:[0-9]+: \[http\] timeout" \
	    "$tool: names file:line and the key"

	case $tool in
	mr-classify|mr-request)
		# Every record reaches stdout, even an error record.
		timeout 60 "$tool" -c "$T/good.ini" $ops < /dev/null \
		    > /dev/full 2> "$T/err"
		rc=$?
		is "$rc" 5 "$tool > /dev/full exits 5"
		;;
	*)
		skip "$tool: writes no record for a title operand"
		;;
	esac
done

done_testing
