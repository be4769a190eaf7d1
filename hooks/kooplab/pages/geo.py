"""Maps drawn at build time: state outlines and a point per member, as SVG coordinates.

The outlines come from ``data/geo/de-states.geojson`` (a simplified derivative of the BKG's
VG250 states, made by ``scripts/make_geo_states.py``; see ``data/geo/README.md``). Lon/lat are
projected with a plain equirectangular projection scaled by cos(51°), which is accurate
enough for a country of Germany's size. No tiles, no scripts, nothing from another host:
``overrides/partials/kl-map.html`` writes the SVG into the page.

Members in one city would sit on top of each other, so points closer than a tap target are
spread around their common centre (a sunflower pattern) with a thin line to the true place.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kooplab.records import Member, Region

STATES_FILE = "geo/de-states.geojson"  # inside the data folder
WIDTH = 500.0  # width of the map of Germany in SVG units
LAT0 = math.radians(51.0)
# the frame of Germany when no outlines are there (lon/lat bounds of the states, rounded out)
DEFAULT_BOUNDS = (5.8, 47.2, 15.1, 55.1)
HIT = 0.036  # radius of a point's tap area as a share of the map's width: ≥ 24 px across on a phone
DOT = 0.4  # the visible dot as a share of the tap area

LonLat = tuple[float, float]


@dataclass(frozen=True)
class Boundaries:
    """State outlines in lon/lat: ISO 3166-2 id -> polygons -> rings -> points."""

    states: dict[str, list[list[list[LonLat]]]]
    attribution: str = ""
    # the drawn outlines, by labels and projection: the same for every map of a build (outlines())
    drawn: dict = field(default_factory=dict, repr=False, compare=False, hash=False)

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        points = [p for polys in self.states.values() for poly in polys for p in poly[0]]
        if not points:
            return DEFAULT_BOUNDS
        return (min(p[0] for p in points), min(p[1] for p in points),
                max(p[0] for p in points), max(p[1] for p in points))


def load_boundaries(root: Path, data_dir: str) -> Boundaries:
    """The outlines shipped in the data folder; none (points only) if the file is missing."""
    path = root / data_dir / STATES_FILE
    if not path.is_file():
        return Boundaries({})
    data = json.loads(path.read_text(encoding="utf-8"))
    states = {f["id"]: [[[(float(x), float(y)) for x, y in ring] for ring in poly]
                        for poly in f["geometry"]["coordinates"]] for f in data["features"]}
    return Boundaries(states, data.get("attribution", ""))


@dataclass(frozen=True)
class Projection:
    west: float
    north: float
    scale: float  # SVG units per degree of latitude

    @classmethod
    def for_bounds(cls, bounds: tuple[float, float, float, float]) -> "Projection":
        west, _, east, north = bounds
        return cls(west, north, WIDTH / ((east - west) * math.cos(LAT0)))

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.west) * math.cos(LAT0) * self.scale, (self.north - lat) * self.scale)


@dataclass(frozen=True)
class Outline:
    id: str  # DE-NI
    label: str
    d: str  # SVG path data
    box: tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class MapPoint:
    member: Member
    x: float  # where the point is drawn
    y: float
    place_x: float  # where the member is
    place_y: float

    @property
    def moved(self) -> bool:
        return (self.x, self.y) != (self.place_x, self.place_y)


@dataclass(frozen=True)
class MapPlace:
    """A city with many members, drawn as one point (large networks, see make_map's ``aggregate_above``)."""

    city: str
    region: str  # state id
    count: int
    x: float
    y: float
    r: float  # radius of the dot: grows with the square root of the count


@dataclass
class MapView:
    """One map: what kl-map.html draws."""

    box: tuple[float, float, float, float]  # the viewBox: x, y, width, height
    outlines: list[Outline]
    points: list[MapPoint]
    unplaced: list[Member]  # members without coordinates: only in the list
    current: str = ""  # the region the map is about (highlighted), if any
    attribution: str = ""
    label: str = "Karte"
    hit: float = 16.0  # radius of a point's tap area, SVG units
    dot: float = 6.4  # radius of the visible dot
    states_with_members: set[str] = field(default_factory=set)
    places: list[MapPlace] = field(default_factory=list)  # one point per city instead of per member
    located: int = 0  # members with coordinates

    @property
    def viewbox(self) -> str:
        return " ".join(_num(v) for v in self.box)


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def path_data(polygons: list[list[list[LonLat]]], projection: Projection) -> str:
    """Rings as an SVG path with relative moves (compact; exact after rounding to 0.1 units)."""
    parts = []
    pen = (0, 0)  # in tenths of a unit
    for poly in polygons:
        for ring in poly:
            points = [tuple(round(v * 10) for v in projection.xy(*p)) for p in ring]
            points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
            if len(points) > 1 and points[0] == points[-1]:
                points = points[:-1]
            if len(points) < 3:
                continue
            steps = []
            for p in points:
                steps.append(f"{_num((p[0] - pen[0]) / 10)} {_num((p[1] - pen[1]) / 10)}")
                pen = p
            parts.append("m" + steps[0] + "l" + " ".join(steps[1:]) + "z")
            pen = points[0]  # after 'z' the pen is back at the ring's first point
    return "".join(parts).replace(" -", "-")


def outlines(boundaries: Boundaries, labels: dict[str, str], projection: Projection) -> list[Outline]:
    """The states' outlines as SVG paths, drawn once per build for all its maps."""
    key = (tuple(sorted(labels.items())), projection)
    if key not in boundaries.drawn:
        boundaries.drawn[key] = _outlines(boundaries, labels, projection)
    return list(boundaries.drawn[key])


def _outlines(boundaries: Boundaries, labels: dict[str, str], projection: Projection) -> list[Outline]:
    result = []
    for state_id in sorted(boundaries.states, key=lambda s: labels.get(s, s)):
        polys = boundaries.states[state_id]
        xy = [projection.xy(*p) for poly in polys for p in poly[0]]
        box = (min(x for x, _ in xy), min(y for _, y in xy), max(x for x, _ in xy), max(y for _, y in xy))
        result.append(Outline(state_id, labels.get(state_id, state_id), path_data(polys, projection), box))
    return result


def spread(places: list[tuple[float, float]], hit: float) -> list[tuple[float, float]]:
    """Positions for points at ``places`` such that no two tap areas of radius ``hit`` overlap much.

    A point closer than two tap radii to a group's centre joins the group; a group of up to six
    is laid out as a ring around its centre, a larger one as a sunflower."""
    groups: list[list[int]] = []
    centres: list[tuple[float, float]] = []
    for i, (x, y) in enumerate(places):
        for g, (cx, cy) in enumerate(centres):
            if math.hypot(x - cx, y - cy) < 2 * hit:
                groups[g].append(i)
                n = len(groups[g])
                centres[g] = (cx + (x - cx) / n, cy + (y - cy) / n)
                break
        else:
            groups.append([i])
            centres.append((x, y))
    result = list(places)
    spacing = 1.9 * hit  # centre to centre: tap areas overlap by at most a tenth
    golden = math.pi * (3 - math.sqrt(5))
    for group, (cx, cy) in zip(groups, centres):
        n = len(group)
        if n == 1:
            continue
        for k, i in enumerate(group):
            if n <= 6:  # a ring
                r, angle = spacing / (2 * math.sin(math.pi / n)), 2 * math.pi * k / n - math.pi / 2
            else:  # a sunflower
                r, angle = 0.62 * spacing * math.sqrt(k + 0.5), golden * k
            result[i] = (cx + r * math.cos(angle), cy + r * math.sin(angle))
    return result


def _fit(box: tuple[float, float, float, float], min_size: float, pad: float) -> tuple[float, float, float, float]:
    """A viewBox around ``box`` (x0, y0, x1, y1), padded, at least ``min_size`` wide and high."""
    x0, y0, x1, y1 = box
    w, h = max(x1 - x0, min_size), max(y1 - y0, min_size)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = w * (1 + 2 * pad), h * (1 + 2 * pad)
    return (round(cx - w / 2, 1), round(cy - h / 2, 1), round(w, 1), round(h, 1))


def make_map(members: list[Member], boundaries: Boundaries, labels: dict[str, str], *,
             region: Region | None = None, label: str = "Karte", aggregate_above: int | None = None) -> MapView:
    """The map of Germany with ``members`` (``region`` None), or a map zoomed to one region.

    With more than ``aggregate_above`` members with coordinates the map shows one point per city
    (at the mean position of its members, sized by their number) instead of one per member: a
    map of 10,000 points is neither readable nor small."""
    projection = Projection.for_bounds(boundaries.bounds)
    shapes = outlines(boundaries, labels, projection)
    placed = [m for m in members if m.location.has_coordinates]
    places = [projection.xy(m.location.lon, m.location.lat) for m in placed]
    aggregate = aggregate_above is not None and len(placed) > aggregate_above
    if region is None:
        x1, y1 = projection.xy(boundaries.bounds[2], boundaries.bounds[1])
        # Germany, and the places of members abroad beyond its frame (they have no outline, only their point)
        frame = (min([0.0] + [x for x, _ in places]), min([0.0] + [y for _, y in places]),
                 max([x1] + [x for x, _ in places]), max([y1] + [y for _, y in places]))
        box = _fit(frame, 0, 0.035)  # room for the tap areas of points at the border
    else:
        own = [o.box for o in shapes if o.id == region.id]
        xs = [b[0] for b in own] + [b[2] for b in own] + [x for x, _ in places]
        ys = [b[1] for b in own] + [b[3] for b in own] + [y for _, y in places]
        # a place abroad has no outline here: a wider frame shows where it lies beside Germany
        box = _fit((min(xs), min(ys), max(xs), max(ys)), 160 if region.abroad else 60, 0.08) if xs \
            else _fit((0, 0, WIDTH, WIDTH), 0, 0)
        # only the states that show in the frame
        bx, by, bw, bh = box
        shapes = [o for o in shapes if o.box[0] < bx + bw and o.box[2] > bx and o.box[1] < by + bh and o.box[3] > by]
    hit = HIT * box[2] * (1 if region is None else 1.25)  # the small map is drawn smaller
    cities: list[MapPlace] = []
    if aggregate:
        points = []
        grouped: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for m, xy in zip(placed, places):
            grouped.setdefault((m.location.region, m.location.city), []).append(xy)
        largest = max(len(v) for v in grouped.values())
        for (state, city), xys in sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            x = sum(p[0] for p in xys) / len(xys)
            y = sum(p[1] for p in xys) / len(xys)
            r = hit * DOT * (1 + 2.5 * math.sqrt(len(xys) / largest))
            cities.append(MapPlace(city, state, len(xys), round(x, 1), round(y, 1), round(r, 1)))
    else:
        positions = spread(places, hit)
        points = [MapPoint(m, round(x, 1), round(y, 1), round(px, 1), round(py, 1))
                  for m, (x, y), (px, py) in zip(placed, positions, places)]
    return MapView(box=box, outlines=shapes, points=points,
                   unplaced=[m for m in members if not m.location.has_coordinates],
                   current=region.id if region else "", attribution=boundaries.attribution, label=label,
                   hit=round(hit, 1), dot=round(hit * DOT, 1),
                   states_with_members={m.location.region for m in members}, places=cities,
                   located=len(placed))
