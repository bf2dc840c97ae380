"""The offline gazetteer: typed city names and the nearest city to a point."""

import bisect
import gzip
import math
import random
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import gazetteer
from bot.app import DATA_DIR
from bot.gazetteer import City, find_cities, nearest_city, normalize
from bot.geo import EARTH_RADIUS_KM, KM_PER_DEGREE, box_around, distance_km
from bot.store import Store
from bot.store import cities as cities_db


@pytest.fixture
async def store(loaded_db: Path, tmp_path: Path) -> AsyncIterator[Store]:
    path = tmp_path / "g.sqlite3"
    shutil.copyfile(loaded_db, path)
    opened = await Store.open(path)
    yield opened
    await opened.close()


@pytest.mark.parametrize(
    ("typed", "name", "country"),
    [
        ("Berlin", "Berlin", "DE"),
        ("Köln", "Köln", "DE"),
        ("koeln", "Köln", "DE"),
        ("Кёльн", "Köln", "DE"),
        ("Москва", "Moscow", "RU"),
        ("Tiflis", "Tbilisi", "GE"),
        ("Nyu-York", "New York City", "US"),
        ("nyu york", "New York City", "US"),
        ("Bakı", "Baku", "AZ"),
        ("baki", "Baku", "AZ"),
        ("Gəncə", "Ganja", "AZ"),
        ("Vaşinqton", "Washington", "US"),
        ("  BERLIN  ", "Berlin", "DE"),
        # typos: one wrong, missing or swapped letter
        ("Berlni", "Berlin", "DE"),
        ("Kologne", "Köln", "DE"),
        ("Budapesht", "Budapest", "HU"),
        ("Stokholm", "Stockholm", "SE"),
    ],
)
async def test_typed_city_names_resolve_to_the_most_populous_match(
    store: Store, typed: str, name: str, country: str
) -> None:
    found = await find_cities(store, typed)
    assert found, typed
    assert (found[0].name, found[0].country_code) == (name, country)
    assert all(isinstance(c, City) for c in found)


async def test_ambiguous_names_come_most_populous_first(store: Store) -> None:
    found = await find_cities(store, "Alexandria", limit=10)
    populations = [c.population for c in found if c.name == "Alexandria"]
    assert populations == sorted(populations, reverse=True)
    assert len({c.country_code for c in found}) >= 2
    assert len(await find_cities(store, "Alexandria", limit=2)) == 2


@pytest.mark.parametrize("typed", ["", "   ", "%" * 300, "Xyzzyqqq", "ab", "🙂🙂", "\x00\u202e"])
async def test_nonsense_finds_nothing(store: Store, typed: str) -> None:
    assert await find_cities(store, typed) == []


async def test_nearest_city_and_its_time_zone(store: Store) -> None:
    city = await nearest_city(store, 40.3777, 49.892)
    assert city is not None and city.country_code == "AZ" and city.timezone == "Asia/Baku"
    # across the date line: Fiji's Taveuni side, nearest is still in Fiji
    city = await nearest_city(store, -16.8, 179.99)
    assert city is not None and city.country_code == "FJ"
    assert await nearest_city(store, float("nan"), 0) is None
    assert await nearest_city(store, 91, 0) is None


async def test_the_nearest_city_is_the_one_a_full_scan_finds(store: Store) -> None:
    """Against measuring every city: points over every continent, at sea, near the poles and
    on both sides of ±180°. Cities are ranked in SQL first; the answer must not change."""
    rows = sorted((r["lat"], r["lon"]) for r in await store.fetchall("SELECT lat, lon FROM cities"))
    lats = [lat for lat, _ in rows]
    rng = random.Random(4)
    points = [(rng.uniform(-90, 90), rng.uniform(-180, 180)) for _ in range(150)]
    points += [(rng.uniform(35, 60), rng.uniform(-10, 50)) for _ in range(150)]  # dense Europe
    points += [(52.52, 13.405), (-16.8, 179.99), (-16.8, -179.99), (89.9, 0.0), (-89.9, 0.0)]
    for lat, lon in points:
        city = await nearest_city(store, lat, lon)
        assert city is not None
        got = distance_km(lat, lon, city.lat, city.lon)
        # every city nearer than the answer lies within its distance in latitude alone
        band = got / KM_PER_DEGREE + 1e-9
        near = rows[bisect.bisect_left(lats, lat - band) : bisect.bisect_right(lats, lat + band)]
        best = min(distance_km(lat, lon, la, lo) for la, lo in near)
        assert got == pytest.approx(best, abs=1e-6), (lat, lon)


