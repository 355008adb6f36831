#!/bin/sh
# Every man page is clean under mandoc -Tlint -W warning, has the sections
# STYLE.md asks for, and every tool has a page.
. "$(dirname "$0")/lib.sh"

if ! command -v mandoc >/dev/null 2>&1; then
	echo "1..0 # skip mandoc is not installed"
	exit 0
fi
cd "$MR_TOP" || exit 1
for p in man/*.[157]; do
	out=$(mandoc -Tlint -W warning "$p" 2>&1)
	is "$out" "" "$p: mandoc -Tlint -W warning is clean"
	for s in NAME DESCRIPTION "SEE ALSO"; do
		grep -q "^\.Sh $s\$" "$p"
		ok $? "$p: has $s"
	done
	case $p in
	*.1)
		for s in SYNOPSIS ENVIRONMENT FILES "EXIT STATUS" EXAMPLES; do
			grep -Eq "^\.Sh \"?$s\"?\$" "$p"
			ok $? "$p: has $s"
		done
		# The exit-code table of DESIGN.md 3.1.
		n=$(grep -Ec '^\.It [0-5] Ta ' "$p")
		is "$n" 6 "$p: lists the six exit codes"
		;;
	esac
done
for c in cmd/mr-*.c; do
	tool=$(basename "$c" .c)
	[ -f "man/$tool.1" ]
	ok $? "$tool has a man page"
done
for p in media-route.ini.5 media-route.7; do
	[ -f "man/$p" ]
	ok $? "man/$p exists"
done
# Every option a built tool's usage shows is documented in its page.
for c in cmd/mr-*.c; do
	tool=$(basename "$c" .c)
	[ -x "cmd/$tool" ] && [ -f "man/$tool.1" ] || continue
	missing=
	for o in $("cmd/$tool" --help 2>&1 | grep -oE -- '(^|[[ |])-(-[a-z][a-z-]*|[a-zA-Z]+)' |
	    sed 's/^[[ |]*//' | sort -u); do
		case $o in
		--*)	grep -q "Fl Fl ${o#--}" "man/$tool.1" ||
			    missing="$missing $o" ;;
		*)	o=${o#-}
			while [ -n "$o" ]; do
				r=${o#?}
				f=${o%"$r"}
				grep -Eq "Fl ([a-zA-Z]*$f[a-zA-Z]*( |\$)|$f ,)" \
				    "man/$tool.1" || missing="$missing -$f"
				o=$r
			done ;;
		esac
	done
	is "$missing" "" "man/$tool.1 documents every option of $tool --help"
done

# Every key DESIGN.md 3.4 and 7.4 fix is documented with its override.
ini=man/media-route.ini.5
for k in database.path tmdb.api_key tmdb.read_access_token tmdb.base_url \
    spotify.client_id spotify.client_secret spotify.base_url \
    spotify.token_url musicbrainz.base_url musicbrainz.user_agent \
    sonarr.url sonarr.api_key sonarr.root_folder sonarr.quality_profile \
    lidarr.metadata_profile routing.min_confidence process.max_attempts \
    process.lease_seconds http.timeout http.connect_timeout http.ca_file \
    cache.ttl_search cache.ttl_details cache.ttl_negative log.file \
    log.level sonarr.language_profile sonarr.series_type \
    sonarr.anime_root_folder sonarr.anime_quality_profile sonarr.monitor \
    sonarr.search_on_add radarr.minimum_availability notify.command \
    notify.events notify.timeout; do
	sec=${k%%.*}
	key=${k#*.}
	env=MR_$(printf '%s_%s' "$sec" "$key" | tr '[:lower:]' '[:upper:]')
	grep -q "^\.It Cm $key\$" "$ini" && grep -q "^\.Ev $env" "$ini"
	ok $? "$ini documents [$sec] $key and $env"
done
done_testing
