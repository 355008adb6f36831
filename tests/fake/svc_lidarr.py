"""Fake Lidarr (API v1), following the world README's Lidarr rules
(simplified).

Catalog: tests/fixtures/lidarr/album_catalog_constructed.json (artists,
some from their own lookup fixture, and release groups).  Endpoints:
system/status, rootfolder (--opt lidarr_roots=), qualityprofile,
metadataprofile, tag GET/POST, artist/lookup?term= and album/lookup?term=
(lidarr:|lidarrid:|mbid:<MBID> or free text; library copies with their
id), artist GET (?mbId=, a GUID) / POST, artist/{id}, album GET
(?artistId=, ?foreignAlbumId=) / POST, album/{id}, PUT album/monitor.

Adding an artist adds the release groups metadata profile 1 lets through
(primary type Album, no secondary type); album flags: monitorNewItems
(all: monitored, none: not), then addOptions (albumsToMonitor exactly;
else monitor all/none/latest/first); addOptions.monitor none also leaves
the artist unmonitored.  POST album adds one release group whatever the
profile says (adding its artist first when needed).  Omitted monitored
flags are false.
"""

import copy
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from arr_fake import GUID_RE, ArrFake, norm, problem, vfail  # noqa: E402

ARTIST_TYPES = {
    "foreignArtistId": "str", "artistName": "str",
    "qualityProfileId": "int", "metadataProfileId": "int",
    "monitored": "bool", "monitorNewItems": ("all", "none", "new"),
    "rootFolderPath": "str", "path": "str", "tags": "list",
    "addOptions": {"monitor": ("all", "future", "missing", "existing",
                               "latest", "first", "none", "unknown"),
                   "albumsToMonitor": "list", "monitored": "bool",
                   "searchForMissingAlbums": "bool"}}
ALBUM_TYPES = {
    "foreignAlbumId": "str", "title": "str", "monitored": "bool",
    "artist": ARTIST_TYPES,
    "addOptions": {"addType": ("automatic", "manual"),
                   "searchForNewAlbum": "bool"}}


