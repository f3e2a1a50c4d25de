"""The timeline and the map as shapes in SVG coordinates, from the rows the queries return; the page's template
draws them. Computed here so they are tested as plain data and the page needs no script to draw."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from schemas.explorer import PLOVER_TYPES
from services.web.basemap import Projection

# One colour per PLOVER type, cooperative (blues, greens) to hostile (oranges, reds); readable on white.
TYPE_COLOURS = dict(
    zip(
        PLOVER_TYPES,
        (
            "#1f77b4", "#4a90c2", "#76a9d6", "#9ecae1", "#2ca02c", "#74c476", "#a1d99b", "#17becf",
            "#bcbd22", "#8c6d31", "#9467bd", "#e377c2", "#ff9896", "#ff7f0e", "#d62728", "#7f0000",
        ),
        strict=True,
    )
)  # fmt: skip
# Past this many days the timeline counts weeks, then months: a bar stays several pixels wide, and the page's SVG
# stays small (a year by day is 5,800 rectangles and 850 kB of HTML; by week, 850 and a sixth of the time).
MAX_BARS = 120


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    type: str
    start: dt.date
    count: int
    colour: str


@dataclass(frozen=True)
class Timeline:
    bars: tuple[Bar, ...]
    first: dt.date | None
    last: dt.date | None
    peak: int  # the tallest bin's total
    unit: str  # day, week or month
    width: float
    height: float
    ticks: tuple[tuple[float, str], ...] = ()  # x and label of a few bins, for the axis under the bars


def _bin(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _next(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day + dt.timedelta(days=7)
    if unit == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day + dt.timedelta(days=1)


def unit_for(first: dt.date, last: dt.date) -> str:
    """The bin that keeps the timeline under MAX_BARS bars."""
    days = (last - first).days + 1
    return "day" if days <= MAX_BARS else "week" if days <= MAX_BARS * 7 else "month"


def timeline(
    rows: Iterable[Mapping[str, Any]], *, unit: str | None = None, width: float = 960, height: float = 300
) -> Timeline:
    """Stacked bars: one per day (or week, or month), a segment per type in PLOVER's order. ``unit``: the bin the
    rows were counted in (the page bins in Postgres, from the span of the matching events); left out, the rows'
    own span decides. Rows already binned span less than the events did, so they must not decide again."""
    counts: dict[tuple[dt.date, str], int] = {}
    for row in rows:
        key = (row["day"], row["type"])
        counts[key] = counts.get(key, 0) + int(row["events"])
    if not counts:
        return Timeline((), None, None, 0, "day", width, height)
    first, last = min(d for d, _ in counts), max(d for d, _ in counts)
    unit = unit or unit_for(first, last)
    bins: dict[dt.date, dict[str, int]] = {}
    for (day, kind), n in counts.items():
        per_type = bins.setdefault(_bin(day, unit), {})
        per_type[kind] = per_type.get(kind, 0) + n
    starts = [_bin(first, unit)]
    while _next(starts[-1], unit) <= last:
        starts.append(_next(starts[-1], unit))
    peak = max(sum(v.values()) for v in bins.values())
    slot = width / len(starts)
    bar_width = max(slot - (1.0 if slot > 3 else 0.0), 0.5)
    order = {t: i for i, t in enumerate(PLOVER_TYPES)}
    bars: list[Bar] = []
    for i, start in enumerate(starts):
        y = height
        for kind, n in sorted(bins.get(start, {}).items(), key=lambda kv: order.get(kv[0], len(order))):
            h = height * n / peak
            y -= h
            colour = TYPE_COLOURS.get(kind, "#777777")
            bars.append(Bar(round(i * slot, 2), round(y, 2), round(bar_width, 2), round(h, 2), kind, start, n, colour))
    step = max(1, math.ceil(len(starts) / 6))
    fmt = "%Y-%m" if unit == "month" else "%Y-%m-%d"
    ticks = tuple((round(i * slot, 2), starts[i].strftime(fmt)) for i in range(0, len(starts), step))
    return Timeline(tuple(bars), first, last, peak, unit, width, height, ticks)


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    place: str | None
    country: str | None
    events: int
    fatalities: int


def dots(rows: Iterable[Mapping[str, Any]], projection: Projection) -> list[Dot]:
    """A circle per place, its area growing with its events; the largest drawn first so small ones stay visible."""
    found: list[Dot] = []
    for row in rows:
        x, y = projection.point(float(row["longitude"]), float(row["latitude"]))
        radius = min(4.0 + 2.5 * math.sqrt(int(row["events"])), 24.0)
        events, killed = int(row["events"]), int(row["fatalities"])
        found.append(Dot(x, y, round(radius, 1), row.get("place"), row.get("country"), events, killed))
    return sorted(found, key=lambda d: -d.r)


@dataclass(frozen=True)
class View:
    """The part of the map the page shows: the places found, with a margin, at the map's proportions."""

    x: float
    y: float
    width: float
    height: float
    scale: float  # of the whole map's width: circles shrink with it, so they keep their size on screen


def view(found: Iterable[Dot], projection: Projection, *, margin: float = 40.0, min_share: float = 0.25) -> View:
    """The whole world when nothing is placed; else the box around the places, no narrower than ``min_share`` of
    the map, widened to the map's aspect ratio and kept inside it."""
    w, h = projection.width, projection.height
    points = [(d.x, d.y) for d in found]
    if not points:
        return View(0.0, 0.0, w, h, 1.0)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    box_w = max(max(xs) - min(xs) + 2 * margin, w * min_share)
    box_h = max(max(ys) - min(ys) + 2 * margin, box_w * h / w)
    box_w = min(max(box_w, box_h * w / h), w)
    box_h = min(box_w * h / w, h)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    x = min(max(cx - box_w / 2, 0.0), w - box_w)
    y = min(max(cy - box_h / 2, 0.0), h - box_h)
    return View(round(x, 1), round(y, 1), round(box_w, 1), round(box_h, 1), round(box_w / w, 3))
