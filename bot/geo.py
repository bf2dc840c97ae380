"""Great-circle distance and the bounding boxes used to prefilter R*Tree searches."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

EARTH_RADIUS_KM = 6371.0088
#: Half the Earth's circumference: no two points are farther apart than this.
MAX_DISTANCE_KM = math.pi * EARTH_RADIUS_KM
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180


def valid_point(lat: float, lon: float) -> bool:
    """True for a finite latitude in [-90, 90] and longitude in [-180, 180]."""
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def even_spread_radius_km(points: int, wanted: int) -> float:
    """The radius of a circle holding ``wanted`` of ``points`` spread evenly on the Earth."""
    earth_km2 = 4 * math.pi * EARTH_RADIUS_KM**2
    area = earth_km2 * min(1.0, wanted / max(points, 1))
    return min(MAX_DISTANCE_KM, 2 * math.sqrt(area / math.pi))


@dataclass(frozen=True)
class Box:
    """Latitude range and up to two longitude ranges (two when the box crosses ±180°)."""

    min_lat: float
    max_lat: float
    lon_ranges: tuple[tuple[float, float], tuple[float, float]]

    def params(self) -> tuple[float, ...]:
        (a1, b1), (a2, b2) = self.lon_ranges
        return (self.min_lat, self.max_lat, a1, b1, self.min_lat, self.max_lat, a2, b2)


_EMPTY = (1.0, 0.0)  # a longitude range that matches nothing


def box_around(lat: float, lon: float, radius_km: float) -> Box:
    """A box that contains every point within ``radius_km`` of (lat, lon), with a margin."""
    dlat = radius_km / KM_PER_DEGREE + 0.01
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    if min_lat <= -90 or max_lat >= 90:  # the circle contains a pole: every longitude
        return Box(min_lat, max_lat, ((-180.0, 180.0), _EMPTY))
    widest = math.cos(math.radians(max(abs(min_lat), abs(max_lat))))
    dlon = dlat / widest if widest > 0 else 360.0
    if dlon >= 180:
        return Box(min_lat, max_lat, ((-180.0, 180.0), _EMPTY))
    west, east = lon - dlon, lon + dlon
    if west < -180:
        return Box(min_lat, max_lat, ((west + 360, 180.0), (-180.0, east)))
    if east > 180:
        return Box(min_lat, max_lat, ((west, 180.0), (-180.0, east - 360)))
    return Box(min_lat, max_lat, ((west, east), _EMPTY))


async def nearest(
    fetch: Callable[[Box], Awaitable[Iterable[T]]],
    point_of: Callable[[T], tuple[float, float]],
    lat: float,
    lon: float,
    limit: int,
    start_km: float = 100.0,
) -> list[tuple[float, T]]:
    """The ``limit`` rows nearest to (lat, lon) as (km, row), nearest first.

    ``fetch`` returns the rows inside a box (an R*Tree search); the box grows until it holds
    ``limit`` rows within the circle it encloses, so the answer is exact, and only the rows
    near the point are ever measured.
    """
    radius = start_km
    while True:
        found: list[tuple[float, T]] = []
        for row in await fetch(box_around(lat, lon, radius)):
            plat, plon = point_of(row)
            km = distance_km(lat, lon, plat, plon)
            if km <= radius:
                found.append((km, row))
        if len(found) >= limit or radius >= MAX_DISTANCE_KM:
            found.sort(key=lambda pair: pair[0])
            return found[:limit]
        radius = min(radius * 4, MAX_DISTANCE_KM)
