"""Fake Spotify Web API (api-shapes.md section 2) over the test catalog.

Bearer tokens from svc_spotify_accounts.py only: none -> 401 "No token
provided", unknown -> "Invalid access token", expired -> "The access token
expired".  GET /v1/search?q=&type=artist,album&limit= (limit 1..10, as a
Development-Mode app; more -> 400 "Invalid limit"; q may carry album: and
artist: filters); GET /v1/artists/{id}, /v1/albums/{id}.
--opt spotify_shape=dev drops popularity and followers, as Development
Mode does.  A search "q" with a capture in fixtures/spotify/
search_artist_<slug>.json is answered with it.
"""

import os
import re
import time

import fakecat


def err(status, msg):
    return status, {"error": {"status": status, "message": msg}}


class Spotify:
    def __init__(self, ctx):
        self.ctx = ctx
        self.dev = ctx.opts.get("spotify_shape") == "dev"

    def artist(self, a):
        r = {"external_urls": {"spotify": "https://open.spotify.com/artist/" + a["spotify"]},
             "genres": [], "href": "https://api.spotify.com/v1/artists/" + a["spotify"],
             "id": a["spotify"], "images": [{"height": 640, "url": "https://i.scdn.co/image/x", "width": 640}],
             "name": a["name"], "type": "artist", "uri": "spotify:artist:" + a["spotify"]}
        if not self.dev:
            r["followers"] = {"href": None, "total": a["followers"]}
            r["popularity"] = a["popularity"]
        return r

    def simple_artist(self, a):
        return {"external_urls": {"spotify": "https://open.spotify.com/artist/" + a["spotify"]},
                "href": "https://api.spotify.com/v1/artists/" + a["spotify"], "id": a["spotify"],
                "name": a["name"], "type": "artist", "uri": "spotify:artist:" + a["spotify"]}

    def album(self, al, cat):
        art = next((a for a in cat["artists"] if a["mbid"] == al["artist"]), None)
        return {"album_type": "album", "artists": [self.simple_artist(art)] if art else [],
                "external_urls": {"spotify": "https://open.spotify.com/album/" + al["spotify"]},
                "href": "https://api.spotify.com/v1/albums/" + al["spotify"], "id": al["spotify"],
                "images": [], "name": al["title"], "release_date": al["date"],
                "release_date_precision": "day", "total_tracks": 12, "type": "album",
                "uri": "spotify:album:" + al["spotify"]}

    def paging(self, kind, items, limit):
        return {"href": "https://api.spotify.com/v1/search", "items": items[:limit], "limit": limit,
                "next": None, "offset": 0, "previous": None, "total": len(items)}

    def handle(self, req):
        auth = req.headers.get("Authorization") or ""
        if not auth.startswith("Bearer ") or not auth[7:].strip():
            return err(401, "No token provided")
        tokens = self.ctx.state.get("spotify", {}).get("tokens", {})
        exp = tokens.get(auth[7:].strip())
        if exp is None:
            return err(401, "Invalid access token")
        if exp < time.time():
            return err(401, "The access token expired")
        cat = fakecat.load(self.ctx.fixtures)
        path = req.path.rstrip("/")
        m = re.fullmatch(r"/v1/(artists|albums)/([A-Za-z0-9]+)", path)
        if m:
            if m.group(1) == "artists":
                a = next((a for a in cat["artists"] if a["spotify"] == m.group(2)), None)
                return (200, self.artist(a)) if a else err(404, "Resource not found")
            al = next((a for a in cat["albums"] if a["spotify"] == m.group(2)), None)
            return (200, self.album(al, cat)) if al else err(404, "Resource not found")
        if path != "/v1/search":
            return err(404, "Service not found")
        q = req.arg("q") or ""
        if not q.strip():
            return err(400, "No search query")
        try:
            limit = int(req.arg("limit", "5"))
        except ValueError:
            return err(400, "Invalid limit")
        if limit < 1 or limit > 10:
            return err(400, "Invalid limit")
        types = (req.arg("type") or "").split(",")
        rec = os.path.join(self.ctx.fixtures, "spotify", "search_artist_%s.json" % fakecat.slug(q))
        if types == ["artist"] and os.path.exists(rec):
            with open(rec, "rb") as f:
                return 200, f.read(), {"Content-Type": "application/json; charset=utf-8"}
        filters = dict((k.lower(), v.strip('"')) for k, v in re.findall(r'(album|artist):("[^"]*"|\S+)', q))
        free = re.sub(r'(album|artist):("[^"]*"|\S+)', " ", q).strip()
        out = {}
        if "artist" in types:
            hits = fakecat.search(cat["artists"], free or filters.get("artist", ""),
                                  lambda a: a["name"], lambda a: a["popularity"])
            out["artists"] = self.paging("artists", [self.artist(a) for a in hits], limit)
        if "album" in types:
            names = {a["mbid"]: a for a in cat["artists"]}
            als = cat["albums"]
            if "artist" in filters:
                als = [al for al in als if fakecat.matches(filters["artist"], names[al["artist"]]["name"]) is not None]
            hits = fakecat.search(als, free or filters.get("album", ""), lambda al: al["title"],
                                  lambda al: names[al["artist"]]["popularity"])
            out["albums"] = self.paging("albums", [self.album(al, cat) for al in hits], limit)
        if not out:
            return err(400, "Bad search type field")
        return 200, out


def make(ctx):
    return Spotify(ctx)
