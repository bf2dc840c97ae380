"""The gazetteer tables: ``cities`` and ``city_names``."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import aiosqlite

from bot.geo import Box
from bot.store import Store

#: geonameid, name, country_code, lat, lon, population, timezone, admin1
CityRow = tuple[int, str, str, float, float, int, str, str]
NameRow = tuple[str, str, int]  # key, reversed key, geonameid
SpellingRow = tuple[str, int]  # spelling, geonameid
RegionRow = tuple[str, str, str, str, str, str]  # key, country_code, admin1, name_az/en/ru

_COLUMNS = "c.geonameid, c.name, c.country_code, c.lat, c.lon, c.population, c.timezone, c.admin1"


async def replace_all(
    conn: aiosqlite.Connection,
    batches: Iterable[tuple[Sequence[CityRow], Sequence[NameRow], Sequence[SpellingRow]]],
) -> tuple[int, int]:
    """Inside a transaction: the whole gazetteer replaced by the rows of ``batches`` (read one
    at a time, so a file is never held whole); returns (cities, spellings) written."""
    # The second index is built once after the rows are in: much faster than row by row.
    await conn.execute("DROP INDEX IF EXISTS city_names_by_rkey")
    await conn.execute("DELETE FROM city_names")
    await conn.execute("DELETE FROM city_spellings")
    await conn.execute("DELETE FROM cities")
    cities = spellings = 0
    for city_rows, names, spelled in batches:
        await conn.executemany(
            "INSERT INTO cities (geonameid, name, country_code, lat, lon, population, timezone,"
            " admin1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            city_rows,
        )
        async with conn.executemany(
            "INSERT OR IGNORE INTO city_names (key, rkey, geonameid) VALUES (?, ?, ?)",
            sorted(names),
        ) as cursor:
            spellings += max(cursor.rowcount, 0)
        await conn.executemany(
            "INSERT OR IGNORE INTO city_spellings (spelling, geonameid) VALUES (?, ?)",
            sorted(spelled),
        )
        cities += len(city_rows)
    await conn.execute("CREATE INDEX city_names_by_rkey ON city_names (rkey)")
    return cities, spellings


async def count(store: Store) -> int:
    row = await store.fetchone("SELECT count(*) FROM cities")
    return int(row[0]) if row else 0


async def by_key(store: Store, key: str) -> list[aiosqlite.Row]:
    """Cities with a spelling whose normalised form is exactly ``key``."""
    return await store.lookup(
        f"SELECT DISTINCT {_COLUMNS} FROM city_names n JOIN cities c USING (geonameid)"
        " WHERE n.key = ? ORDER BY c.population DESC LIMIT 50",
        (key,),
    )


async def spelled(store: Store, spelling: str) -> set[int]:
    """The cities with this very spelling (see ``city_spellings``)."""
    rows = await store.lookup(
        "SELECT geonameid FROM city_spellings WHERE spelling = ? LIMIT 50", (spelling,)
    )
    return {int(r["geonameid"]) for r in rows}


async def candidates(
    store: Store, prefix: str, suffix: str, min_len: int, max_len: int
) -> list[aiosqlite.Row]:
    """Spellings starting with ``prefix`` or ending with ``suffix`` (given reversed), of a
    length in [min_len, max_len]: the few names worth comparing letter by letter."""
    return await store.lookup(
        "SELECT key, geonameid FROM city_names WHERE key >= ? AND key < ?"
        " AND length(key) BETWEEN ? AND ?"
        " UNION ALL "
        "SELECT key, geonameid FROM city_names WHERE rkey >= ? AND rkey < ?"
        " AND length(key) BETWEEN ? AND ?",
        (
            prefix,
            prefix + "\U0010ffff",
            min_len,
            max_len,
            suffix,
            suffix + "\U0010ffff",
            min_len,
            max_len,
        ),
    )


async def largest_in(store: Store, country_code: str) -> aiosqlite.Row | None:
    """The most populous city of a country (a full scan of 34,000 rows, ~2 ms: it answers
    only a country typed as a city)."""
    return await store.lookup_one(
        f"SELECT {_COLUMNS} FROM cities c WHERE c.country_code = ?"
        " ORDER BY c.population DESC LIMIT 1",
        (country_code,),
    )


async def largest_per_zone(store: Store, country_code: str, limit: int) -> list[aiosqlite.Row]:
    """The most populous city of each time zone of a country, most populous first (a scan of
    34,000 rows, ~5 ms: only for a country typed to /timezone)."""
    return await store.lookup(
        f"SELECT {_COLUMNS} FROM cities c WHERE c.country_code = ? AND c.population = ("
        " SELECT max(population) FROM cities o"
        " WHERE o.country_code = c.country_code AND o.timezone = c.timezone)"
        " ORDER BY c.population DESC LIMIT ?",
        (country_code, limit),
    )


async def zones_of(store: Store, country_code: str) -> list[str]:
    """The time zones of a country's cities (the country's rows, by its index)."""
    rows = await store.lookup(
        "SELECT DISTINCT timezone FROM cities WHERE country_code = ?", (country_code,)
    )
    return [str(r[0]) for r in rows]


async def by_ids(store: Store, ids: Sequence[int]) -> list[aiosqlite.Row]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))  # only '?' marks are built, the values are parameters
    return await store.lookup(
        f"SELECT {_COLUMNS} FROM cities c WHERE c.geonameid IN ({marks})", tuple(ids)
    )


async def nearest_in_box(
    store: Store, box: Box, lat: float, lon: float, limit: int, *, wide: bool = False
) -> list[aiosqlite.Row]:
    """Up to ``limit`` (-1: all) cities inside ``box``, nearest to (lat, lon) first by a
    flat-map measure (degrees of latitude, and of longitude scaled by the cosine of ``lat``,
    the short way round ±180°): close enough to rank neighbours in a small box; the caller
    measures exactly. Cities lie dense (some 60 within 12 km of Berlin): only the few that
    matter leave SQLite. A ``wide`` box (thousands of cities to rank) is read on aiosqlite's
    thread, not the event loop's: far out at sea that ranking took ~25 ms."""
    scale = math.cos(math.radians(lat))
    read = store.fetchall if wide else store.lookup
    return await read(
        f"SELECT {_COLUMNS} FROM ("
        f" SELECT {_COLUMNS} FROM cities c"
        " WHERE c.lat BETWEEN ?1 AND ?2 AND c.lon BETWEEN ?3 AND ?4"
        " UNION ALL"
        f" SELECT {_COLUMNS} FROM cities c"
        " WHERE c.lat BETWEEN ?5 AND ?6 AND c.lon BETWEEN ?7 AND ?8"
        ") c ORDER BY (c.lat - ?9) * (c.lat - ?9)"
        " + min(abs(c.lon - ?10), 360 - abs(c.lon - ?10))"
        " * min(abs(c.lon - ?10), 360 - abs(c.lon - ?10)) * ?11"
        " LIMIT ?12",
        (*box.params(), lat, lon, scale * scale, limit),
    )


