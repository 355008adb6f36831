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
effective_adds() {
	fake_requests ${1:+"$1"} | jq -r 'select(.method == "POST" and
	    (.path | test("/(movie|series|artist|album)$")) and
	    .status >= 200 and .status < 300 and .fault == null) |
	    .service + " " + ((.body | fromjson) as $b |
	    ($b.tmdbId // $b.tvdbId // $b.foreignArtistId //
	     $b.foreignAlbumId // "?") | tostring)'
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
