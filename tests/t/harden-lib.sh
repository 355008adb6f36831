# harden-lib.sh: helpers for the tests/t/07NN-*.t hardening tests
# (faults, crashes, concurrency, soak), sourced after lib.sh.

# harden_fixtures: $T/fixtures, the fakes' fixtures plus an Interstellar
# in Radarr and a Muse in Lidarr, so that three plain titles (Interstellar,
# Game of Thrones, Muse) go through TMDb, Spotify and MusicBrainz to all
# three *arr services.  Sets FX.
MUSE=9c9f1380-2516-4fc9-a3e6-f9f61941d090
harden_fixtures() {
	FX=$T/fixtures
	cp -R "$MR_TOP/tests/fixtures" "$FX"
	jq '.tmdbId = 157336 | .title = "Interstellar"
	    | .originalTitle = "Interstellar" | .year = 2014
	    | .imdbId = "tt0816692" | .titleSlug = "interstellar-157336"
	    | .sortTitle = "interstellar" | .cleanTitle = "interstellar"' \
	    "$FX/radarr/movie_lookup_tmdb_990201_constructed.json" \
	    > "$FX/radarr/movie_lookup_tmdb_157336_test.json"
	jq --arg muse "$MUSE" '.artists[1] as $a
	    | .artists += [($a | .foreignArtistId = $muse | .artistName = "Muse"
	        | .sortName = "muse" | .cleanName = "muse")]' \
	    "$MR_TOP/tests/fixtures/lidarr/album_catalog_constructed.json" \
	    > "$FX/lidarr/album_catalog_constructed.json"
}

# hdb SQL: run SQL on the test database (busy-tolerant).
hdb() { sqlite3 -cmd '.timeout 5000' "$T/mr.db" "$1"; }

# effective_adds [SERVICE]: the adds the *arr fakes really performed, one
# line "service external_id" each (POSTs answered 2xx without a fault).
effective_adds() { ADDS_ALL=0 adds_of ${1:+"$1"}; }
# sent_adds [SERVICE]: every add POST the fakes received, whatever came of it.
sent_adds() { ADDS_ALL=1 adds_of ${1:+"$1"}; }
adds_of() {
	fake_requests ${1:+"$1"} | jq -r --arg all "$ADDS_ALL" '
	    select(.method == "POST" and
	    (.path | test("/(movie|series|artist|album)$")) and ($all == "1" or
	    (.status >= 200 and .status < 300 and .fault == null))) |
	    .service as $s | .service + " " + ((.body | fromjson) as $b |
	    (if $s == "sonarr" then $b.tvdbId elif $s == "radarr" then
	     $b.tmdbId else ($b.foreignAlbumId // $b.foreignArtistId) end
	     // "?") | tostring)'
}

# no_double_adds: exit 0 when no item was added twice.
no_double_adds() {
	[ -z "$(effective_adds | sort | uniq -d)" ]
}

# invariants: print the requests that break the invariants of issue 7
# (nothing printed: all hold).  Every request is in a known state,
# Pending ones hold no live lease; the events tell the story: a
# "created" event, the last status-changing event ends in the current
# status, at most one "sent" event and one for each sent request.
invariants() {
	hdb "SELECT id, status, 'bad status' FROM requests
	     WHERE status NOT IN ('Pending', 'NeedsReview', 'NoMatch',
	         'SentToRadarr', 'SentToSonarr', 'SentToLidarr', 'Failed',
	         'Cancelled');
	     SELECT id, status, 'no created event' FROM requests r
	     WHERE NOT EXISTS (SELECT 1 FROM events e
	         WHERE e.request_id = r.id AND e.event = 'created');
	     SELECT r.id, r.status, 'last event says ' || e.new_status
	     FROM requests r JOIN events e ON e.id = (SELECT max(id)
	         FROM events WHERE request_id = r.id AND new_status IS NOT NULL)
	     WHERE e.new_status <> r.status;
	     SELECT id, status, 'sent events: ' || (SELECT count(*) FROM events e
	         WHERE e.request_id = r.id AND e.event = 'sent')
	     FROM requests r WHERE (SELECT count(*) FROM events e
	         WHERE e.request_id = r.id AND e.event = 'sent') <>
	         (CASE WHEN status LIKE 'SentTo%' THEN 1 ELSE 0 END);
	     SELECT id, status, 'sent without an external id' FROM requests
	     WHERE status LIKE 'SentTo%' AND (external_id IS NULL OR
	         external_id = '');"
}

# no_live_leases: exit 0 when no request is leased (after every run ended).
no_live_leases() {
	[ "$(hdb 'SELECT count(*) FROM requests WHERE lease_owner IS NOT NULL')" = 0 ]
}

# make_due: every Pending request due now (a retry's backoff skipped, as
# if its time had come).
make_due() {
	hdb "UPDATE requests SET next_attempt_at = NULL WHERE status = 'Pending'"
}

# synth_fixtures N: harden_fixtures plus N made-up movies, shows and
# artists the *arr fakes can look up and add: Radarr tmdbId 7000000+i,
# Sonarr tvdbId 8000000+i, Lidarr artist 5e000000-0000-4000-8000-<i>.
synth_fixtures() {
	rm -rf "$T/fixtures"
	harden_fixtures
	jq -c --argjson n "$1" '. as $m | [range(0; $n) as $i | $m
	    | .tmdbId = 7000000 + $i | .title = "Soak Movie \($i)"
	    | .originalTitle = .title | .imdbId = "tt9\($i + 100000)"
	    | .titleSlug = "soak-movie-\($i)" | .sortTitle = (.title | ascii_downcase)
	    | .cleanTitle = "soakmovie\($i)"]' \
	    "$FX/radarr/movie_lookup_tmdb_990201_constructed.json" \
	    > "$FX/radarr/movie_lookup_synth.json"
	jq -c --argjson n "$1" '.[0] as $s | [range(0; $n) as $i | $s
	    | .tvdbId = 8000000 + $i | .title = "Soak Show \($i)"
	    | .tmdbId = 9000000 + $i | .imdbId = "tt8\($i + 100000)"
	    | .titleSlug = "soak-show-\($i)" | .sortTitle = (.title | ascii_downcase)
	    | .cleanTitle = "soakshow\($i)"]' \
	    "$FX/sonarr/series_lookup_tvdb_81189_breaking_bad.json" \
	    > "$FX/sonarr/series_lookup_synth.json"
	jq -c --argjson n "$1" '
	    def pad: tostring | ("000000000000" + .)[-12:];
	    .artists[1] as $a | .artists += [range(0; $n) as $i | $a
	    | .foreignArtistId = ("5e000000-0000-4000-8000-" + ($i | pad))
	    | .artistName = "Soak Band \($i)" | .sortName = "soak band \($i)"
	    | .cleanName = "soakband\($i)"]' \
	    "$FX/lidarr/album_catalog_constructed.json" > "$T/lidarr.json"
	mv "$T/lidarr.json" "$FX/lidarr/album_catalog_constructed.json"
}

# synth_mbid I: the made-up MusicBrainz id of Soak Band I.
synth_mbid() { printf '5e000000-0000-4000-8000-%012d' "$1"; }

# synth_cls I: classification records for item I: movie, show, band.
synth_cls() {
	cls "Soak Movie $1" movie radarr $((7000000 + $1))
	cls "Soak Show $1" tv sonarr $((8000000 + $1))
	cls "Soak Band $1" music lidarr "$(synth_mbid "$1")" musicbrainz 0.9
}