class Lidarr(ArrFake):
    service = "lidarr"
    app_name = "Lidarr"
    api = "/api/v1"
    default_key = "test-lidarr-key-0123456789"
    default_roots = ["/music/"]
    json_only = {"artist", "tag"}
    body_types = ARTIST_TYPES

    def __init__(self, ctx):
        super().__init__(ctx)
        self.st.setdefault("artists", [])
        self.st.setdefault("albums", [])
        cat = self.fixture("album_catalog_constructed.json")
        self.artists = []
        for a in cat["artists"]:
            if "file" in a:
                self.artists.extend(self.fixture(a["file"]))
            else:
                self.artists.append(a)
        self.albums = cat["albums"]

    def root_template(self):
        return self.fixture("rootfolder_list.json")[0]

    # ---- views -------------------------------------------------------

    def lib_artist(self, mbid=None, aid=None):
        for a in self.st["artists"]:
            if (mbid and a["foreignArtistId"] == mbid) or a["id"] == aid:
                return a
        return None

    def lib_album(self, rg=None, aid=None):
        for a in self.st["albums"]:
            if (rg and a["foreignAlbumId"] == rg) or a["id"] == aid:
                return a
        return None

    def cat_artist(self, mbid):
        for a in self.artists:
            if a["foreignArtistId"].lower() == (mbid or "").lower():
                return a
        return None

    def cat_album(self, rg):
        for a in self.albums:
            if a["foreignAlbumId"].lower() == (rg or "").lower():
                return a
        return None

    def artist_view(self, mbid):
        lib = self.lib_artist(mbid)
        return copy.deepcopy(lib if lib else self.cat_artist(mbid))

    def album_view(self, rg):
        lib = self.lib_album(rg)
        cat = self.cat_album(rg)
        if lib:
            v = copy.deepcopy(lib)
        else:
            v = {"title": cat["title"], "foreignAlbumId": cat["foreignAlbumId"],
                 "albumType": cat["albumType"],
                 "secondaryTypes": cat["secondaryTypes"],
                 "releaseDate": cat["releaseDate"], "monitored": False,
                 "anyReleaseOk": True, "artistId": 0, "images": [],
                 "genres": [], "ratings": {"votes": 0, "value": 0}}
        v["artist"] = self.artist_view(cat["artist"])
        return v

    # ---- routes ------------------------------------------------------

    def route(self, req, sub):
        if sub == "metadataprofile" and req.method == "GET":
            return 200, self.fixture("metadataprofile.json")
        if sub == "artist/lookup" and req.method == "GET":
            return 200, self.lookup(req.arg("term", ""), albums=False)
        if sub == "album/lookup" and req.method == "GET":
            return 200, self.lookup(req.arg("term", ""), albums=True)
        if sub == "artist":
            if req.method == "GET":
                mbid = req.arg("mbId")
                if mbid is None:
                    return 200, self.st["artists"]
                if not GUID_RE.match(mbid):
                    return problem({"mbId": ["The value '%s' is not valid."
                                             % mbid]})
                a = self.lib_artist(mbid)
                return 200, [a] if a else []
            if req.method == "POST":
                return self.post_artist(req)
            return 405, b""
        m = re.match(r"^artist/([0-9]+)$", sub)
        if m and req.method == "GET":
            a = self.lib_artist(aid=int(m.group(1)))
            return (200, a) if a else (404, {"message": "NotFound"})
        if sub == "album":
            if req.method == "GET":
                return self.get_albums(req)
            if req.method == "POST":
                return self.post_album(req)
            return 405, b""
        if sub == "album/monitor" and req.method == "PUT":
            return self.monitor(req)
        m = re.match(r"^album/([0-9]+)$", sub)
        if m and req.method == "GET":
            a = self.lib_album(aid=int(m.group(1)))
            if not a:
                return 404, {"message": "NotFound"}
            return 200, self.album_view(a["foreignAlbumId"])
        return super().route(req, sub)

    def lookup(self, term, albums):
        m = re.match(r"^(lidarr|lidarrid|mbid):\s*(.*)$", term.strip(), re.I)
        if m:
            key = m.group(2).strip()
            if not GUID_RE.match(key):
                return []
            if albums:
                return [self.album_view(key)] if self.cat_album(key) else []
            return [self.artist_view(key)] if self.cat_artist(key) else []
        words = norm(term)
        if not words:
            return []
        if albums:
            return [self.album_view(a["foreignAlbumId"]) for a in self.albums
                    if all(w in norm(a["title"]) for w in words)]
        return [self.artist_view(a["foreignArtistId"]) for a in self.artists
                if all(w in norm(a["artistName"]) for w in words)]

    def get_albums(self, req):
        aid, err = self.int_query(req, "artistId")
        if err:
            return err
        if aid is not None:
            out = [a for a in self.st["albums"] if a["artistId"] == aid]
        elif req.arg("foreignAlbumId"):
            out = [a for a in self.st["albums"]
                   if a["foreignAlbumId"] == req.arg("foreignAlbumId")]
        else:
            out = self.st["albums"]
        return 200, out

    # ---- adds --------------------------------------------------------

    def artist_fails(self, art, prefix, fails):
        g = self.get
        dot = "%s." % prefix if prefix else ""
        disp = "%s. " % prefix if prefix else ""
        qp = g(art, "qualityProfileId", 0)
        if not qp or qp <= 0:
            fails.append(vfail(dot + "QualityProfileId", "'%sQuality Profile "
                               "Id' must be greater than '0'." % disp, qp,
                               "GreaterThanValidator"))
        elif qp not in self.profile_ids("qualityprofile.json"):
            fails.append(vfail(dot + "QualityProfileId", "Quality Profile "
                               "does not exist", qp))
        mp = g(art, "metadataProfileId", 0)
        if not mp or mp <= 0:
            fails.append(vfail(dot + "MetadataProfileId", "'%sMetadata "
                               "Profile Id' must be greater than '0'."
                               % disp, mp, "GreaterThanValidator"))
        elif mp not in self.profile_ids("metadataprofile.json"):
            fails.append(vfail(dot + "MetadataProfileId", "Metadata profile "
                               "does not exist", mp))
        root, path = g(art, "rootFolderPath"), g(art, "path")
        if not root and not path:
            fails.append(vfail(dot + "RootFolderPath", "Invalid Path: ''",
                               "", "PathValidator"))
        elif root and not path and not self.root_exists(root):
            fails.append(vfail(dot + "RootFolderPath", "Root folder '%s' "
                               "does not exist" % root, root,
                               "RootFolderExistsValidator"))

    @staticmethod
    def passes_profile(cat):
        return cat["albumType"] == "Album" and not cat["secondaryTypes"]

    def add_artist(self, body, mbid, extra=None):
        """Add an artist from body; extra: (rg, monitored) posted album."""
        g = self.get
        a = copy.deepcopy(self.cat_artist(mbid))
        for k, v in body.items():
            if k.lower() not in ("id", "addoptions"):
                a[k[0].lower() + k[1:]] = v
        a["foreignArtistId"] = self.cat_artist(mbid)["foreignArtistId"]
        a["id"] = self.new_id()
        root = (g(body, "rootFolderPath") or "").rstrip("/")
        a["path"] = g(body, "path") or "%s/%s" % (root, a["artistName"])
        a["monitored"] = g(body, "monitored", False)
        a["monitorNewItems"] = g(body, "monitorNewItems") or "all"
        opts = g(body, "addOptions") or {}
        a["addOptions"] = opts
        a["added"] = "2026-11-25T12:00:00Z"
        mon = (g(opts, "monitor") or "").lower()
        if mon == "none":
            a["monitored"] = False
        a.pop("rootFolderPath", None)
        self.st["artists"].append(a)
        new = []
        for cat in self.albums:
            if cat["artist"] != a["foreignArtistId"]:
                continue
            posted = extra and cat["foreignAlbumId"] == extra[0]
            if not posted and not self.passes_profile(cat):
                continue
            flag = (extra[1] if posted
                    else a["monitorNewItems"].lower() == "all")
            new.append(self.store_album(cat, a["id"], flag))
        want = g(opts, "albumsToMonitor")
        if want:
            for al in new:
                al["monitored"] = al["foreignAlbumId"] in want
        elif mon in ("all", "missing"):
            for al in new:
                al["monitored"] = True
        elif mon in ("none", "existing", "future"):
            for al in new:
                al["monitored"] = False
        elif mon in ("latest", "first") and new:
            order = sorted(new, key=lambda x: x["releaseDate"])
            pick = order[-1] if mon == "latest" else order[0]
            for al in new:
                al["monitored"] = al is pick
        return a

    def store_album(self, cat, artist_id, monitored):
        al = {"id": self.new_id(), "title": cat["title"],
              "foreignAlbumId": cat["foreignAlbumId"],
              "albumType": cat["albumType"],
              "secondaryTypes": cat["secondaryTypes"],
              "releaseDate": cat["releaseDate"], "artistId": artist_id,
              "monitored": bool(monitored), "anyReleaseOk": True,
              "images": [], "genres": [], "ratings": {"votes": 0, "value": 0}}
        self.st["albums"].append(al)
        return al

    def post_artist(self, req):
        body, err = self.bind(req)
        if err:
            return err
        g = self.get
        fails = []
        mbid = g(body, "foreignArtistId")
        if not g(body, "artistName"):
            fails.append(vfail("ArtistName", "'Artist Name' must not be "
                               "empty.", None, "NotEmptyValidator"))
        if not mbid:
            fails.append(vfail("ForeignArtistId", "'Foreign Artist Id' must "
                               "not be empty.", None, "NotEmptyValidator"))
        elif self.lib_artist(mbid):
            fails.append(vfail("ForeignArtistId", "This artist has already "
                               "been added.", mbid, "ArtistExistsValidator",
                               "Foreign Artist Id"))
        self.artist_fails(body, None, fails)
        if fails:
            return 400, fails
        if not self.cat_artist(mbid):
            return 400, [vfail("MusicbrainzId", "An artist with this ID was "
                               "not found", mbid)]
        a = self.add_artist(body, mbid)
        self.save()
        return 201, a

    def post_album(self, req):
        body, err = self.bind(req, ALBUM_TYPES)
        if err:
            return err
        g = self.get
        fails = []
        rg = g(body, "foreignAlbumId")
        art = g(body, "artist")
        if not rg or not GUID_RE.match(rg):
            fails.append(vfail("ForeignAlbumId", "'Foreign Album Id' is not "
                               "a valid id.", rg))
        elif self.lib_album(rg):
            fails.append(vfail("ForeignAlbumId", "This album has already "
                               "been added.", rg, "AlbumExistsValidator",
                               "Foreign Album Id"))
        if not art:
            fails.append(vfail("Artist", "'Artist' must not be empty.", None,
                               "NotNullValidator"))
        else:
            if not g(art, "foreignArtistId"):
                fails.append(vfail("Artist.ForeignArtistId", "'Artist. "
                                   "Foreign Artist Id' must not be empty.",
                                   None, "NotEmptyValidator"))
            self.artist_fails(art, "Artist", fails)
        if fails:
            return 400, fails
        cat = self.cat_album(rg)
        if not cat:
            return 400, [vfail("MusicbrainzId", "An album with this ID was "
                               "not found", rg)]
        mon = bool(g(body, "monitored", False))
        artist = self.lib_artist(cat["artist"])
        if artist is None:
            self.add_artist(art, cat["artist"], (cat["foreignAlbumId"], mon))
        else:
            self.store_album(cat, artist["id"], mon)
        self.save()
        return 201, self.album_view(cat["foreignAlbumId"])

    def monitor(self, req):
        body, err = self.bind(req, {"albumIds": "list", "monitored": "bool"})
        if err:
            return err
        ids = self.get(body, "albumIds")
        if ids is None:
            return 500, {"message": "Value cannot be null. (Parameter "
                         "'source')"}
        flag = bool(self.get(body, "monitored", False))
        found = []
        for i in set(x for x in ids if isinstance(x, int)):
            al = self.lib_album(aid=i)
            if al:
                al["monitored"] = flag
                found.append(al)
        self.save()
        if len(found) != len(ids):
            return 500, {"message": "Expected query to return %d rows but "
                         "returned %d" % (len(ids), len(found))}
        return 202, found


def make(ctx):
    return Lidarr(ctx)
