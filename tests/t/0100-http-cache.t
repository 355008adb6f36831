#!/bin/sh
# lib/http and the response cache: hits cost no network, keys carry no
# secret, errors are not stored, REFRESH and OFF modes.
. "$(dirname "$0")/lib.sh"

fake_start echo
U=$FAKE_URL/echo
G="mr-http-get --db $T/mr.db --backoff 10 --max-backoff 50"

$G --cache-ttl 60 "$U/c?query=Dune&api_key=$TMDB_KEY" > "$T/out1"
$G --cache-ttl 60 "$U/c?query=Dune&api_key=$TMDB_KEY" > "$T/out2"
is "$(head -n 1 "$T/out1" | jq -c '[.status, .from_cache, .attempts]')" \
    '[200,false,1]' "first request: from the network"
is "$(head -n 1 "$T/out2" | jq -c '[.status, .from_cache, .attempts]')" \
    '[200,true,0]' "second request: from the cache"
is "$(head -n 1 "$T/out1" | jq .len)" "$(head -n 1 "$T/out2" | jq .len)" \
    "cached body has the same length"
is "$(fake_count echo)" 1 "the fake saw 1 request"
sqlite3 "$T/mr.db" 'SELECT key FROM http_cache' > "$T/keys"
like "$(cat "$T/keys")" \
    '^GET http://127\.0\.0\.1:[0-9]+/echo/c\?query=Dune&api_key=\*\*\*$' \
    "cache key: METHOD and redacted URL"
sqlite3 "$T/mr.db" .dump > "$T/dump"
ok $(no_secret_in "$T/dump"; echo $?) "no secret in the database"

$G --cache-ttl 60 --refresh "$U/c?query=Dune&api_key=$TMDB_KEY" > "$T/out1"
is "$(head -n 1 "$T/out1" | jq .from_cache)" false "--refresh: network"
$G --cache-ttl 60 --no-cache "$U/c?query=Dune&api_key=$TMDB_KEY" > "$T/out1"
is "$(head -n 1 "$T/out1" | jq .from_cache)" false "cache off: network"
is "$(fake_count echo)" 3 "the fake saw 3 requests"

# No ttl: never cached.
$G "$U/nottl" > /dev/null
$G "$U/nottl" > /dev/null
is "$(fake_requests echo | jq -r .path | grep -c nottl)" 2 "no ttl: no cache"

# Errors are not stored.
fake_script '{"service":"echo","path":"^/err","action":"status","status":404}'
$G --cache-ttl 60 "$U/err" > /dev/null
$G --cache-ttl 60 "$U/err" > "$T/out1"
is "$(head -n 1 "$T/out1" | jq -c '[.status, .from_cache]')" '[404,false]' \
    "404 not cached"

# Empty answers use the empty ttl (0 here: not stored).
fake_script '{"service":"echo","path":"^/empty","action":"empty"}'
$G --cache-ttl 60 --cache-ttl-empty 0 "$U/empty" > /dev/null
$G --cache-ttl 60 --cache-ttl-empty 0 "$U/empty" > "$T/out1"
is "$(head -n 1 "$T/out1" | jq .from_cache)" false \
    "empty answer with empty ttl 0: not cached"
$G --cache-ttl 60 --cache-ttl-empty 30 "$U/empty" > /dev/null
$G --cache-ttl 60 --cache-ttl-empty 30 "$U/empty" > "$T/out1"
is "$(head -n 1 "$T/out1" | jq -c '[.from_cache, .len]')" '[true,0]' \
    "empty answer with empty ttl 30: cached"
done_testing
