# media-route.bash: bash completion for the media-route tools
# (mr-classify, mr-request, mr-process, mr-reclassify, mr-backfill,
# mr-report): their options, the values of --type, --service, --status,
# --priority and --format, and request ids from the database for
# mr-reclassify, mr-request --show/--cancel and mr-process --id.
#
# "make install" puts it in the bash-completion directory (loaded on
# demand); or source it from ~/.bashrc.  Request ids need sqlite3(1);
# the database is found as the tools find it: -c FILE on the command
# line, $MEDIA_ROUTE_CONFIG, $XDG_CONFIG_HOME/media-route/media-route.ini,
# /etc/media-route.ini, and $MR_DATABASE_PATH over [database] path.

_media_route_common='-c --config -h --help -V --version -v --verbose
    -q --quiet -j --jobs -P --pretty'

# _media_route_opts TOOL: the options TOOL takes.
_media_route_opts()
{
	case $1 in
	mr-classify)
		echo "$_media_route_common -m --matches -t --type -y --year
		    --min-confidence --no-cache --refresh --progress
		    --no-progress" ;;
	mr-request)
		echo "$_media_route_common -n --dry-run -t --type -s --service
		    --priority -u --requested-by --now -l --list --status
		    --since --show --cancel --instance --import" ;;
	mr-process)
		echo "$_media_route_common -n --dry-run -l --limit -i --id
		    -p --print --progress --no-progress" ;;
	mr-reclassify)
		echo "$_media_route_common -n --dry-run -s --service
		    -e --external-id -o --option --again --failed --since
		    --review" ;;
	mr-backfill)
		echo "$_media_route_common -n --dry-run -l --limit --progress
		    --no-progress" ;;
	mr-report)
		echo "$_media_route_common -d --days --since --until
		    -f --format --check" ;;
	esac
}

# _media_route_db: the database path of the current command line.
_media_route_db()
{
	local conf="" i db
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-c|--config) conf=${COMP_WORDS[i + 1]} ;;
		--config=*) conf=${COMP_WORDS[i]#--config=} ;;
		esac
	done
	if [[ -n ${MR_DATABASE_PATH-} ]]; then
		db=$MR_DATABASE_PATH
	else
		if [[ -z $conf ]]; then
			for conf in "${MEDIA_ROUTE_CONFIG-}" \
			    "${XDG_CONFIG_HOME:-$HOME/.config}/media-route/media-route.ini" \
			    /etc/media-route.ini; do
				[[ -n $conf && -r $conf ]] && break
			done
		fi
		conf=${conf/#\~/$HOME}
		db=$(awk -F '=' '
		    /^[ \t]*\[/ { sec = $0; gsub(/[][ \t]/, "", sec); next }
		    sec == "database" && $1 ~ /^[ \t]*path[ \t]*$/ {
			v = substr($0, index($0, "=") + 1)
			sub(/^[ \t]+/, "", v); sub(/[ \t]*([;#].*)?$/, "", v)
			print v; exit
		    }' "$conf" 2>/dev/null)
		db=${db:-~/.local/share/media-route/media-route.db}
	fi
	printf '%s\n' "${db/#\~/$HOME}"
}

# _media_route_ids WHERE: ids of requests matching the SQL condition.
_media_route_ids()
{
	local db
	type sqlite3 >/dev/null 2>&1 || return 0
	db=$(_media_route_db)
	[[ -r $db ]] || return 0
	sqlite3 -readonly -batch -cmd '.timeout 500' "$db" \
	    "SELECT id FROM requests WHERE $1 ORDER BY id DESC LIMIT 500" \
	    2>/dev/null
}

_media_route()
{
	local cur prev tool
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	tool=${COMP_WORDS[0]##*/}
	COMPREPLY=()

	case $prev in
	-c|--config|--import)
		COMPREPLY=($(compgen -f -- "$cur"))
		type compopt >/dev/null 2>&1 && compopt -o filenames
		return 0 ;;
	-t|--type)
		if [[ $tool == mr-classify || $tool == mr-request ]]; then
			COMPREPLY=($(compgen -W 'movie tv music' -- "$cur"))
			return 0
		fi ;;
	-s|--service)
		if [[ $tool == mr-request || $tool == mr-reclassify ]]; then
			COMPREPLY=($(compgen -W 'radarr sonarr lidarr' -- "$cur"))
			return 0
		fi ;;
	--status)
		COMPREPLY=($(compgen -W 'Pending NeedsReview NoMatch
		    SentToRadarr SentToSonarr SentToLidarr Failed Cancelled' \
		    -- "$cur"))
		return 0 ;;
	--priority)
		COMPREPLY=($(compgen -W 'low medium high' -- "$cur"))
		return 0 ;;
	-f|--format)
		if [[ $tool == mr-report ]]; then
			COMPREPLY=($(compgen -W 'text json csv' -- "$cur"))
			return 0
		fi ;;
	--show)
		COMPREPLY=($(compgen -W "$(_media_route_ids 1)" -- "$cur"))
		return 0 ;;
	--cancel)
		COMPREPLY=($(compgen -W "$(_media_route_ids "status IN
		    ('Pending', 'NeedsReview', 'NoMatch', 'Failed')")" \
		    -- "$cur"))
		return 0 ;;
	-i|--id)
		if [[ $tool == mr-process ]]; then
			COMPREPLY=($(compgen -W "$(_media_route_ids \
			    "status = 'Pending'")" -- "$cur"))
			return 0
		fi ;;
	-j|--jobs|-m|--matches|-y|--year|--min-confidence|-l|--limit|-u|\
	--requested-by|-e|--external-id|-o|--option|--since|--until|-d|\
	--days|--instance)
		[[ $prev == -l && $tool == mr-request ]] || return 0 ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_media_route_opts "$tool")" -- "$cur"))
		return 0
	fi
	if [[ $tool == mr-reclassify ]]; then
		COMPREPLY=($(compgen -W "$(_media_route_ids "status NOT IN
		    ('Cancelled')")" -- "$cur"))
	fi
	return 0
}

complete -F _media_route mr-classify mr-request mr-process mr-reclassify \
    mr-backfill mr-report
