"""The offline base map: the projection, the TopoJSON decoding, and the bundled Natural Earth countries."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from services.web.basemap import CountryShape, Projection, country_shapes, decode_shapes, load_topology

MAP = Projection(960, 380)
# 1 unit per degree both ways over the whole globe: expected paths can be written down by hand
DEGREES = Projection(360, 180, west=-180, east=180, south=-90, north=90)
PAIR = re.compile(r"(-?\d+(?:\.\d)?),(-?\d+(?:\.\d)?)")
PATH = re.compile(r"(?:M-?[\d.]+,-?[\d.]+(?:L-?[\d.]+,-?[\d.]+)*Z?)+")


def subpaths(d: str) -> list[list[tuple[float, float]]]:
    return [[(float(x), float(y)) for x, y in PAIR.findall(part)] for part in d.split("M")[1:]]


def shape(shape_id: str) -> CountryShape:
    return next(s for s in country_shapes(MAP) if s.id == shape_id)


def test_projection_maps_the_crop_corners_to_the_box_corners() -> None:
    assert MAP.point(MAP.west, MAP.north) == (0.0, 0.0)
    assert MAP.point(MAP.east, MAP.south) == (960.0, 380.0)
    assert MAP.point(0.0, (MAP.north + MAP.south) / 2) == (480.0, 190.0)
    assert Projection(1000, 500).point(1.0, 0.0) == (502.8, 295.8)  # rounded to 1 decimal


def test_projection_rejects_an_empty_box() -> None:
    with pytest.raises(ValueError):
        Projection(0, 380)
    with pytest.raises(ValueError):
        Projection(960, 380, west=10, east=-10)


def test_a_tiny_quantized_topology_decodes_to_exact_paths() -> None:
    topology: dict[str, Any] = {
        "type": "Topology",
        # x = qx * 2 - 10, y = qy * 0.5 + 5
        "transform": {"scale": [2, 0.5], "translate": [-10, 5]},
        "arcs": [
            [[0, 0], [5, 0], [0, 20]],  # (-10,5) (0,5) (0,15)
            [[5, 20], [-5, 0], [0, -20]],  # (0,15) (-10,15) (-10,5)
        ],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "id": "001", "properties": {"name": "Square"}},
                    {"type": "MultiPolygon", "arcs": [[[-2, -1]]], "id": "002", "properties": {"name": "Reversed"}},
                    {"type": None, "id": "003", "properties": {"name": "Nothing"}},
                    {"type": "Polygon", "arcs": [[0, 1]], "id": "010", "properties": {"name": "Antarctica"}},
                ],
            }
        },
    }
    assert decode_shapes(topology, DEGREES) == (
        CountryShape("001", "Square", "M170,85L180,85L180,75L170,75Z"),
        CountryShape("002", "Reversed", "M170,85L170,75L180,75L180,85Z"),
    )


def test_a_ring_across_the_antimeridian_splits_instead_of_streaking() -> None:
    topology: dict[str, Any] = {
        "type": "Topology",
        "arcs": [[[175, 10], [-175, 10], [-175, 0], [175, 0], [175, 10]]],  # absolute, no transform
        "objects": {"countries": {"geometries": [{"type": "Polygon", "arcs": [[0]], "id": "242"}]}},
    }
    # one piece at each map edge, left open so no stroke runs down the edge
    assert decode_shapes(topology, DEGREES) == (CountryShape("242", "", "M5,80L5,90M355,90L355,80"),)


def test_the_bundled_map_has_the_worlds_countries_but_not_antarctica() -> None:
    assert load_topology()["type"] == "Topology"
    shapes = country_shapes(MAP)
    assert len(shapes) > 150
    names = {s.name for s in shapes}
    assert {"France", "Russia", "Fiji", "Brazil", "Australia", "Kosovo"} <= names
    assert "Antarctica" not in names and "010" not in {s.id for s in shapes}
    assert all(PATH.fullmatch(s.d) for s in shapes)


def test_france_sits_where_its_coordinates_project() -> None:
    france = shape("250")
    assert france.name == "France"
    pieces = subpaths(france.d)
    mainland = max(pieces, key=len)
    xs, ys = [x for x, _ in mainland], [y for _, y in mainland]
    centre_x, centre_y = MAP.point(2.0, 46.0)
    assert min(xs) < centre_x < max(xs) and min(ys) < centre_y < max(ys)
    # mainland France spans about 4.8W-8.2E, 42.3N-51.1N; allow a degree either way
    assert MAP.point(-6, 0)[0] < min(xs) < MAP.point(-3.5, 0)[0]
    assert MAP.point(7, 0)[0] < max(xs) < MAP.point(9.5, 0)[0]
    assert MAP.point(0, 52.5)[1] < min(ys) < MAP.point(0, 50)[1]
    assert MAP.point(0, 43.5)[1] < max(ys) < MAP.point(0, 41)[1]
    # French Guiana is a piece of the same MultiPolygon, over in South America
    guiana_x, guiana_y = MAP.point(-53, 4)
    assert any(all(abs(x - guiana_x) < 10 and abs(y - guiana_y) < 10 for x, y in piece) for piece in pieces)


@pytest.mark.parametrize("shape_id", ["643", "242"])  # Russia, Fiji
def test_countries_across_the_antimeridian_draw_no_streak(shape_id: str) -> None:
    pieces = subpaths(shape(shape_id).d)
    points = [p for piece in pieces for p in piece]
    # the data really reaches both edges, so the check below has something to catch
    assert min(x for x, _ in points) < 5 and max(x for x, _ in points) > MAP.width - 5
    for piece in pieces:
        assert all(abs(b[0] - a[0]) <= MAP.width / 2 for a, b in itertools.pairwise(piece))


def test_shapes_are_cached_per_projection() -> None:
    assert country_shapes(Projection(960, 380)) is country_shapes(Projection(960, 380))
    assert country_shapes(Projection(480, 190)) != country_shapes(MAP)
