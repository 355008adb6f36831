"""Fake MusicBrainz ws/2 (api-shapes.md section 3) over the test catalog.

A request without User-Agent is 403; without fmt=json (or an Accept of
JSON) 406.  GET /ws/2/artist?query= and /ws/2/release-group?query=
understand the Lucene subset the client sends: artist:"X",
releasegroup:"X", AND, and free words (OR); the best hit scores 100.
Lookups /ws/2/artist/{mbid} and /ws/2/release-group/{mbid}.  Start the
fake with --rate musicbrainz=1/1 to answer 503 to a client faster than
1 request per second.  A query with a capture in fixtures/musicbrainz/
search_artist_<slug>.json is answered with it.
"""

import os
import re

import fakecat

HELP = "For usage, please see: https://musicbrainz.org/development/mmd"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def artist_json(a, score=None):
    r = {"id": a["mbid"], "type": a.get("type", "Group")}
    if score is not None:
        r["score"] = score
    r.update({"name": a["name"], "sort-name": a["name"], "country": a.get("country"),
              "life-span": {"begin": a.get("begin"), "ended": None}})
    if a.get("disambiguation"):
        r["disambiguation"] = a["disambiguation"]
    return r


def rg_json(al, art, score=None):
    r = {"id": al["rgid"]}
    if score is not None:
        r["score"] = score
    r.update({"count": 1, "title": al["title"], "first-release-date": al["date"],
              "primary-type": al["type"]})
    if al.get("secondary"):
        r["secondary-types"] = al["secondary"]
    r["artist-credit"] = [{"name": art["name"], "artist": {"id": art["mbid"], "name": art["name"],
                                                           "sort-name": art["name"]}}]
    r["releases"] = []
    return r


def parse(q):
    """-> (fields {name: value}, free words)."""
    fields = {}
    for k, v1, v2 in re.findall(r'(\w+):(?:"((?:[^"\\]|\\.)*)"|(\S+))', q):
        fields[k.lower()] = re.sub(r"\\(.)", r"\1", v1 or v2)
    free = re.sub(r'(\w+):(?:"(?:[^"\\]|\\.)*"|\S+)', " ", q)
    free = re.sub(r"\b(AND|OR|NOT)\b", " ", free)
    free = re.sub(r"\\(.)", r"\1", free)
    return fields, free.split()


class MusicBrainz:
    def __init__(self, ctx):
        self.ctx = ctx

    def handle(self, req):
        if not (req.headers.get("User-Agent") or "").strip():
            return 403, {"error": "Your request has been blocked: provide a meaningful User-Agent.", "help": HELP}
        if req.arg("fmt") != "json" and "json" not in (req.headers.get("Accept") or ""):
            return 406, "<error>xml only</error>", {"Content-Type": "application/xml"}
        cat = fakecat.load(self.ctx.fixtures)
        arts = {a["mbid"]: a for a in cat["artists"]}
        m = re.fullmatch(r"/ws/2/(artist|release-group)(?:/([^/]*))?/?", req.path)
        if not m:
            return 404, {"error": "Not Found", "help": HELP}
        ent, mbid = m.group(1), m.group(2)
        if mbid:
            if not UUID.match(mbid):
                return 400, {"error": "Invalid mbid.", "help": HELP}
            if ent == "artist":
                a = arts.get(mbid)
                return (200, artist_json(a)) if a else (404, {"error": "Not Found", "help": HELP})
            al = next((x for x in cat["albums"] if x["rgid"] == mbid), None)
            return (200, rg_json(al, arts[al["artist"]])) if al else (404, {"error": "Not Found", "help": HELP})
        q = req.arg("query")
        if not q or not q.strip():
            return 400, {"error": "The given parameters do not match any available query type for the %s resource." % ent, "help": HELP}
        rec = os.path.join(self.ctx.fixtures, "musicbrainz", "search_%s_%s.json" % (
            "artist" if ent == "artist" else "release_group", fakecat.slug(q)))
        if os.path.exists(rec):
            with open(rec, "rb") as f:
                return 200, f.read(), {"Content-Type": "application/json"}
        fields, free = parse(q)
        scored = []
        if ent == "artist":
            for a in cat["artists"]:
                if "artist" in fields:
                    ok = fakecat.norm(fields["artist"]) == fakecat.norm(a["name"])
                    s = 100
                else:
                    words = set(fakecat.norm(a["name"]).split())
                    hit = [w for w in free if fakecat.norm(w) in words]
                    ok = bool(hit)
                    s = int(100 * len(hit) / max(len(words), len(free)))
                if ok:
                    scored.append((s + a["popularity"] / 100.0, a))
            scored.sort(key=lambda x: -x[0])
            top = scored[0][0] if scored else 1
            items = [artist_json(a, int(round(100 * s / top))) for s, a in scored]
            return 200, {"created": "2026-01-01T00:00:00.000Z", "count": len(items), "offset": 0, "artists": items}
        for al in cat["albums"]:
            art = arts[al["artist"]]
            if "releasegroup" in fields and fakecat.norm(fields["releasegroup"]) != fakecat.norm(al["title"]):
                continue
            if "artist" in fields and fakecat.norm(fields["artist"]) != fakecat.norm(art["name"]):
                continue
            if not fields:
                words = set(fakecat.norm(al["title"]).split())
                if not any(fakecat.norm(w) in words for w in free):
                    continue
            scored.append((100 + art["popularity"] / 100.0, al))
        scored.sort(key=lambda x: -x[0])
        top = scored[0][0] if scored else 1
        items = [rg_json(al, arts[al["artist"]], int(round(100 * s / top))) for s, al in scored]
        return 200, {"created": "2026-01-01T00:00:00.000Z", "count": len(items), "offset": 0, "release-groups": items}


def make(ctx):
    return MusicBrainz(ctx)
