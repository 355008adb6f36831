/*
 * spotify.h: Spotify Web API requests (client-credentials flow) and
 * response parsers (api-shapes.md section 2).
 *
 * The access token is fetched with a POST to [spotify] token_url (Basic
 * auth from client_id:client_secret, form grant_type=client_credentials),
 * kept in memory and in the database meta table under "spotify_token"
 * (the token and its expiry only, never the client secret) and reused by
 * every process until 60 s before it expires.  A 401 drops it; the caller
 * fetches a new one once.  Search sends limit <= 10 (Development Mode);
 * parsers do not require popularity, followers or genres.
 */
#ifndef MR_SPOTIFY_H
#define MR_SPOTIFY_H

#include <stddef.h>

#include "hit.h"
#include "mr.h"
#include "ureq.h"

struct mr_config;
struct mr_db;
struct mr_spotify;

/* NULL when client_id or client_secret is missing.  Borrows db (NULL ok). */
struct mr_spotify *mr_spotify_new(const struct mr_config *cfg,
    struct mr_db *db);
void mr_spotify_free(struct mr_spotify *s);

/* The valid access token (memory, then database), or NULL. */
const char *mr_spotify_token(struct mr_spotify *s);

/* The token request (POST token_url); not cached, no rate bucket wait. */
struct mr_ureq *mr_spotify_token_req(const struct mr_spotify *s);

/*
 * Take the answer of the token request: store the token (memory and
 * database).  MR_EAUTH on 400 invalid_client / 401; other failures as
 * mr_ureq_check().
 */
enum mr_rc mr_spotify_token_take(struct mr_spotify *s,
    const struct mr_ureq *u, struct mr_err *err);

/* Forget the token (after a 401), in memory and in the database. */
void mr_spotify_token_drop(struct mr_spotify *s);

/*
 * GET search?q=&type=&limit= with the current token (which must be
 * valid).  types: "artist,album"; limit is clamped to 1..10.
 */
struct mr_ureq *mr_spotify_search(const struct mr_spotify *s,
    const char *q, const char *types, int limit);

/* GET artists/{id} or albums/{id} (album != 0). */
struct mr_ureq *mr_spotify_get(const struct mr_spotify *s, int album,
    const char *id);

/* Artists, then albums, of a search body (at most max of each; 0: all). */
enum mr_rc mr_spotify_parse_search(const char *body, size_t len, size_t max,
    struct mr_hits *out, struct mr_err *err);

/* One artist or album object (artists/{id}, albums/{id}). */
enum mr_rc mr_spotify_parse_object(const char *body, size_t len, int album,
    struct mr_hits *out, struct mr_err *err);

/* 1 when a search body has no items at all. */
int mr_spotify_empty(const char *body, size_t len);

/* Check an ended Web API request ("spotify.http", "spotify.auth"...). */
enum mr_rc mr_spotify_check(const struct mr_ureq *u, struct mr_err *err);

#endif
