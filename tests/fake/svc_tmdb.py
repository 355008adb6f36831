"""Fake TMDb v3 (api-shapes.md section 1) over the test catalog.

Auth: "Authorization: Bearer <TMDB_TOKEN>" or "?api_key=<TMDB_KEY>"
(tests/t/lib.sh); anything else is 401 status_code 7 like the real one.
Endpoints: search/movie, search/tv (query required, else 422 errors[];
primary_release_year / year / first_air_date_year filters), movie/{id},
tv/{id} (append_to_response=external_ids), {movie,tv}/{id}/external_ids,
find/{id}?external_source=imdb_id|tvdb_id, movie/{id}/alternative_titles.
Movies match on their title, original_title and alt_titles; "titles"
{language: title} give the title for ?language= (default the catalog's
English one).  A search whose query has a
recorded answer in fixtures/tmdb/search_<movie|tv>_<slug>.json is answered
with that capture.  --opt tmdb_key=... / tmdb_token=... change the keys.
"""

import os

import fakecat

E401 = {"status_code": 7, "status_message": "Invalid API key: You must be granted a valid key.", "success": False}
E404 = {"status_code": 34, "status_message": "The resource you requested could not be found.", "success": False}


def movie_result(m, media_type=False, language=None):
    r = {"adult": False, "backdrop_path": None, "genre_ids": [18], "id": m["id"],
         "original_language": m.get("original_language", "en"),
         "original_title": m.get("original_title", m["title"]), "overview": "",
         "popularity": m["pop"], "poster_path": "/p%d.jpg" % m["id"] if m["votes"] else None,
         "release_date": m["date"], "title": m.get("titles", {}).get(language, m["title"]),
         "video": False,
         "vote_average": 7.0 if m["votes"] else 0, "vote_count": m["votes"]}
    if media_type:
        r["media_type"] = "movie"
    return r


def tv_result(s, media_type=False):
    r = {"adult": False, "backdrop_path": None, "genre_ids": [18], "id": s["id"],
         "origin_country": ["US"], "original_language": "en", "original_name": s["name"],
         "overview": "", "popularity": s["pop"], "poster_path": "/t%d.jpg" % s["id"],
         "first_air_date": s["date"], "name": s["name"], "vote_average": 8.0, "vote_count": s["votes"]}
    if media_type:
        r["media_type"] = "tv"
    return r


def tv_ext(s):
    return {"id": s["id"], "imdb_id": s["imdb"], "freebase_mid": None, "freebase_id": None,
            "tvdb_id": s["tvdb"], "tvrage_id": None, "wikidata_id": None,
            "facebook_id": None, "instagram_id": None, "twitter_id": None}


def movie_ext(m):
    return {"id": m["id"], "imdb_id": m["imdb"], "wikidata_id": None, "facebook_id": None,
            "instagram_id": None, "twitter_id": None}


class Tmdb:
    def __init__(self, ctx):
        self.ctx = ctx
        self.key = ctx.opts.get("tmdb_key", "test-tmdb-key")
        self.token = ctx.opts.get("tmdb_token", "test-tmdb-read-access-token-0123456789abcdef")

    def page(self, results):
        return {"page": 1, "results": results[:20], "total_pages": 1 if results else 0,
                "total_results": len(results)}

    def handle(self, req):
        auth = req.headers.get("Authorization") or ""
        if req.arg("api_key") is not None:
            if req.arg("api_key") != self.key:
                return 401, E401
        elif auth != "Bearer " + self.token:
            return 401, E401
        cat = fakecat.load(self.ctx.fixtures)
        parts = req.path.strip("/").split("/")
        if parts[:1] != ["3"]:
            return 404, E404
        parts = parts[1:]
        if parts == ["configuration"]:
            with open(os.path.join(self.ctx.fixtures, "tmdb", "configuration.json"), "rb") as f:
                return 200, f.read(), {"Content-Type": "application/json;charset=utf-8"}
        if parts[:1] == ["search"] and len(parts) == 2 and parts[1] in ("movie", "tv"):
            q = req.arg("query")
            if not q or not q.strip():
                return 422, {"errors": ["query must be provided"]}
            kind = parts[1]
            rec = os.path.join(self.ctx.fixtures, "tmdb", "search_%s_%s.json" % (kind, fakecat.slug(q)))
            if os.path.exists(rec):
                with open(rec, "rb") as f:
                    return 200, f.read(), {"Content-Type": "application/json;charset=utf-8"}
            if kind == "movie":
                y = req.arg("primary_release_year") or req.arg("year")
                items = [m for m in cat["movies"] if not y or str(m["year"]) == y]
                hits = fakecat.search(items, q, lambda m: [m["title"]] + (
                    [m["original_title"]] if "original_title" in m else []) +
                    m.get("alt_titles", []), lambda m: m["pop"])
                lang = req.arg("language")
                return 200, self.page([movie_result(m, language=lang) for m in hits])
            y = req.arg("first_air_date_year") or req.arg("year")
            items = [s for s in cat["tv"] if not y or str(s["year"]) == y]
            hits = fakecat.search(items, q, lambda s: s["name"], lambda s: s["pop"])
            return 200, self.page([tv_result(s) for s in hits])
        if parts[:1] in (["movie"], ["tv"]) and len(parts) >= 2:
            try:
                tid = int(parts[1])
            except ValueError:
                return 404, E404
            items = cat["movies"] if parts[0] == "movie" else cat["tv"]
            it = next((x for x in items if x["id"] == tid), None)
            if it is None:
                return 404, E404
            ext = movie_ext(it) if parts[0] == "movie" else tv_ext(it)
            if parts[2:] == ["external_ids"]:
                return 200, ext
            if parts[2:] == ["alternative_titles"] and parts[0] == "movie":
                return 200, {"id": tid, "titles": [
                    {"iso_3166_1": "XX", "title": t, "type": ""}
                    for t in it.get("alt_titles", [])]}
            if len(parts) != 2:
                return 404, E404
            d = movie_result(it) if parts[0] == "movie" else tv_result(it)
            d.pop("genre_ids")
            if parts[0] == "movie":
                d["imdb_id"] = it["imdb"]
            if "external_ids" in (req.arg("append_to_response") or "").split(","):
                d["external_ids"] = ext
            return 200, d
        if parts[:1] == ["find"] and len(parts) == 2:
            src = req.arg("external_source")
            res = {"movie_results": [], "person_results": [], "tv_results": [],
                   "tv_episode_results": [], "tv_season_results": []}
            if src == "imdb_id":
                res["movie_results"] = [movie_result(m, True) for m in cat["movies"] if m["imdb"] == parts[1]]
                res["tv_results"] = [tv_result(s, True) for s in cat["tv"] if s["imdb"] == parts[1]]
            elif src == "tvdb_id":
                res["tv_results"] = [tv_result(s, True) for s in cat["tv"] if str(s["tvdb"]) == parts[1]]
            else:
                return 400, {"status_code": 5, "status_message": "Invalid parameters: Your request parameters are incorrect.", "success": False}
            return 200, res
        return 404, E404


def make(ctx):
    return Tmdb(ctx)
