"""Fake Radarr (API v3).

Catalog: every tests/fixtures/radarr/movie_lookup_*.json (single objects).
Endpoints: system/status (appName Radarr; --opt radarr_old_status=1 serves
the 2020 capture without appName), rootfolder (--opt radarr_roots=),
qualityprofile, tag GET/POST, movie/lookup?term= (tmdb:N, imdb:tt..,
free text), movie/lookup/tmdb?tmdbId= (single object; unknown id -> 500
"Movie with tmdbId N was not found, ..." as the real app),
movie GET (?tmdbId=) / POST, movie/{id} GET/DELETE.
"""

import copy
import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from arr_fake import ArrFake, norm, vfail  # noqa: E402


class Radarr(ArrFake):
    service = "radarr"
    app_name = "Radarr"
    api = "/api/v3"
    default_key = "test-radarr-key-0123456789"
    default_roots = ["/movies"]
    json_only = {"movie", "tag"}
    body_types = {
        "tmdbId": "int", "title": "str", "qualityProfileId": "int",
        "monitored": "bool", "rootFolderPath": "str", "path": "str",
        "minimumAvailability": ("tba", "announced", "inCinemas",
                                "released", "deleted"),
        "tags": "list",
        "addOptions": {"monitor": ("movieOnly", "movieAndCollection",
                                   "none"),
                       "searchForMovie": "bool"}}

    def __init__(self, ctx):
        super().__init__(ctx)
        self.st.setdefault("movies", [])
        self.catalog = []
        for f in sorted(glob.glob(os.path.join(self.fixture_dir(),
                                               "movie_lookup_*.json"))):
            with open(f, encoding="utf-8") as fh:
                d = json.load(fh)
            self.catalog.extend(d if isinstance(d, list) else [d])

    def status(self):
        st = self.fixture("system_status.json")
        if self.ctx.opts.get("radarr_old_status") != "1":
            st = dict({"appName": "Radarr", "instanceName": "Radarr"}, **st)
            st["version"] = "5.14.0.9383"
        return st

    def library(self):
        return self.st["movies"]

    def in_library(self, tmdb):
        for m in self.library():
            if m.get("tmdbId") == tmdb:
                return m
        return None

    def view(self, c):
        lib = self.in_library(c["tmdbId"])
        return copy.deepcopy(lib if lib else c)

    def route(self, req, sub):
        if sub == "movie/lookup/tmdb" and req.method == "GET":
            n, err = self.int_query(req, "tmdbId")
            if err:
                return err
            hits = [c for c in self.catalog if c.get("tmdbId") == n]
            if not hits:
                return 500, {"message": "Movie with tmdbId %s was not found,"
                             " it may have been removed from TMDb." % n,
                             "description": "MovieNotFoundException"}
            return 200, self.view(hits[0])
        if sub == "movie/lookup" and req.method == "GET":
            return 200, self.lookup(req.arg("term", ""))
        if sub == "movie":
            if req.method == "GET":
                n, err = self.int_query(req, "tmdbId")
                if err:
                    return err
                if n is None:
                    return 200, self.library()
                m = self.in_library(n)
                return 200, [m] if m else []
            if req.method == "POST":
                return self.add(req)
            return 405, b""
        m = re.match(r"^movie/([0-9]+)$", sub)
        if m:
            return self.one(req, int(m.group(1)))
        return super().route(req, sub)

    def lookup(self, term):
        term = term.strip()
        m = re.match(r"^(tmdb|tmdbid|imdb|imdbid):\s*(.*)$", term, re.I)
        if m:
            kind, val = m.group(1).lower(), m.group(2)
            if kind.startswith("tmdb"):
                if not re.match(r"^[0-9]+$", val):
                    return []
                hits = [c for c in self.catalog
                        if c.get("tmdbId") == int(val)]
            else:
                hits = [c for c in self.catalog if c.get("imdbId") == val]
        else:
            words = norm(term)
            hits = [c for c in self.catalog
                    if words and all(w in norm(c.get("title")) for w in words)]
        return [self.view(c) for c in hits]

    def add(self, req):
        body, err = self.bind(req)
        if err:
            return err
        g = self.get
        fails = []
        tmdb = g(body, "tmdbId", 0)
        if not tmdb or tmdb <= 0:
            fails.append(vfail("TmdbId", "'Tmdb Id' must not be empty.",
                               tmdb, "NotEmptyValidator", "Tmdb Id"))
        elif self.in_library(tmdb):
            fails.append(vfail("TmdbId", "This movie has already been added",
                               tmdb, "MovieExistsValidator", "Tmdb Id"))
        self.common_checks(body, fails)
        if fails:
            return 400, fails
        cat = [c for c in self.catalog if c.get("tmdbId") == tmdb]
        if not cat:
            return 400, [vfail("TmdbId", "A movie with this ID was not "
                               "found", tmdb, None, "Tmdb Id")]
        m = copy.deepcopy(cat[0])
        for k, v in body.items():
            m[k[0].lower() + k[1:]] = v
        m["id"] = self.new_id()
        root = (g(body, "rootFolderPath") or "").rstrip("/")
        m["path"] = g(body, "path") or "%s/%s (%s)" % (root, m["title"],
                                                      m.get("year"))
        m["added"] = "2026-11-25T12:00:00Z"
        m["monitored"] = g(body, "monitored", False)
        m["minimumAvailability"] = g(body, "minimumAvailability") or "tba"
        m["hasFile"] = False
        m.pop("rootFolderPath", None)
        self.library().append(m)
        self.save()
        return 201, m

    def one(self, req, mid):
        lib = self.library()
        idx = [i for i, m in enumerate(lib) if m["id"] == mid]
        if not idx:
            return 404, {"message": "Movie with ID %d does not exist" % mid}
        if req.method == "GET":
            return 200, lib[idx[0]]
        if req.method == "DELETE":
            del lib[idx[0]]
            self.save()
            return 200, {}
        return 405, b""


def make(ctx):
    return Radarr(ctx)
