"""Drawings of the network page, made on the server as SVG: the map and the total over time.

No tile, no library, no request to any other site. The map's outline of Belgium
and its regions are approximate, drawn from well-known coordinates (longitude,
latitude) below; the members' table is the map's accessible equivalent, and the
snapshots' table is the chart's.
"""

import dataclasses
import math

#: Belgium's outline, approximately (longitude, latitude), clockwise from De Panne.
BELGIUM = (
    (2.54, 51.09), (3.37, 51.37), (3.90, 51.21), (4.24, 51.37), (4.53, 51.48),
    (5.04, 51.48), (5.24, 51.26), (5.56, 51.22), (5.84, 51.10), (5.64, 50.85),
    (5.70, 50.76), (6.02, 50.75), (6.27, 50.62), (6.17, 50.52), (6.40, 50.33),
    (6.13, 50.13), (5.97, 50.17), (5.75, 49.92), (5.90, 49.65), (5.82, 49.55),
    (5.47, 49.50), (5.31, 49.65), (4.85, 49.79), (4.87, 50.15), (4.70, 49.99),
    (4.15, 49.98), (4.23, 50.07), (4.03, 50.36), (3.67, 50.33), (3.61, 50.49),
    (3.29, 50.53), (3.16, 50.78), (2.86, 50.71), (2.61, 50.84),
)  # fmt: skip
#: The Brussels-Capital Region, approximately.
BRUSSELS = (
    (4.24, 50.82), (4.30, 50.77), (4.42, 50.78), (4.48, 50.82), (4.45, 50.90),
    (4.36, 50.91), (4.28, 50.88),
)  # fmt: skip
#: The language border between Flanders and Wallonia, approximately, west to east.
LANGUAGE_BORDER = (
    (2.95, 50.75), (3.30, 50.72), (3.60, 50.73), (4.00, 50.69), (4.40, 50.71),
    (4.80, 50.76), (5.10, 50.72), (5.40, 50.74), (5.70, 50.76),
)  # fmt: skip
#: The German-speaking Community, approximately.
GERMAN_COMMUNITY = (
    (6.02, 50.75), (6.27, 50.62), (6.17, 50.52), (6.40, 50.33), (6.13, 50.13),
    (5.97, 50.17), (6.00, 50.30), (5.95, 50.45), (5.98, 50.60), (5.93, 50.70),
)  # fmt: skip

WEST, NORTH, SOUTH = 2.45, 51.56, 49.45
SCALE = 160
#: Degrees of longitude are shorter than degrees of latitude at Belgium's latitude.
SQUEEZE = math.cos(math.radians(50.5))
WIDTH = round((6.5 - WEST) * SQUEEZE * SCALE)
HEIGHT = round((NORTH - SOUTH) * SCALE)


def project(longitude, latitude):
    """SVG coordinates of a point (equirectangular, good enough at Belgium's size)."""
    return (
        round((longitude - WEST) * SQUEEZE * SCALE, 1),
        round((NORTH - latitude) * SCALE, 1),
    )


def points(shape):
    return " ".join("{},{}".format(*project(lon, lat)) for lon, lat in shape)


@dataclasses.dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    name: str
    total: int
    stale: bool


def belgium_map(members):
    """What the map template draws: outline, regions and a dot per member with coordinates."""
    located = [
        member
        for member in members
        if member.latitude is not None
        and member.longitude is not None
        and SOUTH <= member.latitude <= NORTH
        and WEST <= member.longitude <= 6.5
    ]
    largest = max((member.total for member in located), default=0) or 1
    dots = []
    for member in located:
        x, y = project(member.longitude, member.latitude)
        radius = 3 + 9 * math.sqrt(member.total / largest)
        dots.append(Dot(x, y, round(radius, 1), member.name, member.total, member.stale))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "outline": points(BELGIUM),
        "brussels": points(BRUSSELS),
        "border": points(LANGUAGE_BORDER),
        "german": points(GERMAN_COMMUNITY),
        "dots": dots,
    }


CHART_WIDTH, CHART_HEIGHT, MARGIN = 600, 240, 40


def history_chart(snapshots):
    """What the chart template draws from the snapshots (oldest first); ``None`` below two."""
    if len(snapshots) < 2:
        return None
    first, last = snapshots[0].taken_at, snapshots[-1].taken_at
    span = (last - first).total_seconds() or 1
    top = max(snapshot.total for snapshot in snapshots) or 1
    inner_w, inner_h = CHART_WIDTH - 2 * MARGIN, CHART_HEIGHT - 2 * MARGIN
    line = []
    for snapshot in snapshots:
        x = MARGIN + inner_w * (snapshot.taken_at - first).total_seconds() / span
        y = MARGIN + inner_h * (1 - snapshot.total / top)
        line.append(f"{round(x, 1)},{round(y, 1)}")
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "points": " ".join(line),
        "left": MARGIN,
        "right": CHART_WIDTH - MARGIN,
        "top": MARGIN,
        "bottom": CHART_HEIGHT - MARGIN,
        "highest": top,
        "first": first,
        "last": last,
    }
