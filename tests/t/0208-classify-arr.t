#!/bin/sh
# The *arr steps of the id chains and *arr-only setups: a show whose TMDb
# record has no TVDB id gets it from Sonarr (tmdb:N); an artist's MBID
# from Lidarr's lookup; with no TMDb/Spotify/MusicBrainz configured the
# *arr lookups are the sources.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/classify-lib.sh"
fake_start "$SVCS,sonarr,radarr,lidarr"
write_config

mr-classify -c "$CONF" "Kitsune Patrol" > "$T/o" 2> "$T/e"; rc=$?
is "$rc" 0 "no TVDB id in TMDb: exit 0"
is "$(jget "$T/o" '[.best.external_id,.best.id_source,.best.ids.tmdb]|join(" ")')" "900101 tvdb 990101" \
    "no TVDB id in TMDb: found by Sonarr"
like "$(jget "$T/o" '.best.why|join(";")')" "tvdb via sonarr lookup tmdb:N" "why names the Sonarr step"
fake_requests sonarr | jq -r .query > "$T/q"
like "$(head -n 1 "$T/q")" "^term=tmdb%3A990101$" "Sonarr asked by tmdb:N first"
fake_requests sonarr | jq -r '.headers["X-Api-Key"]' | sort -u > "$T/k"
is "$(cat "$T/k")" "$SONARR_KEY" "Sonarr key in the X-Api-Key header"
no_secret_in "$T/q"; ok $? "no key in the Sonarr URL"

rm -f "$T/mr.db"
fake_reset
fake_script '{"service":"sonarr","action":"status","status":503,"body":{"message":"SkyHook is down"}}'
mr-classify -c "$CONF" "Kitsune Patrol" > "$T/o" 2> "$T/e"; rc=$?
is "$(jget "$T/o" '[(.best.external_id|tostring),(.best.id_source|tostring)]|join(" ")')" "null null" \
    "Sonarr down: external_id null, not the TMDb id"
like "$(jget "$T/o" '.best.why|join(";")')" "sonarr unavailable" "Sonarr down: why says so"
fake_reset

rm -f "$T/mr.db"
mr-classify -c "$CONF" Manowar > "$T/o" 2> "$T/e"; rc=$?
is "$(jget "$T/o" '[.best.media_type,.best.external_id]|join(" ")')" \
    "music 00eeed6b-5897-4359-8347-b8cd28375331" "an artist's MBID from Lidarr"
like "$(jget "$T/o" '.best.why|join(";")')" "via lidarr lookup" "why names Lidarr"
is "$(fake_count musicbrainz)" 0 "Lidarr answered: no MusicBrainz request"

# Development Mode: Spotify artists without popularity get Lidarr's votes
# and MBID in round 1.
fake_stop
fake_start "$SVCS,sonarr,radarr,lidarr" --opt spotify_shape=dev
write_config
rm -f "$T/mr.db"
mr-classify -c "$CONF" Manowar > "$T/o" 2> "$T/e"; rc=$?
is "$(jget "$T/o" '[.best.media_type,.best.external_id]|join(" ")')" \
    "music 00eeed6b-5897-4359-8347-b8cd28375331" "dev mode: artist with its MBID"
is "$(fake_count lidarr)" 1 "dev mode: one Lidarr lookup gives votes and MBID"

# Only the *arr services configured.
rm -f "$T/mr.db"
fake_reset
{
	echo "[database]"
	echo "path = $T/mr.db"
	for s in sonarr radarr lidarr; do
		k=$(echo $s | tr a-z A-Z)_KEY
		echo "[$s]"
		echo "url = $FAKE_URL/$s"
		eval echo "api_key = \$$k"
	done
} > "$CONF"
chmod 600 "$CONF"
mr-classify -c "$CONF" "Breaking Bad" "The Test Heist" Manowar > "$T/o" 2> "$T/e"; rc=$?
is "$rc" 0 "*arr only: exit 0"
is "$(jq -r '[.best.media_type,.best.external_id]|join(" ")' < "$T/o" | tr '\n' '|')" \
    "tv 81189|movie 990201|music 00eeed6b-5897-4359-8347-b8cd28375331|" "*arr only: show, film and artist"
is "$(fake_count tmdb)" 0 "*arr only: no TMDb request"
done_testing
