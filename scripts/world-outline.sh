#!/usr/bin/env bash
# Regenerates the world outline that `kpipe report --html` draws its map on:
# src/Kpipe.Pipeline/Reports/world-land-110m.txt, the land polygons of Natural Earth 1:110m (public domain) as SVG path
# data in an equirectangular frame (x = longitude + 180, y = 90 - latitude, 0.1 degree steps).
# Source: the world-atlas npm package (TopoJSON built from Natural Earth; package code under the ISC licence), fetched
# with `npm pack`. The output is committed, so neither a build nor a report needs this script or the network.
#   WORLD_ATLAS_VERSION   npm version to use (default 2.0.2, the one the committed file came from)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${WORLD_ATLAS_VERSION:-2.0.2}"
out="$root/src/Kpipe.Pipeline/Reports/world-land-110m.txt"

if ! command -v npm >/dev/null 2>&1; then
  echo "world-outline: npm is needed to fetch world-atlas (install Node.js)" >&2
  exit 1
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/kpipe-world.XXXXXX")"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "world-atlas@$version" >/dev/null && tar xzf world-atlas-*.tgz)

python3 - "$work/package/land-110m.json" "$version" > "$out" <<'PY'
import json, sys

topology = json.load(open(sys.argv[1]))
sx, sy = topology["transform"]["scale"]
tx, ty = topology["transform"]["translate"]

# TopoJSON arcs are delta-encoded quantized positions; decode each to (longitude, latitude).
arcs = []
for arc in topology["arcs"]:
    x = y = 0
    points = []
    for dx, dy in arc:
        x += dx
        y += dy
        points.append((x * sx + tx, y * sy + ty))
    arcs.append(points)

def ring(indexes):
    points = []
    for index in indexes:
        part = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # Consecutive arcs share their joining point.
        points.extend(part if not points else part[1:])
    return points

def unwrap(points):
    # Rings that cross the antimeridian jump by about 360 degrees of longitude: make their longitudes continuous, and
    # close a ring that goes all the way round (Antarctica) along its pole.
    out = [points[0]]
    for lon, lat in points[1:]:
        previous = out[-1][0]
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        out.append((lon, lat))
    if abs(out[-1][0] - out[0][0]) > 180:
        pole = -90 if sum(lat for _, lat in out) < 0 else 90
        out += [(out[-1][0], pole), (out[0][0], pole)]
    return out

def copies(points):
    # A ring that now reaches past a map edge is drawn again shifted a world's width, so the map shows both halves.
    lons = [lon for lon, _ in points]
    shifts = [0]
    if max(lons) > 180:
        shifts.append(-360)
    if min(lons) < -180:
        shifts.append(360)
    return [[(lon + shift, lat) for lon, lat in points] for shift in shifts]

def fmt(value):
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text

print(f"# Natural Earth 1:110m land (public domain), via world-atlas {sys.argv[2]} (ISC licence, Copyright 2013-2019 Michael Bostock).")
print("# SVG path data, one ring per line: x = longitude + 180, y = 90 - latitude. Made by scripts/world-outline.sh.")
for geometry in topology["objects"]["land"]["geometries"]:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    for polygon in polygons:
        for indexes in polygon:
            for points in copies(unwrap(ring(indexes))):
                steps, last = [], None
                for lon, lat in points:
                    point = (fmt(lon + 180), fmt(90 - lat))
                    if point != last:
                        steps.append(f"{point[0]} {point[1]}")
                        last = point
                if len(steps) >= 3:
                    print("M" + "L".join(steps) + "Z")
PY
echo "world-outline: wrote $out ($(wc -c < "$out") bytes) from world-atlas $version"
