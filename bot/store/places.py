"""The ``places`` table (Azerbaijani Houses, weekend schools) and its R*Tree ``places_rtree``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import aiosqlite

from bot.geo import Box
from bot.store import Store

#: Columns of the places file and of the table (besides the internal ``pk``), in file order.
#: (The places table has city_az and city_ru last, as migration 0013 added them.)
COLUMNS: tuple[str, ...] = (
    "id",
    "kind",
    "name_az",
    "name_en",
    "name_ru",
    "city",
    "city_az",
    "city_ru",
    "country_code",
    "lat",
    "lon",
    "location",
    "address",
    "contacts",
    "opened",
    "online",
    "source_url",
    "note",
)
#: The header before city_az and city_ru (files written by an older bot still import).
COLUMNS_BEFORE_CITY_NAMES = tuple(c for c in COLUMNS if c not in ("city_az", "city_ru"))
_INSERT = (
    f"INSERT INTO places ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
    " RETURNING pk, kind, lat, lon"
)


async def replace_all(conn: aiosqlite.Connection, rows: Sequence[Sequence[Any]]) -> None:
    """Inside a transaction: every place replaced by ``rows`` (values in COLUMNS order)."""
    await conn.execute("DELETE FROM places_rtree")
    await conn.execute("DELETE FROM places")
    points: list[tuple[int, float, float, float, float, str]] = []
    for row in rows:
        async with conn.execute(_INSERT, tuple(row)) as cursor:
            added = await cursor.fetchone()
        if added is not None and added["lat"] is not None:
            lat, lon = float(added["lat"]), float(added["lon"])
            points.append((int(added["pk"]), lat, lat, lon, lon, str(added["kind"])))
    await conn.executemany("INSERT INTO places_rtree VALUES (?, ?, ?, ?, ?, ?)", points)
    await conn.execute("DELETE FROM places_points")
    await conn.execute(
        "INSERT INTO places_points (kind, points) SELECT kind, count(*) FROM places"
        " WHERE lat IS NOT NULL AND online = 0 GROUP BY kind"
    )


async def points_in_box(store: Store, kind: str, box: Box) -> list[aiosqlite.Row]:
    """(pk, lat, lon) of the places of ``kind`` with a point inside ``box`` (online schools
    excluded): only what measuring distances needs; :func:`by_pks` reads the nearest ones."""
    (w1, e1), (w2, e2) = box.lon_ranges
    return await store.lookup(
        "SELECT p.pk, p.lat, p.lon"
        " FROM places_rtree r JOIN places p ON p.pk = r.pk"
        " WHERE r.max_lat >= ? AND r.min_lat <= ? AND r.max_lon >= ? AND r.min_lon <= ?"
        " AND r.kind = ? AND p.online = 0"
        " UNION ALL "
        "SELECT p.pk, p.lat, p.lon"
        " FROM places_rtree r JOIN places p ON p.pk = r.pk"
        " WHERE r.max_lat >= ? AND r.min_lat <= ? AND r.max_lon >= ? AND r.min_lon <= ?"
        " AND r.kind = ? AND p.online = 0",
        (box.min_lat, box.max_lat, w1, e1, kind, box.min_lat, box.max_lat, w2, e2, kind),
    )


async def by_pks(store: Store, pks: Sequence[int]) -> dict[int, aiosqlite.Row]:
    if not pks:
        return {}
    marks = ",".join("?" * len(pks))  # only '?' marks are built, the values are parameters
    rows = await store.lookup(f"SELECT * FROM places WHERE pk IN ({marks})", tuple(pks))
    return {int(r["pk"]): r for r in rows}


async def count_points(store: Store, kind: str) -> int:
    """How many places of ``kind`` have a point (online ones excluded)."""
    row = await store.lookup_one("SELECT points FROM places_points WHERE kind = ?", (kind,))
    return int(row[0]) if row else 0


async def online(store: Store) -> list[aiosqlite.Row]:
    return await store.lookup("SELECT * FROM places WHERE online = 1 ORDER BY id")


async def countries(store: Store, kind: str) -> list[str]:
    rows = await store.lookup(
        "SELECT DISTINCT country_code FROM places"
        " WHERE kind = ? AND country_code != '' AND online = 0 ORDER BY country_code",
        (kind,),
    )
    return [str(r[0]) for r in rows]


async def in_country(store: Store, kind: str, country_code: str) -> list[aiosqlite.Row]:
    return await store.lookup(
        "SELECT * FROM places WHERE kind = ? AND country_code = ? AND online = 0 ORDER BY city, id",
        (kind, country_code),
    )


async def without_point(store: Store, kind: str, country_code: str) -> list[aiosqlite.Row]:
    """Places of the country with no coordinates (online ones aside): usually none, so the
    index answers at once, on every shared location."""
    return await store.lookup(
        "SELECT * FROM places WHERE kind = ? AND country_code = ? AND online = 0"
        " AND (lat IS NULL OR lon IS NULL) ORDER BY city, id",
        (kind, country_code),
    )


async def all_rows(store: Store) -> list[aiosqlite.Row]:
    return await store.fetchall("SELECT * FROM places ORDER BY pk")


async def count(store: Store) -> int:
    row = await store.lookup_one("SELECT count(*) FROM places")
    return int(row[0]) if row else 0
