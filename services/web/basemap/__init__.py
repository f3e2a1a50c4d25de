"""An offline world base map: Natural Earth 1:110m countries as SVG paths on an equirectangular projection.

The TopoJSON next to this module (see README.md) is decoded here, in the standard library only, so the events
explorer draws its map server-side with no tile server and no network.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = ["CountryShape", "Projection", "country_shapes", "decode_shapes", "load_topology"]

TOPOLOGY_FILE = "countries-110m.json"
# Antarctica lies below the default crop (south=-58), so it would only draw a band along the bottom edge.
CROPPED_IDS = frozenset({"010"})

Point = tuple[float, float]


@dataclass(frozen=True)
class Projection:
    """Equirectangular lon/lat → SVG x/y over a width×height box; the default crop leaves out Antarctica."""

    width: float
    height: float
    west: float = -180.0
    east: float = 180.0
    south: float = -58.0
    north: float = 84.0

    def __post_init__(self) -> None:
        if self.width <= 0 or self.height <= 0:
            raise ValueError(f"projection size must be positive, got {self.width}x{self.height}")
        if self.east <= self.west or self.north <= self.south:
            raise ValueError("projection bounds must have west < east and south < north")

    def point(self, lon: float, lat: float) -> Point:
        """SVG x, y (y grows downward) of a lon/lat, rounded to 1 decimal."""
        x = (lon - self.west) / (self.east - self.west) * self.width
        y = (self.north - lat) / (self.north - self.south) * self.height
        # + 0.0 turns a rounded -0.0 into 0.0, so "-0" never reaches a path
        return round(x, 1) + 0.0, round(y, 1) + 0.0


@dataclass(frozen=True)
class CountryShape:
    """One country: its TopoJSON id (ISO 3166-1 numeric, "" when the data has none), name and SVG path data."""

    id: str
    name: str
    d: str


def load_topology() -> dict[str, Any]:
    """The bundled countries TopoJSON, parsed (a fresh dict on every call)."""
    text = resources.files(__name__).joinpath(TOPOLOGY_FILE).read_text(encoding="utf-8")
    topology: dict[str, Any] = json.loads(text)
    return topology


@functools.lru_cache(maxsize=8)
def country_shapes(projection: Projection) -> tuple[CountryShape, ...]:
    """Every country of the bundled map as an SVG path for this projection (cached per projection)."""
    return decode_shapes(load_topology(), projection)


def decode_shapes(
    topology: dict[str, Any],
    projection: Projection,
    *,
    object_name: str = "countries",
    skip_ids: frozenset[str] = CROPPED_IDS,
) -> tuple[CountryShape, ...]:
    """The Polygon/MultiPolygon geometries of one TopoJSON object as SVG paths, in the object's order."""
    arcs = [[projection.point(lon, lat) for lon, lat in arc] for arc in _absolute_arcs(topology)]
    shapes: list[CountryShape] = []
    for geometry in topology["objects"][object_name].get("geometries", []):
        polygons = _polygons(geometry)
        shape_id = str(geometry.get("id", ""))
        if not polygons or shape_id in skip_ids:
            continue
        rings = (_stitch(arcs, ring) for polygon in polygons for ring in polygon)
        d = "".join(_ring_path(ring, projection.width) for ring in rings)
        if d:
            name = str((geometry.get("properties") or {}).get("name", ""))
            shapes.append(CountryShape(id=shape_id, name=name, d=d))
    return tuple(shapes)


def _absolute_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Arcs as lon/lat lists; a quantized topology's arcs are delta-encoded integers under a transform."""
    transform = topology.get("transform")
    if transform is None:
        return [[(float(p[0]), float(p[1])) for p in arc] for arc in topology["arcs"]]
    (scale_x, scale_y), (translate_x, translate_y) = transform["scale"], transform["translate"]
    decoded: list[list[Point]] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: list[Point] = []
        for position in arc:
            x += position[0]
            y += position[1]
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        decoded.append(points)
    return decoded


def _polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    """A geometry's polygons as lists of rings of arc indexes; [] for anything that is not a drawable area."""
    kind, arcs = geometry.get("type"), geometry.get("arcs")
    if not arcs:
        return []
    if kind == "Polygon":
        return [arcs]
    if kind == "MultiPolygon":
        return list(arcs)
    return []


def _stitch(arcs: Sequence[Sequence[Point]], indexes: Iterable[int]) -> list[Point]:
    """One ring from its arcs: ~i means arc i reversed, and each later arc repeats the previous arc's last point."""
    ring: list[Point] = []
    for position, index in enumerate(indexes):
        arc = list(arcs[index]) if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(arc if position == 0 else arc[1:])
    return ring


def _ring_path(ring: Sequence[Point], width: float) -> str:
    """SVG path data of one projected ring, split into open subpaths where it crosses the antimeridian."""
    points = _distinct(ring)
    if len(points) < 2:
        return ""
    jumps = [i for i in range(len(points)) if abs(points[i][0] - points[i - 1][0]) > width / 2]
    if not jumps:
        return _subpath(points) + "Z"
    # Start the ring just after a crossing, so every piece runs from one map edge to the other edge or back;
    # the implicit close SVG gives each filled subpath then runs along the edge instead of across the country.
    start = jumps[0]
    rotated = points[start:] + points[:start]
    cuts = [i - start for i in jumps] + [len(points)]  # jumps ascend from start, so these do too
    # No Z: closing a piece would stroke a line down the map edge.
    return "".join(_subpath(rotated[a:b]) for a, b in itertools.pairwise(cuts) if b - a >= 2)


def _distinct(ring: Sequence[Point]) -> list[Point]:
    """The ring without repeated consecutive points (many coincide once rounded) nor its closing point."""
    points: list[Point] = []
    for point in ring:
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    return points


def _subpath(points: Sequence[Point]) -> str:
    head, *rest = points
    return f"M{_num(head[0])},{_num(head[1])}" + "".join(f"L{_num(x)},{_num(y)}" for x, y in rest)


def _num(value: float) -> str:
    """Compact 1-decimal number: 12.0 → "12", 12.5 → "12.5"."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
