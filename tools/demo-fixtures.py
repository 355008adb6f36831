#!/usr/bin/env python3
"""demo-fixtures.py SRC DST: copy the fakes' fixtures from SRC to DST and
teach the *arr fakes the titles that `make demo` and the man pages'
examples use, with the ids the TMDb, Spotify and MusicBrainz fakes give
them (Blade Runner, Fargo the show, Muse, The Beatles, Abbey Road).  The
test suite's own fixtures stay as they are."""
import json
import os
import shutil
import sys


def load(fx, *path):
    with open(os.path.join(fx, *path), encoding="utf-8") as f:
        return json.load(f)


def save(obj, fx, *path):
    with open(os.path.join(fx, *path), "w", encoding="utf-8") as f:
        json.dump(obj, f)


def main(src, dst):
    shutil.copytree(src, dst)

    movie = load(dst, "radarr", "movie_lookup_tmdb_990201_constructed.json")
    movie.update(title="Blade Runner", originalTitle="Blade Runner",
                 sortTitle="blade runner", cleanTitle="bladerunner",
                 year=1982, tmdbId=78, imdbId="tt0083658",
                 titleSlug="blade-runner-78", alternateTitles=[])
    save(movie, dst, "radarr", "movie_lookup_tmdb_78_demo.json")

    series = load(dst, "sonarr",
                  "series_lookup_tvdb_81189_breaking_bad.json")[0]
    series.update(title="Fargo", sortTitle="fargo", cleanTitle="fargo",
                  year=2014, tvdbId=269613, imdbId="tt2802850",
                  titleSlug="fargo")
    save([series], dst, "sonarr", "series_lookup_tvdb_269613_demo.json")

    cat = load(dst, "lidarr", "album_catalog_constructed.json")
    proto = next(a for a in cat["artists"] if "file" not in a)
    for name, mbid in (("Muse", "9c9f1380-2516-4fc9-a3e6-f9f61941d090"),
                       ("The Beatles",
                        "b10bbbfc-cf9e-42e0-be17-e2c3e1d2600d")):
        cat["artists"].append(dict(
            proto, artistName=name, foreignArtistId=mbid, folder=name,
            disambiguation="", cleanName=name.lower().replace(" ", ""),
            sortName=name.lower()))
    cat["albums"].append(dict(
        cat["albums"][0], title="Abbey Road",
        foreignAlbumId="9162580e-5df4-32de-80cc-f45a8d8a9b1d",
        artist="b10bbbfc-cf9e-42e0-be17-e2c3e1d2600d",
        releaseDate="1969-09-26T00:00:00Z"))
    save(cat, dst, "lidarr", "album_catalog_constructed.json")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: demo-fixtures.py SRC DST")
    main(sys.argv[1], sys.argv[2])