async def largest_in_region(
    store: Store, country_code: str, admin1: str, limit: int
) -> list[aiosqlite.Row]:
    """The region's most populous cities, most populous first (through cities_by_region)."""
    return await store.lookup(
        f"SELECT {_COLUMNS} FROM cities c WHERE c.country_code = ? AND c.admin1 = ?"
        " ORDER BY c.population DESC LIMIT ?",
        (country_code, admin1, limit),
    )


async def replace_regions(conn: aiosqlite.Connection, rows: Sequence[RegionRow]) -> None:
    """Inside a transaction: every region name replaced by ``rows``."""
    await conn.execute("DELETE FROM regions")
    await conn.executemany(
        "INSERT OR IGNORE INTO regions (key, country_code, admin1, name_az, name_en, name_ru)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )


async def regions_named(store: Store, key: str) -> list[aiosqlite.Row]:
    """The regions with a name whose normalised form is ``key``."""
    return await store.lookup(
        "SELECT country_code, admin1, name_az, name_en, name_ru FROM regions WHERE key = ?"
        " ORDER BY country_code, admin1",
        (key,),
    )


async def has_country(store: Store, country_code: str) -> bool:
    """Whether the gazetteer has any city of the country (through cities_by_region)."""
    row = await store.fetchone(
        "SELECT 1 FROM cities WHERE country_code = ? LIMIT 1", (country_code,)
    )
    return row is not None


async def country_in_box(store: Store, box: Box, country_code: str) -> bool:
    """Whether a city of the country lies inside ``box``."""
    row = await store.fetchone(
        "SELECT 1 FROM cities WHERE country_code = ?9 AND ("
        " (lat BETWEEN ?1 AND ?2 AND lon BETWEEN ?3 AND ?4)"
        " OR (lat BETWEEN ?5 AND ?6 AND lon BETWEEN ?7 AND ?8)) LIMIT 1",
        (*box.params(), country_code),
    )
    return row is not None
