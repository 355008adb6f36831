"""Fake Sonarr (API v3; app v4 by default, v3 with --opt sonarr_version=3).

Catalog: every tests/fixtures/sonarr/series_lookup_*.json.  Endpoints:
system/status, rootfolder (--opt sonarr_roots=/tv,/anime), qualityprofile,
languageprofile, tag GET/POST, series/lookup?term= (tvdb:N, tvdbid:N,
v4 tmdb:N, free text), series GET (?tvdbId=) / POST, series/{id}
GET/PUT/DELETE.  POST validation as SeriesController (v3: also
languageProfileId; monitorNewItems and v4-only monitor values are 400).
The v3 app (Nancy) reads a body whatever its Content-Type.
"""

import copy
import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from arr_fake import ArrFake, norm, problem, vfail  # noqa: E402

MONITOR_V4 = ("unknown", "all", "future", "missing", "existing",
              "firstSeason", "lastSeason", "latestSeason", "pilot",
              "recent", "monitorSpecials", "unmonitorSpecials", "none",
              "skip")
MONITOR_V3 = ("unknown", "all", "future", "missing", "existing",
              "firstSeason", "latestSeason", "pilot", "none")


class Sonarr(ArrFake):
    service = "sonarr"
    app_name = "Sonarr"
    api = "/api/v3"
    default_key = "test-sonarr-key-0123456789"
    default_roots = ["/tv", "/anime"]
    json_only = {"series", "tag"}

    def __init__(self, ctx):
        super().__init__(ctx)
        self.version = int(ctx.opts.get("sonarr_version", "4"))
        self.st.setdefault("series", [])
        self.catalog = []
        for f in sorted(glob.glob(os.path.join(self.fixture_dir(),
                                               "series_lookup_*.json"))):
            with open(f, encoding="utf-8") as fh:
                self.catalog.extend(json.load(fh))
        self.body_types = {
            "tvdbId": "int", "title": "str", "qualityProfileId": "int",
            "languageProfileId": "int", "monitored": "bool",
            "seasonFolder": "bool", "rootFolderPath": "str", "path": "str",
            "seriesType": ("standard", "daily", "anime"), "tags": "list",
            "seasons": "list", "monitorNewItems": ("all", "none"),
            "addOptions": {"monitor": MONITOR_V4,
                           "searchForMissingEpisodes": "bool",
                           "searchForCutoffUnmetEpisodes": "bool",
                           "ignoreEpisodesWithFiles": "bool",
                           "ignoreEpisodesWithoutFiles": "bool"}}

    def content_type_error(self, req, path):
        if self.version == 3:
            return None
        return super().content_type_error(req, path)

    def status(self):
        st = self.fixture("system_status_v4.json")
        if self.version == 3:
            st["version"] = "3.0.10.1567"
            st["runtimeName"] = "mono"
        return st

    def quality_fixture(self):
        return ("qualityprofile.json" if self.version == 3
                else "qualityprofile_v4.json")

    def lang_fixture(self):
        return ("languageprofile_v3_constructed.json" if self.version == 3
                else "languageprofile_v4.json")

    def library(self):
        return self.st["series"]

    def in_library(self, tvdb):
        for s in self.library():
            if s.get("tvdbId") == tvdb:
                return s
        return None

    def route(self, req, sub):
        if sub == "languageprofile" and req.method == "GET":
            return 200, self.fixture(self.lang_fixture())
        if sub == "series/lookup" and req.method == "GET":
            return 200, self.lookup(req.arg("term", ""))
        if sub == "series":
            if req.method == "GET":
                tvdb, err = self.int_query(req, "tvdbId")
                if err:
                    return err
                if tvdb is None:
                    return 200, self.library()
                s = self.in_library(tvdb)
                return 200, [s] if s else []
            if req.method == "POST":
                return self.add(req)
            return 405, b""
        m = re.match(r"^series/([0-9]+)$", sub)
        if m:
            return self.one(req, int(m.group(1)))
        return super().route(req, sub)

    def lookup(self, term):
        term = term.strip()
        m = re.match(r"^(tvdb|tvdbid|tmdb):\s*(.*)$", term, re.I)
        hits = []
        if m:
            kind = m.group(1).lower()
            if not re.match(r"^[0-9]+$", m.group(2)) or int(m.group(2)) <= 0:
                return []
            n = int(m.group(2))
            if kind == "tmdb":
                if self.version == 3:
                    return []
                hits = [c for c in self.catalog if c.get("tmdbId") == n]
            else:
                hits = [c for c in self.catalog if c.get("tvdbId") == n]
        else:
            words = [w for w in norm(term) if w not in ("the", "a", "an")]
            if not words:
                return []
            for c in self.catalog:
                t = norm(c.get("title"))
                if all(w in t for w in words):
                    hits.append(c)
        out = []
        for c in hits:
            lib = self.in_library(c["tvdbId"])
            out.append(copy.deepcopy(lib if lib else c))
        return out

    def add(self, req):
        body, err = self.bind(req)
        if err:
            return err
        g = self.get
        fails = []
        if self.version == 3:
            if g(body, "monitorNewItems") is not None:
                return problem({"$.monitorNewItems": [
                    "Unknown property for the v3 app"]})
            mon = g(g(body, "addOptions") or {}, "monitor")
            if isinstance(mon, str) and mon.lower() not in [
                    x.lower() for x in MONITOR_V3]:
                return problem({"$.addOptions.monitor": [
                    "Requested value '%s' was not found." % mon]})
        title = g(body, "title")
        if not title or not str(title).strip():
            fails.append(vfail("Title", "'Title' must not be empty.", title,
                               "NotEmptyValidator"))
        tvdb = g(body, "tvdbId", 0)
        if not tvdb or tvdb <= 0:
            fails.append(vfail("TvdbId", "'Tvdb Id' must be greater than "
                               "'0'.", tvdb, "GreaterThanValidator",
                               "Tvdb Id"))
        elif self.in_library(tvdb):
            fails.append(vfail("TvdbId", "This series has already been "
                               "added", tvdb, "SeriesExistsValidator",
                               "Tvdb Id"))
        self.common_checks(body, fails)
        if self.version == 3:
            lp = g(body, "languageProfileId", 0)
            if lp not in self.profile_ids(self.lang_fixture()):
                fails.append(vfail("LanguageProfileId", "Language profile "
                                   "does not exist", lp,
                                   "LanguageProfileExistsValidator",
                                   "Language Profile Id"))
        if fails:
            return 400, fails
        cat = [c for c in self.catalog if c.get("tvdbId") == tvdb]
        if not cat:
            return 400, [vfail("TvdbId", "A series with this ID was not "
                               "found", tvdb, None, "Tvdb Id")]
        s = copy.deepcopy(cat[0])
        for k, v in body.items():
            s[k[0].lower() + k[1:]] = v
        s["id"] = self.new_id()
        root = (g(body, "rootFolderPath") or "").rstrip("/")
        s["path"] = g(body, "path") or "%s/%s" % (root, s["title"])
        s["added"] = "2026-11-25T12:00:00Z"
        s["monitored"] = g(body, "monitored", False)
        s["seriesType"] = (g(body, "seriesType") or "standard")
        if not g(body, "seasons"):
            s["seasons"] = copy.deepcopy(cat[0].get("seasons", []))
        opts = dict(g(body, "addOptions") or {})
        if self.version == 3:
            opts.setdefault("monitor", "unknown")
        s["addOptions"] = opts
        s.pop("rootFolderPath", None)
        self.library().append(s)
        self.save()
        return 201, s

    def one(self, req, sid):
        lib = self.library()
        idx = [i for i, s in enumerate(lib) if s["id"] == sid]
        if not idx:
            return 404, {"message": "Series with ID %d does not exist" % sid}
        i = idx[0]
        if req.method == "GET":
            return 200, lib[i]
        if req.method == "DELETE":
            del lib[i]
            self.save()
            return 200, {}
        if req.method != "PUT":
            return 405, b""
        body, err = self.bind(req)
        if err:
            return err
        s = lib[i]
        for k in ("monitored", "seasons", "qualityProfileId", "tags",
                  "seriesType", "seasonFolder", "monitorNewItems"):
            v = self.get(body, k)
            if v is not None:
                s[k] = v
        self.save()
        return 202, s


def make(ctx):
    return Sonarr(ctx)
