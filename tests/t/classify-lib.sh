# classify-lib.sh: sourced by tests/t/02NN-classify-*.t after lib.sh.
# cconf [tmdb] [tmdbkey] [spotify] [musicbrainz] [dead=SVC...]: a private
# config with only the named sources (dead=SVC points SVC at a closed
# port), database in $T/mr.db; $CC_EXTRA is appended.  SVCS: the fake services for classify.

SVCS=tmdb,spotify,spotify-accounts,musicbrainz
DEAD=http://127.0.0.1:9

cconf() {
	{
		echo "[database]"
		echo "path = $T/mr.db"
		echo "[http]"
		echo "timeout = 5"
		echo "connect_timeout = 2"
		for _s in "$@"; do
			case $_s in
			tmdb)
				echo "[tmdb]"
				echo "read_access_token = $TMDB_TOKEN"
				echo "base_url = ${CC_TMDB:-$FAKE_URL}/tmdb/3" ;;
			tmdbkey)
				echo "[tmdb]"
				echo "api_key = $TMDB_KEY"
				echo "base_url = ${CC_TMDB:-$FAKE_URL}/tmdb/3" ;;
			spotify)
				echo "[spotify]"
				echo "client_id = $SPOTIFY_ID"
				echo "client_secret = ${CC_SPOTIFY_SECRET:-$SPOTIFY_SECRET}"
				echo "base_url = ${CC_SPOTIFY:-$FAKE_URL}/spotify/v1"
				echo "token_url = ${CC_SPOTIFY:-$FAKE_URL}/spotify-accounts/api/token" ;;
			musicbrainz)
				echo "[musicbrainz]"
				echo "base_url = ${CC_MB:-$FAKE_URL}/musicbrainz/ws/2"
				echo "user_agent = media-route-test/1.0 ( test@example.org )" ;;
			esac
		done
		[ -n "${CC_EXTRA:-}" ] && printf '%s\n' "$CC_EXTRA"
	} > "$CONF"
	chmod 600 "$CONF"
}

# jget FILE JQ: the jq expression over the first record of FILE.
jget() { jq -r "$2" < "$1" | head -n 1; }
