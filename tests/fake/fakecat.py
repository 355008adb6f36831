"""Shared by svc_tmdb.py, svc_spotify.py, svc_musicbrainz.py: the tiny
test catalog (tests/fixtures/catalog/catalog.json) and a text search that
behaves like the real services' closely enough for tests: words are
normalised (case, diacritics, punctuation), every query word except
articles must be in the title (the last one may be a prefix), exact
titles rank first, then popularity."""

import json
import os
import re
import unicodedata

ARTICLES = {"the", "a", "an", "of", "and"}
_cache = {}


def load(fixtures):
    path = os.path.join(fixtures, "catalog", "catalog.json")
    if path not in _cache:
        with open(path, encoding="utf-8") as f:
            _cache[path] = json.load(f)
    return _cache[path]


def norm(s):
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = s.replace("&", " and ").replace("'", "")
    return " ".join(re.sub(r"[^\w]+", " ", s).split())


def matches(query, title):
    """0: exact, 1: all words, None: no match."""
    q, t = norm(query), norm(title)
    if not q:
        return None
    if q == t:
        return 0
    words = t.split()
    qw = [w for w in q.split() if w not in ARTICLES] or q.split()
    for i, w in enumerate(qw):
        if w in words:
            continue
        if i == len(qw) - 1 and len(w) >= 3 and any(x.startswith(w) for x in words):
            continue
        return None
    return 1


def search(items, query, title_of, pop_of):
    """title_of gives a title or a list of them (original, alternative
    titles): the best match of any counts."""
    hits = []
    for it in items:
        ts = title_of(it)
        ms = [matches(query, t) for t in (ts if isinstance(ts, list) else [ts])]
        ms = [m for m in ms if m is not None]
        m = min(ms) if ms else None
        if m is not None:
            hits.append((m, -pop_of(it), it))
    hits.sort(key=lambda h: (h[0], h[1]))
    return [h[2] for h in hits]


def slug(s):
    return re.sub(r"[^a-z0-9]+", "_", norm(s)).strip("_")
