#!/bin/sh
# mr-classify against the fakes: a show, a film, a band, an album, a year,
# a hint, ids and links, a show without a TVDB id, no match.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/classify-lib.sh"
fake_start "$SVCS"
cconf tmdb spotify musicbrainz

mr-classify -c "$CONF" Dexter > "$T/o" 2> "$T/e"; rc=$?
is "$rc" 0 "a show: exit 0"
is "$(jget "$T/o" '[.best.media_type,.best.service,.best.external_id,.best.id_source,.best.ids.tmdb,.best.ids.imdb]|join(" ")')" \
    "tv sonarr 79349 tvdb 1405 tt0773262" "a show: TVDB id via TMDb external_ids"
like "$(jget "$T/o" '.best.why|join(";")')" "tvdb via tmdb external_ids" "a show: why names the id step"
is "$(jget "$T/o" '.best.confidence > 0.8')" true "a show: confident"
is "$(jget "$T/o" '.query + "|" + .parsed.title')" "Dexter|Dexter" "query and parsed title"
is "$(jget "$T/o" '.elapsed_ms|type')" number "elapsed_ms is a number"
is "$(cat "$T/e")" "" "nothing on stderr"

mr-classify -c "$CONF" "Interstellar" > "$T/o"; rc=$?
is "$(jget "$T/o" '[.best.media_type,.best.service,.best.external_id,.best.id_source]|join(" ")')" \
    "movie radarr 157336 tmdb" "a film: TMDb id"

mr-classify -c "$CONF" Nirvana > "$T/o"
is "$(jget "$T/o" '[.best.media_type,.best.music_kind,.best.service,.best.id_source]|join(" ")')" \
    "music artist lidarr musicbrainz" "a band: music artist for lidarr"
is "$(jget "$T/o" .best.external_id)" "5b11f4ce-a62d-471e-81fc-a69a8278c7da" \
    "a band: the famous namesake's MBID"

mr-classify -c "$CONF" "Abbey Road album" > "$T/o"
is "$(jget "$T/o" '[.best.music_kind,.best.external_id,.best.ids.musicbrainz_album,.best.artist]|join(" ")')" \
    "album b10bbbfc-cf9e-42e0-be17-e2c3e1d2600d 9162580e-5df4-32de-80cc-f45a8d8a9b1d The Beatles" \
    "an album: artist MBID and release group"

mr-classify -c "$CONF" "Dune 1984" > "$T/o"
is "$(jget "$T/o" '[.best.external_id,.best.year,.parsed.year]|join(" ")')" "841 1984 1984" "a year picks the 1984 film"
mr-classify -c "$CONF" "Dune (2021)" > "$T/o"
is "$(jget "$T/o" .best.external_id)" 438631 "a bracketed year picks the 2021 film"
grep -q 'primary_release_year=2021' "$FAKE_LOG"; ok $? "an explicit year is passed to TMDb"

mr-classify -c "$CONF" "Fargo tv series" > "$T/o"
is "$(jget "$T/o" '[.best.media_type,.best.external_id,.parsed.hint]|join(" ")')" "tv 269613 tv" "a tv hint picks the show"
mr-classify -c "$CONF" -t movie Fargo > "$T/o"
is "$(jget "$T/o" '[.best.media_type,.best.external_id]|join(" ")')" "movie 275" "-t movie picks the film"

mr-classify -c "$CONF" "Band of Brothers" > "$T/o"
is "$(jget "$T/o" '[.best.media_type,.best.external_id]|join(" ")')" "tv 74205" \
    "a hint word that is part of the title: the literal reading is searched"
fake_reset
mr-classify -c "$CONF" "Blade Runner album" > "$T/o"
is "$(jget "$T/o" '[.best.music_kind,.best.artist,.best.ids.musicbrainz_album]|join(" ")')" \
    "album Vangelis 7b2e0a47-5e1c-5b36-9e3c-5a2b1c4d9e01" "an album named like a film"
like "$(fake_requests spotify | jq -r .path | tr '\n' ' ')" "/v1/artists/4P70aqttdpJ9vuYFDmf7f6" \
    "the album's artist is fetched for its popularity"

mr-classify -c "$CONF" tt0773262 > "$T/o"
is "$(jget "$T/o" '[.best.title,.best.external_id]|join(" ")')" "Dexter 79349" "an IMDb id"
mr-classify -c "$CONF" "https://www.themoviedb.org/movie/550-fight-club" > "$T/o"
is "$(jget "$T/o" '[.best.title,.best.external_id]|join(" ")')" "Fight Club 550" "a TMDb link"

mr-classify -c "$CONF" "Zorblax Chronicles" > "$T/o"; rc=$?
is "$(jget "$T/o" '[.best.media_type,(.best.external_id|tostring),(.best.id_source|tostring),(.best.ids.tvdb|tostring)]|join(" ")')" \
    "tv null null null" "no TVDB id: external_id null, never the TMDb id"
like "$(jget "$T/o" '.best.why|join(";")')" "no tvdb id" "no TVDB id: why says so"

mr-classify -c "$CONF" "Qzxv Wplk" > "$T/o"; rc=$?
is "$rc" 1 "no match: exit 1"
is "$(jget "$T/o" '[(.best|tostring),(.matches|length|tostring)]|join(" ")')" "null 0" "no match: best null, no matches"

mr-classify -c "$CONF" -m 1 "The Office" > "$T/o"
is "$(jget "$T/o" '.matches|length')" 1 "-m 1 lists one match"
mr-classify -c "$CONF" -P Dexter > "$T/o"
is "$(jq -c .best.external_id < "$T/o")" '"79349"' "-P writes pretty JSON"
mr-classify -c "$CONF" --min-confidence 0.999 Dexter > "$T/o"; rc=$?
is "$rc:$(jget "$T/o" '(.best|tostring) + " " + (.matches|length|tostring)')" "1:null 1" \
    "--min-confidence: no match, matches kept"
done_testing