async def test_a_point_far_out_at_sea_ranks_a_few_hundred_cities_off_the_event_loop(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An adversarial review: a location shared from the Southern Ocean read and measured all
    18,000 cities south of 20°S on the event loop (~200 ms, while nobody else was answered)."""
    reads: list[tuple[int, bool]] = []
    ranked = cities_db.nearest_in_box

    async def counted(*args: object, **kw: object) -> list[object]:
        rows = await ranked(*args, **kw)  # type: ignore[arg-type]
        reads.append((len(rows), bool(kw.get("wide"))))
        return rows  # type: ignore[return-value]

    monkeypatch.setattr(cities_db, "nearest_in_box", counted)
    city = await nearest_city(store, -60.0, 60.0)
    assert city is not None
    assert max(n for n, _ in reads) <= gazetteer.WIDE_BOX_CANDIDATES
    assert any(wide for _, wide in reads)  # the wide boxes were read on aiosqlite's thread
    assert all(wide for n, wide in reads if n == gazetteer.WIDE_BOX_CANDIDATES)


def _destination(lat: float, lon: float, bearing: float, km: float) -> tuple[float, float]:
    p1, l1, b = math.radians(lat), math.radians(lon), math.radians(bearing)
    a = km / EARTH_RADIUS_KM
    p2 = math.asin(math.sin(p1) * math.cos(a) + math.cos(p1) * math.sin(a) * math.cos(b))
    l2 = l1 + math.atan2(
        math.sin(b) * math.sin(a) * math.cos(p1), math.cos(a) - math.sin(p1) * math.sin(p2)
    )
    return math.degrees(p2), math.degrees(l2)


async def test_the_nearest_city_is_found_where_the_flat_map_ranks_it_ninth(
    db_path: Path,
) -> None:
    """Far north, a flat map overrates distances to the north-west and underrates them to
    the south-east: 8 cities 40.95 km south-east rank before the nearest, 40.68 km
    north-west. The answer must still be exact."""
    here = (70.0, 20.0)
    nearest = _destination(*here, 305, 40.68)
    decoys = [_destination(*here, 121 + i, 40.95) for i in range(8)]
    store = await Store.open(db_path)
    try:
        rows = [(1, "Nearest", "NO", *nearest, 2000, "Europe/Oslo", "")]
        rows += [
            (10 + i, f"Decoy {i}", "NO", *d, 2000, "Europe/Oslo", "") for i, d in enumerate(decoys)
        ]
        async with store.transaction() as conn:
            await conn.executemany("INSERT INTO cities VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        box = box_around(*here, 4 * 12)  # the search's second box
        ranked = await cities_db.nearest_in_box(store, box, *here, -1)
        assert ranked[-1]["geonameid"] == 1  # the flat map does rank it last
        city = await nearest_city(store, *here)
        assert city is not None and city.name == "Nearest"
    finally:
        await store.close()


def test_normalize_folds_case_accents_and_punctuation() -> None:
    assert normalize("Nyu-York") == "nyu york"
    assert normalize("Köln") == normalize("KOLN") == "koln"
    assert normalize("Bakı") == "baki"
    assert normalize("Ərdəbil") == "erdebil"
    assert normalize("Sankt-Peterburq") == "sankt peterburq"
    assert normalize("Пётр  ") == "петр"


async def test_loading_is_skipped_when_the_file_did_not_change(
    store: Store, tmp_path: Path
) -> None:
    source = DATA_DIR / gazetteer.DATA_NAME
    assert await gazetteer.load(store, source, "t") is False  # already loaded
    small = tmp_path / "cities.tsv.gz"
    header = "\t".join(gazetteer.COLUMNS)
    row = "1\tTestville\tDE\t01\t10.0\t20.0\t50000\tEurope/Berlin\tProbeburg|Тестов"
    small.write_bytes(gzip.compress(f"{header}\n{row}\n".encode()))
    assert await gazetteer.load(store, small, "t") is True
    (city,) = await find_cities(store, "Тестов")
    assert city.name == "Testville"
    assert await find_cities(store, "Berlin") == []  # replaced, not added to
    assert await gazetteer.load(store, small, "t") is False


def table(rows: int, last: str = "") -> bytes:
    """A gazetteer file of ``rows`` good cities, then the line ``last``."""
    lines = ["\t".join(gazetteer.COLUMNS)]
    lines += [f"{i}\tTown{i}\tDE\t\t50.0\t10.0\t1000\tEurope/Berlin\tT{i}" for i in range(1, rows)]
    return gzip.compress("\n".join([*lines, last, ""]).encode())


MORE_THAN_A_BATCH = gazetteer.LOAD_BATCH + 10


def damaged(content: bytes) -> bytes:
    """``content`` with 64 bytes of its compressed data overwritten: zlib.error, not OSError
    (farther on, the same damage is often caught only by the final CRC check, an OSError)."""
    return content[:1000] + bytes(range(64)) + content[1064:]


@pytest.mark.parametrize(
    "content",
    [
        b"not gzip at all",
        # faults found after the first batches were written: all of it is undone
        table(MORE_THAN_A_BATCH, "9\tBad\tDE\t\t91\t2\t3\tUTC\t"),
        table(MORE_THAN_A_BATCH, "9\tHuge\tDE\t\t1\t2\t3\tUTC\t" + "x|" * 100_000),
        table(MORE_THAN_A_BATCH * 3)[:-2000],  # cut off
        damaged(table(MORE_THAN_A_BATCH * 3)),
        table(5, "1\tTwice\tDE\t\t1\t2\t3\tUTC\t"),  # a geonameid used twice
        gzip.compress(b"wrong\theader\n"),
        gzip.compress(("\t".join(gazetteer.COLUMNS) + "\nx\tA\tDE\t\t1\t2\t3\tUTC\t\n").encode()),
        gzip.compress(("\t".join(gazetteer.COLUMNS) + "\n1\tA\tDE\t\t99\t2\t3\tUTC\t\n").encode()),
    ],
)
async def test_a_broken_gazetteer_is_refused_and_the_old_one_kept(
    store: Store, tmp_path: Path, content: bytes
) -> None:
    bad = tmp_path / "cities.tsv.gz"
    bad.write_bytes(content)
    with pytest.raises(gazetteer.GazetteerError):
        await gazetteer.load(store, bad, "t")
    assert (await find_cities(store, "Berlin"))[0].name == "Berlin"


async def test_an_older_database_reads_the_gazetteer_again_for_its_spellings(
    tmp_path: Path,
) -> None:
    """Version 11 had no ``city_spellings``: the unchanged file is loaded once more to fill it
    (else "Şəki" would still find Sekimachi first)."""
    import hashlib

    from tests.conftest import database_at

    source = DATA_DIR / gazetteer.DATA_NAME
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    path = tmp_path / "old.sqlite3"
    database_at(
        path, 11, f"INSERT INTO data_files VALUES ('{gazetteer.DATA_NAME}', '{digest}', 't');"
    )
    store = await Store.open(path)
    try:
        assert await gazetteer.load(store, source, "t") is True
        (sheki, *_) = await find_cities(store, "Şəki")
        assert (sheki.name, sheki.country_code) == ("Sheki", "AZ")
        assert await gazetteer.load(store, source, "t") is False
    finally:
        await store.close()


# -- regions ---------------------------------------------------------------------------------
def test_every_region_in_the_data_file_has_cities_and_three_names(tmp_path: Path) -> None:
    """A wrong admin1 code in data/regions.csv would make its region find nothing."""
    import csv
    import gzip as gz

    with gz.open(DATA_DIR / gazetteer.DATA_NAME, "rt", encoding="utf-8") as text:
        reader = csv.reader(text, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        regions_with_cities = {(row[2], row[3]) for row in reader}
    raw = (DATA_DIR / gazetteer.REGIONS_NAME).read_bytes()
    rows = gazetteer.region_rows(raw)
    assert len({(r[1], r[2]) for r in rows}) >= 80
    for _key, country, admin1, az, en, ru in rows:
        assert (country, admin1) in regions_with_cities, (country, admin1, en)
        assert az and en and ru


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("country,admin1,name\nUS,TX,Texas\n", "the header must be"),
        ("country,admin1,name_en,name_az,name_ru,also\nUS,TX,Texas,Texas\n", "line 2: 4 columns"),
        (
            "country,admin1,name_en,name_az,name_ru,also\nUS,TX,Texas,Texas,Техас,\n"
            "usa,TX,Texas,Texas,Техас,\n",
            "line 3: country must be a two-letter code",
        ),
        ("country,admin1,name_en,name_az,name_ru,also\nUS,T X,Texas,Texas,Техас,\n", "admin1"),
        ("country,admin1,name_en,name_az,name_ru,also\nUS,TX,Texas,,Техас,\n", "name_az"),
        ('country,admin1,name_en,name_az,name_ru,also\nUS,TX,"Tex"as,T,Т,\n', "regions.csv"),
    ],
)
async def test_a_broken_regions_file_says_where_and_keeps_the_names_loaded(
    store: Store, tmp_path: Path, content: str, problem: str
) -> None:
    bad = tmp_path / "regions.csv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(gazetteer.GazetteerError, match=problem):
        await gazetteer.load_regions(store, bad, "t")
    called, regions = await gazetteer.regions_named(store, "Texas")
    assert called == "Texas" and [(r.country_code, r.admin1) for r in regions] == [("US", "TX")]


async def test_the_regions_file_is_read_again_only_when_it_changed(
    store: Store, tmp_path: Path
) -> None:
    assert await gazetteer.load_regions(store, DATA_DIR / gazetteer.REGIONS_NAME, "t") is False
    mine = tmp_path / "regions.csv"
    mine.write_text(
        "country,admin1,name_en,name_az,name_ru,also\n"
        "DE,02,Bavaria,Bavariya,Бавария,Bayern|Freistaat Bayern\n",
        encoding="utf-8",
    )
    assert await gazetteer.load_regions(store, mine, "t") is True
    assert (await gazetteer.regions_named(store, "freistaat bayern"))[1][0].name("ru") == "Бавария"
    assert (await gazetteer.regions_named(store, "Texas"))[1] == []  # replaced, not added to
    assert await gazetteer.load_regions(store, mine, "t") is False
