"""The maps (kooplab.pages.geo): the shipped outlines, the projection, the SVG paths and the points.

How the maps look and work in a browser is tested in tests/test_browser.py.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from kooplab.load.catalog import Catalog, load_catalog
from kooplab.pages.geo import (HIT, STATES_FILE, WIDTH, Boundaries, Projection, load_boundaries, make_map, path_data,
                         spread)
from kooplab.settings import settings_from_mkdocs

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    catalog, problems = load_catalog(REPO, settings_from_mkdocs(REPO / "mkdocs.yml"))
    assert not problems.errors
    return catalog


@pytest.fixture(scope="module")
def boundaries(catalog) -> Boundaries:
    return load_boundaries(REPO, catalog.settings.data_dir)


def labels(catalog):
    return {r.id: r.label for r in catalog.vocab.regions}


def test_the_outlines_cover_the_sixteen_states_and_name_their_source(catalog, boundaries):
    assert sorted(boundaries.states) == sorted(r.id for r in catalog.vocab.regions if not r.abroad)
    west, south, east, north = boundaries.bounds
    assert 5.5 < west < 6.2 and 47 < south < 47.5 and 14.8 < east < 15.3 and 54.8 < north < 55.2
    assert "BKG" in boundaries.attribution
    path = REPO / catalog.settings.data_dir / STATES_FILE
    assert path.stat().st_size < 100_000  # simplified: every region page carries its part of it
    assert "GeoNutzV" in (path.parent / "README.md").read_text(encoding="utf-8")


def test_without_the_file_the_maps_have_points_only(tmp_path, catalog):
    empty = load_boundaries(tmp_path, "data")
    assert empty.states == {}
    view = make_map(list(catalog.members.values()), empty, labels(catalog))
    assert view.outlines == [] and len(view.points) == sum(m.location.has_coordinates for m in catalog.members.values())


def test_projection_puts_germany_in_a_frame_500_units_wide(boundaries):
    projection = Projection.for_bounds(boundaries.bounds)
    west, south, east, north = boundaries.bounds
    assert projection.xy(west, north) == (0, 0)
    x, y = projection.xy(east, south)
    assert x == pytest.approx(WIDTH)
    assert 1.2 < y / x < 1.5  # Germany is taller than wide: about 870 km by 640 km


def absolute(d: str) -> list[list[tuple[float, float]]]:
    """The rings of a path of relative 'm … l … z' commands, as absolute points."""
    rings, pen = [], (0.0, 0.0)
    for sub in re.findall(r"m([^z]*)z", d):
        move, _, rest = sub.partition("l")
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", move + " " + rest)]
        ring = []
        for dx, dy in zip(numbers[::2], numbers[1::2]):
            pen = (pen[0] + dx, pen[1] + dy)
            ring.append(pen)
        rings.append(ring)
        pen = ring[0]  # 'z' returns to the start of the ring
    return rings


def test_paths_draw_every_ring_where_it_belongs(boundaries):
    projection = Projection.for_bounds(boundaries.bounds)
    for polys in boundaries.states.values():
        drawn = absolute(path_data(polys, projection))
        rings = [ring for poly in polys for ring in poly]
        assert len(drawn) == len(rings)
        for ring, points in zip(rings, drawn):
            # the path rounds to 0.1 units and leaves out a point that rounds onto the one before
            want = [tuple(round(v, 1) for v in projection.xy(*p)) for p in ring]
            want = [p for i, p in enumerate(want) if i == 0 or p != want[i - 1]][:-1]
            assert len(points) == len(want)
            for (wx, wy), (x, y) in zip(want, points):
                assert abs(wx - x) < 0.06 and abs(wy - y) < 0.06


def test_points_in_one_place_are_spread_a_tap_area_apart():
    hit = 16.0
    for n in (2, 3, 5, 9, 30):
        places = [(100 + i * 0.2, 200 - i * 0.1) for i in range(n)]
        spots = spread(places, hit)
        closest = min(math.dist(a, b) for i, a in enumerate(spots) for b in spots[i + 1:])
        assert closest >= 1.8 * hit, (n, closest)
    far = [(0, 0), (100, 0)]
    assert spread(far, hit) == far  # points apart stay where they are


def test_the_map_of_germany_has_a_linked_point_per_member_with_coordinates(catalog, boundaries):
    members = list(catalog.members.values())
    view = make_map(members, boundaries, labels(catalog), label="Karte")
    assert [p.member.slug for p in view.points] == [m.slug for m in members if m.location.has_coordinates]
    assert [m.slug for m in view.unplaced] == [m.slug for m in members if not m.location.has_coordinates]
    assert len(view.outlines) == 16
    x0, y0, w, h = view.box
    assert w == pytest.approx(WIDTH * 1.07, rel=0.01)
    for p in view.points:
        assert x0 <= p.x <= x0 + w and y0 <= p.y <= y0 + h
        assert math.dist((p.x, p.y), (p.place_x, p.place_y)) < 80  # near its place, if moved at all
    assert view.hit == pytest.approx(HIT * w, abs=0.1)


def test_region_maps_frame_their_state_and_members(catalog, boundaries):
    members = list(catalog.members.values())
    for region in catalog.vocab.regions:
        here = [m for m in members if m.location.region == region.id]
        view = make_map(here, boundaries, labels(catalog), region=region)
        assert view.current == region.id
        x0, y0, w, h = view.box
        assert all(x0 <= p.place_x <= x0 + w and y0 <= p.place_y <= y0 + h for p in view.points)
        if region.abroad:  # no outline there: the frame is wide enough to show Germany's border beside it
            assert w >= 160 and view.outlines and view.points
            continue
        own = next(o for o in view.outlines if o.id == region.id)
        assert x0 <= own.box[0] and own.box[2] <= x0 + w and y0 <= own.box[1] and own.box[3] <= y0 + h
        assert all(x0 <= p.place_x <= x0 + w and y0 <= p.place_y <= y0 + h for p in view.points)
        # only the states that show in the frame are drawn
        assert all(o.box[0] < x0 + w and o.box[2] > x0 and o.box[1] < y0 + h and o.box[3] > y0 for o in view.outlines)
        assert len(view.outlines) < 16


def test_the_data_file_is_the_scripts_output_format(catalog):
    data = json.loads((REPO / catalog.settings.data_dir / STATES_FILE).read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and "make_geo_states.py" in data["source"]
    for feature in data["features"]:
        for poly in feature["geometry"]["coordinates"]:
            for ring in poly:
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert all(len(str(v).split(".")[-1]) <= 3 for point in ring for v in point)


# --- the map ---------------------------------------------------------------------------------------

def test_a_large_map_shows_one_point_per_city(synthetic60):
    _, catalog, _ = synthetic60
    members = list(catalog.members.values())
    labels = {r.id: r.label for r in catalog.vocab.regions}
    small = make_map(members, Boundaries({}), labels, aggregate_above=100)
    assert len(small.points) == 60 and small.places == []
    big = make_map(members, Boundaries({}), labels, aggregate_above=10)
    assert big.points == [] and big.located == 60
    assert sum(p.count for p in big.places) == 60
    assert len(big.places) == len({(m.location.region, m.location.city) for m in members})
    assert big.places == sorted(big.places, key=lambda p: (-p.count, p.region, p.city))
