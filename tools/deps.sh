#!/bin/sh
# Install the Debian packages media-route needs to build and test, or say
# exactly what to install when not root.  Called by `make deps`.
set -u
pkgs="build-essential pkg-config libcurl4-openssl-dev libjansson-dev
libsqlite3-dev libinih-dev check python3 perl jq mandoc valgrind clang
sqlite3 util-linux curl time openssl"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: missing packages:$missing (install them with your package manager)" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages; run as root:" >&2
	echo "  apt-get install -y$missing" >&2
	exit 1
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null
