"""Azerbaijani Houses and weekend schools: the places file, and the nearest places to a point.

``data/places.csv`` is loaded into SQLite at start-up when it changed (sha256 in
``data_files``); admins replace the list with ``diaspora-bot import places FILE``. Both go
through :func:`parse`, which checks every row and reports each bad one with its line number;
nothing is written unless every row is good.
"""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import hashlib
import io
import json
import logging
import math
import re
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import aiosqlite
from babel import Locale, UnknownLocaleError
from babel.languages import get_official_languages

from bot import gazetteer, geo
from bot.config import ContentError
from bot.gazetteer import City, Matches
from bot.i18n import LANGUAGES, zone_city
from bot.store import Store, datafiles, users
from bot.store import cities as city_db
from bot.store import places as db

log = logging.getLogger(__name__)

DATA_NAME = "places.csv"
KINDS: tuple[str, ...] = ("house", "school")
NEAREST = 3
#: An import larger than this is refused before it is read.
MAX_FILE_BYTES = 5_000_000
MAX_ROWS = 50_000
MAX_FIELD = 2_000
#: Fields a person sees in an answer: three places of each kind must fit one message (4096).
SHOWN_FIELDS = frozenset(
    {"name_az", "name_en", "name_ru", "city", "city_az", "city_ru", "address", "contacts"}
)
MAX_SHOWN_FIELD = 200
#: source_url is in every answer too (as a link, where no contacts are known).
MAX_URL = 300
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_OPENED = re.compile(r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$")  # ASCII digits only


@dataclass(frozen=True)
class Place:
    id: str
    kind: str
    name_az: str
    name_en: str
    name_ru: str
    city: str
    country_code: str
    lat: float | None
    lon: float | None
    location: str  # 'city': the point is the city centre; 'exact'; '' without a point
    address: str
    contacts: str
    opened: str
    online: bool
    source_url: str = ""  # where the place is reported (a news item, the Committee's site)
    city_az: str = ""  # the city in Azerbaijani / Russian; empty: ``city`` is shown
    city_ru: str = ""

    def name(self, lang: str) -> str:
        by_lang = {"az": self.name_az, "en": self.name_en, "ru": self.name_ru}
        return by_lang.get(lang) or self.name_en or self.name_az or self.name_ru or self.id

    def city_name(self, lang: str) -> str:
        """The city as written in ``lang`` ("Кёльн"), else as in ``city`` ("Cologne")."""
        by_lang = {"az": self.city_az, "ru": self.city_ru}
        return by_lang.get(lang) or self.city


@dataclass(frozen=True)
class Nearby:
    place: Place
    km: float


def _place(row: aiosqlite.Row) -> Place:
    return Place(
        id=row["id"],
        kind=row["kind"],
        name_az=row["name_az"],
        name_en=row["name_en"],
        name_ru=row["name_ru"],
        city=row["city"],
        country_code=row["country_code"],
        lat=row["lat"],
        lon=row["lon"],
        location=row["location"],
        address=row["address"],
        contacts=row["contacts"],
        opened=row["opened"],
        online=bool(row["online"]),
        source_url=row["source_url"] or "",
        city_az=row["city_az"],
        city_ru=row["city_ru"],
    )


# -- countries (names from Babel/CLDR, never a hand-written list) -----------------------------
@cache
def _territories(lang: str) -> dict[str, str]:
    return dict(Locale.parse(lang).territories)


def country_name(code: str, lang: str) -> str:
    """ "DE" → "Almaniya" / "Germany" / "Германия"; the code itself if unknown."""
    return _territories(lang).get(code, code)


#: CLDR territory codes that are not countries.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "QO", "UN", "ZZ"})


def known_country(code: str) -> bool:
    """An ISO 3166 alpha-2 code CLDR knows ("DE"), not a region ("EU") or "ZZ"."""
    return (
        len(code) == 2
        and code.isascii()
        and code.isalpha()
        and code.isupper()
        and code not in _NOT_COUNTRIES
        and code in _territories("en")
    )


#: What people call a country besides its CLDR name ("USA" is a town in Japan otherwise).
#: England (Англия, İngiltərə) is said for the whole United Kingdom, and is its largest
#: city's anyway; Scotland and Wales are not: they are regions (data/regions.csv), answered
#: for Glasgow and Cardiff ("Scotland" had been "Near London").
COUNTRY_ALIASES = {
    "US": "US, USA, U.S., U.S.A., America, United States of America, США, Америка, Штаты, "
    "ABŞ, Amerika",
    "GB": "UK, U.K., Britain, Great Britain, England, Англия, Британия, "
    "Великобритания, Böyük Britaniya, İngiltərə, Britaniya",
    "TR": "Turkey, Турция, Türkiyə, Turkiye",
    "NL": "Holland, Голландия, Hollandiya",
    "AE": "UAE, Emirates, Эмираты, BƏƏ, Əmirliklər",
    "RU": "Russian Federation, РФ, Rusiya Federasiyası",
    "CZ": "Czech Republic, Чехия, Çexiya",
    "KR": "South Korea, Южная Корея, Cənubi Koreya",
}


@cache
def _official_names() -> dict[str, str]:
    """Normalised country name in az, en or ru ("almaniya", "germany", "германия") → "DE"."""
    return {
        gazetteer.normalize(name): code
        for lang in LANGUAGES
        for code, name in _territories(lang).items()
        if known_country(code)
    }


#: Other languages whose names for countries Azerbaijanis use: Turkish ("Almanya").
_ALSO_LANGUAGES = ("tr",)


@cache
def _own_names() -> dict[str, str]:
    """Each country's name in its own official languages, from CLDR ("deutschland",
    "osterreich", "polska", "norge", "україна") and in Turkish → its code; "Italia" had been
    Antalya, "Norge" Mastic, "Nederland" a town in Texas."""
    names: dict[str, str] = {}
    for code in _territories("en"):
        if not known_country(code):
            continue
        for lang in (*get_official_languages(code, de_facto=True), *_ALSO_LANGUAGES):
            try:
                name = _territories(lang).get(code)
            except (ValueError, UnknownLocaleError):
                continue
            key = gazetteer.normalize(name or "")
            if len(key) >= gazetteer.MIN_QUERY:
                names.setdefault(key, code)
    return names


@cache
def _codes_by_name() -> dict[str, str]:
    """The official names, the countries' own and a common other name ("usa", "uk") →
    "US"."""
    codes = _own_names() | dict(_official_names())
    for code, names in COUNTRY_ALIASES.items():
        for name in names.split(","):
            codes[gazetteer.normalize(name)] = code
    return codes


@cache
def _iso_codes() -> dict[str, str]:
    return {code.lower(): code for code in _territories("en") if known_country(code)}


#: A country named in a case form: "в Германии", "Türkiyədə" (normalised: "turkiyede").
_COUNTRY_FORMS: tuple[tuple[str, str], ...] = (
    ("ии", "ия"),
    ("ие", "ия"),
    ("ию", "ия"),
    ("е", "а"),
    ("и", "а"),
    ("у", "а"),
)
# masculine ones too: "в Ливане", "в Казахстане", "из Ирана", "в Израиле" (a places review:
# "азербайджанский дом в Ливане" got the general card)
_COUNTRY_FORMS += (("е", ""), ("а", ""), ("у", ""), ("е", "ь"), ("я", "ь"))
# "в Китае", "Уругвая": Китай, Уругвай (й is и, normalised); not "Мале" (Malé), no Мали
_COUNTRY_FORMS += (("ае", "аи"), ("ая", "аи"))
_COUNTRY_ENDINGS = ("dan", "den", "da", "de", "ya", "ye", "nin", "nın")


def country_code(name: str, *, official: bool = False, iso: bool = False) -> str | None:
    """The country typed as ``name``: its name in az, en or ru, or a common other name (only
    its name if ``official``), also in a case form ("в Германии", "Türkiyədə"); its ISO code
    too if ``iso`` — only after a comma ("Paris, US"): alone, "no" or "me" is a word, not
    Norway or Montenegro."""
    key = gazetteer.normalize(name)
    names = _official_names() if official else _codes_by_name()
    first, _, rest = key.partition(" ")
    if rest and first in gazetteer.PREPOSITIONS:  # "в Германии"
        key = rest
    head, _, ending = key.rpartition(" ")
    if head and ending in _COUNTRY_ENDINGS:  # Turkish "Almanya'da", normalised "almanya da"
        key = head
    found = names.get(key)
    if found is None:
        forms = [key[: -len(a)] + b for a, b in _COUNTRY_FORMS if key.endswith(a)]
        forms += [key[: -len(e)] for e in _COUNTRY_ENDINGS if key.endswith(e)]
        found = next((names[f] for f in forms if f in names), None)
    return found or (_iso_codes().get(key) if iso else None)


# -- the file --------------------------------------------------------------------------------
@dataclass(frozen=True)
class RowError:
    line: int
    reason: str

    def __str__(self) -> str:  # line 0: the file as a whole (its size, its encoding)
        return f"line {self.line}: {self.reason}" if self.line else self.reason


class PlacesFileError(Exception):
    """The file as a whole is unusable (size, encoding, columns) or some rows are bad."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = list(errors)


_DECIMAL = re.compile(r"-?[0-9]{1,3}(\.[0-9]{1,20})?([eE][-+]?[0-9]{1,3})?")


def _real_date(text: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD, and a date that exists (not 2020-13, not 2021-02-29)."""
    if not _OPENED.match(text):
        return False
    year, month, day = (text.split("-") + ["01", "01"])[:3]
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _coordinate(raw: str, low: float, high: float) -> float | None:
    if not _DECIMAL.fullmatch(raw):  # float() would also take "１２", "1_0", "nan"
        return None
    value = float(raw)
    return value if math.isfinite(value) and low <= value <= high else None


def _check_row(values: dict[str, str]) -> tuple[list[Any], list[str]]:
    """One row's values in column order, and what is wrong with it."""
    problems: list[str] = []
    for column, value in values.items():
        limit = (
            MAX_SHOWN_FIELD
            if column in SHOWN_FIELDS
            else MAX_URL
            if column == "source_url"
            else MAX_FIELD
        )
        if len(value) > limit:
            problems.append(f"{column} is longer than {limit} characters")
    pid, kind = values["id"], values["kind"]
    if not _ID.match(pid) or len(pid) > 64:
        problems.append(f"id {pid[:70]!r} must be lower-case letters, digits and '-'")
    if kind not in KINDS:
        problems.append(f"kind {kind[:20]!r} must be 'house' or 'school'")
    if not (values["name_az"] or values["name_en"] or values["name_ru"]):
        problems.append("a name is required (name_az, name_en or name_ru)")
    online = values["online"] or "0"
    if online not in ("0", "1"):
        problems.append(f"online {online[:20]!r} must be 0 or 1")
    # "de" from a spreadsheet is DE (an operations review: refused as no ISO code)
    cc = values["country_code"] = values["country_code"].upper()
    if cc and not known_country(cc):
        problems.append(f"country_code {cc[:20]!r} is not an ISO 3166 two-letter code")
    if not cc and online != "1":
        problems.append("country_code is required (it may be empty only for online schools)")
    lat = lon = None
    if values["lat"] or values["lon"]:
        lat = _coordinate(values["lat"], -90, 90)
        lon = _coordinate(values["lon"], -180, 180)
        pasted = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*[,;]\s*(-?\d+(?:\.\d+)?)\s*", values["lat"])
        if lat is None and pasted and not values["lon"]:
            # "52.5200, 13.4050" pasted from a map into one cell (a content editor's review)
            problems.append(
                f"lat {values['lat'][:30]!r} holds both numbers: put {pasted[1]} in lat and"
                f" {pasted[2]} in lon"
            )
        else:
            for name, limit, got in (("lat", 90, lat), ("lon", 180, lon)):
                if got is None:
                    comma = re.fullmatch(r"-?\d+,\d+", values[name].strip())
                    hint = " (write a decimal point, not a comma)" if comma else ""
                    problems.append(
                        f"{name} {values[name][:30]!r} is not a number between -{limit} and"
                        f" {limit}{hint}"
                    )
    location = values["location"]
    if lat is not None and lon is not None and location not in ("city", "exact"):
        problems.append("location must be 'city' (the city centre) or 'exact' with lat/lon")
    if not values["lat"] and not values["lon"] and location:
        problems.append("location must be empty without lat/lon")
    if values["opened"] and not _real_date(values["opened"]):
        problems.append(
            f"opened {values['opened'][:20]!r} must be a real date: YYYY, YYYY-MM or YYYY-MM-DD"
        )
    url = values["source_url"]
    if url and not url.startswith(("https://", "http://")):
        problems.append("source_url must start with https:// or http://")
    row: list[Any] = [values[c] for c in db.COLUMNS]
    row[db.COLUMNS.index("lat")] = lat
    row[db.COLUMNS.index("lon")] = lon
    row[db.COLUMNS.index("online")] = 1 if online == "1" else 0
    return row, problems


def _header_problem(text: str) -> str:
    """What is wrong with the first line; with a hint when it is the header separated by
    semicolons, as Excel saves "CSV" where the decimal separator is a comma."""
    problem = "the header must be: " + ",".join(db.COLUMNS)
    first = text.splitlines()[0] if text else ""
    given = [h.strip().strip('"') for h in first.split(",")]
    optional = ("city_az", "city_ru")  # both or neither: an older file has neither
    both = not any(c in given for c in optional)
    missing = [c for c in db.COLUMNS if c not in given and not (both and c in optional)]
    unknown = [h for h in given if h and h not in db.COLUMNS]
    if [h.lower() for h in given] in (list(db.COLUMNS), list(db.COLUMNS_BEFORE_CITY_NAMES)):
        problem += " (column names are in lower case)"
    elif given[-1:] == [""] and given[:-1] in (
        list(db.COLUMNS),
        list(db.COLUMNS_BEFORE_CITY_NAMES),
    ):
        problem += " (an empty column at the end: delete the last comma)"
    elif "," in first and (missing or unknown):  # say which, not only the whole list (a review)
        named = [f"missing {', '.join(missing)}"] if missing else []
        named += [f"not a column: {', '.join(unknown)}"] if unknown else []
        problem += f" ({'; '.join(named)})"
    elif sorted(given) == sorted(db.COLUMNS):
        problem += " (the columns are in another order)"
    for separator, called in ((";", "semicolons (;)"), ("\t", "tabs (a paste from a sheet?)")):
        try:
            split = tuple(h.strip() for h in next(csv.reader([first], delimiter=separator), []))
        except csv.Error:
            continue
        if separator in first and split in (db.COLUMNS, db.COLUMNS_BEFORE_CITY_NAMES):
            return problem + (
                f'; this file separates its columns with {called}: save it as "CSV UTF-8'
                ' (comma delimited)" (in Excel: File > Save As)'
            )
    return problem


def parse(raw: bytes) -> list[list[Any]]:
    """Every row of a places CSV, checked; :class:`PlacesFileError` lists all bad rows."""
    return [row for _, row in numbered_rows(raw)]


#: A place's point farther than this from every gazetteer city of its country may not be in
#: that country: latitude and longitude swapped, a sign dropped, another place's numbers.
NEAR_COUNTRY_KM = 300.0


#: ... refused when it is this close to a gazetteer town of another country (not one of its
#: territories, below).
IN_TOWN_KM = 50.0
#: Territories with their own ISO code whose places may carry their country's (Réunion as
#: FR, Guam as US).
DEPENDENCIES: dict[str, frozenset[str]] = {
    "FR": frozenset(["RE", "GP", "MQ", "GF", "YT", "PM", "NC", "PF", "WF", "BL", "MF", "TF"]),
    "US": frozenset(["PR", "GU", "VI", "AS", "MP", "UM"]),
    "GB": frozenset(
        ["GI", "BM", "KY", "VG", "FK", "IM", "JE", "GG", "AI", "MS", "TC", "SH", "PN", "IO", "GS"]
    ),
    "NL": frozenset(["AW", "CW", "SX", "BQ"]),
    "DK": frozenset(["GL", "FO"]),
    "NO": frozenset(["SJ", "BV"]),
    "AU": frozenset(["CX", "CC", "NF", "HM"]),
    "NZ": frozenset(["CK", "NU", "TK"]),
    "CN": frozenset(["HK", "MO"]),
    "FI": frozenset(["AX"]),
    "MA": frozenset(["EH"]),  # Western Sahara, which Morocco administers
}


def _copies(rows: Sequence[tuple[int, Sequence[Any]]]) -> list[RowError]:
    """A warning for each row of the same kind and English name as an earlier one: a row
    copied with a new id lists the same House twice (an operator review: no word)."""
    kind, name = db.COLUMNS.index("kind"), db.COLUMNS.index("name_en")
    first: dict[tuple[str, str], int] = {}
    found = []
    for line, row in rows:
        key = (str(row[kind]), " ".join(str(row[name] or "").casefold().split()))
        if not key[1]:
            continue
        if key in first:
            found.append(RowError(line, f"the same kind and name_en as line {first[key]}: a copy?"))
        else:
            first[key] = line
    return found


async def check_points(store: Store, rows: Sequence[tuple[int, Sequence[Any]]]) -> list[RowError]:
    """Each (line, row) whose lat/lon is nowhere near a city of its country: refused
    (:class:`PlacesFileError`) when the numbers swapped or with a sign changed would be
    (Berlin's 52.52,13.40 typed 13.40,52.52 is in Yemen); else returned as a warning, since
    the gazetteer lacks far places (Iqaluit) and a territory may carry its country's code
    (Réunion as FR). Countries the gazetteer has no city of are not checked."""
    at = {c: db.COLUMNS.index(c) for c in ("lat", "lon", "country_code")}
    errors: list[RowError] = []
    warnings: list[RowError] = _copies(rows)
    for line, row in rows:
        lat, lon, code = row[at["lat"]], row[at["lon"]], row[at["country_code"]]
        if lat is None or lon is None or not code:
            continue

        async def near(lat: float, lon: float, code: str = code) -> bool:
            if not geo.valid_point(lat, lon):
                return False
            box = geo.box_around(lat, lon, NEAR_COUNTRY_KM)
            return await city_db.country_in_box(store, box, code)

        if await near(lat, lon) or not await city_db.has_country(store, code):
            continue
        where = f"lat,lon {lat},{lon} is not in or near {country_name(code, 'en')} ({code})"
        fixes = [
            (f"are lat and lon swapped? ({lon},{lat} is)", (lon, lat)),
            (f"is a minus sign missing or extra? ({lat},{-lon} is)", (lat, -lon)),
            (f"is a minus sign missing or extra? ({-lat},{lon} is)", (-lat, lon)),
        ]
        if lat == 0 and lon == 0:  # a spreadsheet's empty cells, or a placeholder
            errors.append(RowError(line, f"{where}: 0,0 is no place (a placeholder?)"))
            continue
        for hint, point in fixes:
            if await near(*point):
                errors.append(RowError(line, f"{where}: {hint}"))
                break
        else:
            # in another country's town ("Toronto, Germany" on every card: an operator review)
            city = await gazetteer.nearest_city(store, lat, lon)
            other = city.country_code if city is not None else code
            if (
                city is not None
                and other != code
                and other not in DEPENDENCIES.get(code, ())
                and geo.distance_km(lat, lon, city.lat, city.lon) <= IN_TOWN_KM
            ):
                errors.append(
                    RowError(
                        line,
                        f"{where}: it is in {country_name(other, 'en')}: is the point wrong,"
                        f" or country_code (should it be {other}?)",
                    )
                )
            else:
                warnings.append(RowError(line, f"{where} (no city of it within 300 km): check it"))
    if errors:
        raise PlacesFileError(errors)
    return warnings


def numbered_rows(raw: bytes) -> list[tuple[int, list[Any]]]:
    """:func:`parse`, each row with its line in the file."""
    if len(raw) > MAX_FILE_BYTES:
        size = f"{len(raw) / 1e6:.1f} MB"
        limit = f"{MAX_FILE_BYTES / 1e6:.0f} MB"
        raise PlacesFileError([RowError(0, f"the file is {size}; at most {limit} is accepted")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        reason = (
            f"the file is not UTF-8 text ({exc.reason}): save it as"
            ' "CSV UTF-8 (comma delimited)" (in Excel: File > Save As)'
        )
        raise PlacesFileError([RowError(line, reason)]) from exc
    # strict: a file cut off inside a quoted field ends in an error, not a shorter last row
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    errors: list[RowError] = []
    rows: list[tuple[int, list[Any]]] = []
    seen: dict[str, int] = {}
    try:
        header = next(reader, None)
        columns = tuple(h.strip() for h in header or ())
        if columns not in (db.COLUMNS, db.COLUMNS_BEFORE_CITY_NAMES):
            raise PlacesFileError([RowError(1, _header_problem(text))])
        for record in reader:
            line = reader.line_num
            if not any(v.strip() for v in record):
                continue
            if len(record) != len(columns):
                more = len(record) > len(columns)
                trailing = (  # the row is good without its last, empty field
                    len(record) == len(columns) + 1
                    and not record[-1].strip()
                    and not _check_row(
                        dict.fromkeys(db.COLUMNS, "")
                        | {c: v.strip() for c, v in zip(columns, record, strict=False)}
                    )[1]
                )
                hint = (
                    ": a comma at the end of the line is one too many"
                    if trailing
                    else ': a text with a comma in it must be in double quotes ("Baku, Nizami'
                    ' 5"), and a " inside it written twice'
                    if more
                    else ""
                )
                errors.append(
                    RowError(line, f"{len(record)} fields, expected {len(columns)}{hint}")
                )
                continue
            values = dict.fromkeys(db.COLUMNS, "")  # an older file: no city_az, city_ru
            values |= {c: v.strip() for c, v in zip(columns, record, strict=True)}
            row, problems = _check_row(values)
            first = seen.setdefault(values["id"], line)
            if first != line:
                problems.append(f"id {values['id'][:70]!r} is already used on line {first}")
            errors.extend(RowError(line, p) for p in problems)
            rows.append((line, row))
            if len(rows) > MAX_ROWS:
                raise PlacesFileError([RowError(line, f"more than {MAX_ROWS} rows")])
    except csv.Error as exc:
        errors.append(RowError(reader.line_num, f"not valid CSV: {exc}"))
    if errors:
        raise PlacesFileError(errors)
    return rows


async def replace(store: Store, rows: Sequence[Sequence[Any]], *, sha256: str, now: str) -> None:
    """All places replaced by ``rows`` in one transaction."""
    async with store.transaction() as conn:
        await db.replace_all(conn, rows)
        await datafiles.record(conn, DATA_NAME, sha256, now)
    _POINTS.pop(store, None)


#: Before the sha256 recorded by ``import places``: the places came from an import.
IMPORTED = "import:"


#: Every data/places.csv shipped before imports were recorded as ``import:…`` (2026-11-27), by
#: sha256, with the :func:`fingerprint` of its places. A database that records one of these
#: digests holds either that file's places or places imported while it was shipped (the
#: import recorded the same digest); only the places themselves tell which.
SHIPPED_BEFORE_IMPORT_RECORDS: dict[str, str] = {
    "0a58bf97feada6d116e754c343a470f301c00a8e0ae943f5f17ad18d1cc634c9": (
        "2071bc7d9e1ed6dde225044bee0605a1123d798e0b6a9f0122fe11c7cbf818dc"
    ),
    "a6b37e60f90b4fb6cc7af9998677b1152ba2a5d3b8fcb400bbe7165fbf4b8996": (
        "0cfc90b1a826fa5553ebdfd5fbc4d54b3d25ab7b5f83a2354fa68f122be87070"
    ),
    "31034a1800ef3ab4e4772f9ed46f150d2ea6040613243b383c30df30f14aea70": (
        "0cfc90b1a826fa5553ebdfd5fbc4d54b3d25ab7b5f83a2354fa68f122be87070"
    ),
    "c9b306856f7c164dde657dc76a94412db111b230a96da2961fe5561e460b1097": (
        "be40c77a8851e6d58c71bfa0208b268e4a6a13d736a53bf6d0bbb76658cf118a"
    ),
}


def fingerprint(rows: Iterable[Mapping[str, Any] | aiosqlite.Row]) -> str:
    """sha256 of places (parsed rows or table rows) on the columns every version of the file
    has had, in id order."""
    columns = db.COLUMNS_BEFORE_CITY_NAMES
    values = sorted(([row[c] for c in columns] for row in rows), key=lambda v: str(v[0]))
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()


async def _imported_by_an_older_bot(store: Store, loaded: str | None) -> bool:
    """The places in the store were imported by a bot that recorded an import like the
    shipped file itself: they are not the places of the file that digest names."""
    expected = SHIPPED_BEFORE_IMPORT_RECORDS.get(loaded or "")
    return expected is not None and fingerprint(await db.all_rows(store)) != expected


async def load(store: Store, path: Path, now: str) -> bool:
    """Load the places file at start-up unless this very file is loaded already (or was,
    when an import replaced its places: the import stays until the file changes).

    A bad file is logged and the places already in the store are kept.
    """
    raw = await asyncio.to_thread(path.read_bytes)
    digest = hashlib.sha256(raw).hexdigest()
    loaded = await datafiles.loaded_sha256(store, DATA_NAME)
    if loaded in (digest, IMPORTED + digest):
        return False
    if loaded is not None and loaded.startswith(IMPORTED):
        shipped, _, imported = loaded.removeprefix(IMPORTED).partition(":")
        if shipped == digest:  # the import stays until the file changes
            return False
        if imported == digest:
            # the file became the imported one (copied there, as import advises): its places
            # are in the store already, and from now on they are the file's
            async with store.transaction() as conn:
                await datafiles.record(conn, DATA_NAME, digest, now)
            log.info("%s is now the file that was imported; its places are kept", path)
            return False
    if await _imported_by_an_older_bot(store, loaded):
        # kept, and from now on recorded as what it is: an import, until the file changes
        async with store.transaction() as conn:
            await datafiles.record(conn, DATA_NAME, IMPORTED + digest, now)
        log.warning(
            "the places in the database were imported (by an older version) and are kept,"
            " although %s changed; to use that file instead: diaspora-bot import places %s",
            path,
            path,
        )
        return False
    try:
        numbered = numbered_rows(raw)
        doubts = await check_points(store, numbered)
    except PlacesFileError as exc:
        if not await has_places(store):  # nothing to keep: the bot would list no places
            raise ContentError(f"{path} cannot be loaded and no places are stored: {exc}") from exc
        log.error("%s not loaded, the places in the database are kept: %s", path, exc)
        return False
    for doubt in doubts:
        log.warning("%s %s", path, doubt)
    rows = [row for _, row in numbered]
    if not rows and await has_places(store):  # as import refuses it: an emptied file is a slip
        log.error("%s has no places; the places in the database are kept", path)
        return False
    await replace(store, rows, sha256=digest, now=now)
    if loaded is not None and loaded.startswith(IMPORTED):
        log.warning(
            "the places imported with 'diaspora-bot import places' were replaced by %s,"
            " which changed since the import",
            path,
        )
    log.info("places loaded: %d", len(rows))
    return True


async def import_file(
    store: Store,
    raw: bytes,
    now: str,
    *,
    data_file: Path | None = None,
    doubt: Callable[[RowError], None] | None = None,
) -> int:
    """Replace every place by the rows of ``raw`` (all or nothing); the number of places.
    ``doubt`` is told of each point that may be wrong (see :func:`check_points`; logged if
    not given).

    Recorded as ``import:<sha256 of data_file>:<sha256 of raw>`` (data_file: data/places.csv):
    a later start-up does not undo the import until data/places.csv itself changes, and then
    says that it replaced imported places — unless data/places.csv became the imported file
    (then nothing is replaced, and nothing said).
    """
    numbered = numbered_rows(raw)
    if not numbered:
        raise PlacesFileError([RowError(2, "no places in the file; nothing would be left")])
    for row_doubt in await check_points(store, numbered):
        if doubt is not None:
            doubt(row_doubt)
        else:
            log.warning("places import: %s", row_doubt)
    rows = [row for _, row in numbered]
    try:
        shipped = await asyncio.to_thread(data_file.read_bytes) if data_file else None
    except OSError:
        shipped = None
    imported = hashlib.sha256(raw).hexdigest()
    current = hashlib.sha256(shipped).hexdigest() if shipped else imported
    await replace(store, rows, sha256=f"{IMPORTED}{current}:{imported}", now=now)
    return len(rows)


def _coordinate_text(value: float) -> str:
    """As data/places.csv writes them (4 decimals: 6.9500, not 6.95), so that an export
    diffs cleanly against it; more decimals only when the value has them."""
    fixed = f"{value:.4f}"
    return fixed if float(fixed) == value else repr(value)


async def export_csv(store: Store) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(db.COLUMNS)
    for row in await db.all_rows(store):
        present = row.keys()  # a table from before migration 0013: no city_az, city_ru
        values = ["" if c not in present or row[c] is None else row[c] for c in db.COLUMNS]
        for i, c in enumerate(db.COLUMNS):
            if c in ("lat", "lon") and row[c] is not None:
                values[i] = _coordinate_text(float(row[c]))
        writer.writerow(values)
    return out.getvalue()


# -- queries ---------------------------------------------------------------------------------
async def nearest_places(
    store: Store, lat: float, lon: float, kind: str, limit: int = NEAREST
) -> list[Nearby]:
    """Up to ``limit`` places of ``kind`` nearest to (lat, lon), nearest first."""
    if not geo.valid_point(lat, lon):
        return []

    async def fetch(box: geo.Box) -> list[aiosqlite.Row]:
        return await db.points_in_box(store, kind, box)

    # Start with the radius that would hold ``limit`` places if they were spread evenly over
    # the Earth: one R*Tree search is usually enough, whatever the number of places.
    points = await _points(store, kind)
    if points == 0:
        return []
    found = await geo.nearest(
        fetch,
        lambda r: (float(r["lat"]), float(r["lon"])),
        lat,
        lon,
        limit,
        start_km=geo.even_spread_radius_km(points, limit),
    )
    rows = await db.by_pks(store, [int(row["pk"]) for _, row in found])
    # a place deleted between the two reads (an import) is left out, never shown half-read
    return [Nearby(_place(rows[pk]), km) for km, r in found if (pk := int(r["pk"])) in rows]


#: Places with a point per kind and store: sizes the first search only (a stale number after
#: an import by another process costs a search or two more, never a wrong answer).
_POINTS: weakref.WeakKeyDictionary[Store, dict[str, int]] = weakref.WeakKeyDictionary()


async def _points(store: Store, kind: str) -> int:
    known = _POINTS.setdefault(store, {})
    if not known.get(kind):  # 0 is never kept: another process may import places meanwhile
        known[kind] = await db.count_points(store, kind)
    return known[kind]


#: "I live in Toronto", "я живу в Лондоне", "мы в Праге": words before "in"/"в" that say the
#: place after it is where the person is (what is left, "in Toronto", "в Лондоне", is read
#: with its preposition as usual); "Berlində yaşayıram": a verb after the place.
_LIVING_WORDS = frozenset(
    [
        "i",
        "im",
        "i'm",
        "we",
        "we're",
        "am",
        "are",
        "live",
        "living",
        "based",
        "staying",
        "located",
        "will",
        "be",
        "i'll",
        "currently",
        "now",
        "я",
        "мы",
        "сейчас",
        "живу",
        "живём",
        "живем",
        "нахожусь",
        "находимся",
        "теперь",
    ]
)
_LIVING_IN = frozenset(["in", "at", "near", "в", "во"])
_PRONOUNS = frozenset(["mən", "men", "biz", "я", "мы"])
#: "now", "already" between the pronoun and the place: "men indi Parisde yasayiram".
_NOW = frozenset(["indi", "artıq", "artiq", "hazırda", "hazirda", "сейчас", "теперь", "уже"])
#: A verb after the place: "Berlində yaşayıram", "я в Кёльне живу" (the pronoun left out,
#: the preposition kept as "в Кёльне" is read).
_LIVING_AFTER = frozenset(
    ["yaşayıram", "yaşayırıq", "yasayiram", "yasayiriq", "qalıram", "qaliram"]
    # as typed by ear, and Turkish (a mixed-language review: "torontoda yasiyiram")
    + ["yaşıyıram", "yasiyiram", "yaşıyorum", "yasiyorum", "yaşıyoruz", "yasiyoruz"]
    + ["живу", "живём", "живем"]
)


#: Words after a place that are not part of it: "im in sydney now", "dubai pls".
_AFTER_PLACE = frozenset(
    ["now", "currently", "please", "pls", "plz", "thanks", "thx", "too", "also"]
    + ["сейчас", "теперь", "пожалуйста", "спасибо", "тоже"]
    + ["indi", "artıq", "artiq", "zəhmət", "zehmet", "olmasa", "xahiş", "edirəm", "sağ", "ol"]
)


def without_words_after(typed: str) -> str:
    """``typed`` without the words after a place that are not part of it: "dubai pls" is
    Dubai, "in sydney now" in Sydney (the English review: "no answer")."""
    words = typed.split()
    while len(words) > 1 and words[-1].casefold().strip(".!,") in _AFTER_PLACE:
        words.pop()
    return " ".join(words)


def where_person_is(typed: str) -> str | None:
    """The place in "I live in Toronto", "я живу в Лондоне", "Berlində yaşayıram" ("in
    Toronto", "в Лондоне", "Berlində"); None when ``typed`` says no such thing. In a later
    sentence too: "Здравствуйте. Я живу в Тбилиси" (a persona review: not understood)."""
    sentences = _SENTENCE_END.split(typed[: gazetteer.MAX_QUERY * 2])
    # a greeting or one's name before it ("Salam. Mən Londonda yaşayıram. Sağ olun",
    # "Здравствуйте! Меня зовут Анар. Я живу в Берлине"); any other sentence before may be a
    # question or a request, which is what to answer ("I live in Berlin. When is solidarity
    # day", "Я живу в г. Москва", "I cannot come. I am in Bath": reviews of a wider rule)
    lead = 0
    while lead < min(2, len(sentences) - 1) and _GREETING_OR_NAME.fullmatch(
        sentences[lead].strip()
    ):
        lead += 1
    if lead and "?" not in typed:
        found = _where_in_one(sentences[lead].rstrip(".!;"))
        if found is not None:
            return found
    return _where_in_one(typed)


#: Where a sentence ends and another begins.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
#: A greeting, or one's name, as a sentence: "Здравствуйте.", "Привет всем!", "Salam!", "Good
#: evening!", "Меня зовут Анар.", "My name is Sam.", "Mənim adım Anardır." (not "I'm sorry.":
#: "I'm sorry. I'm in Paris" is no one living there; a review)
_GREETING_OR_NAME = re.compile(
    r"(?:(?:здравствуйте|здраствуйте|здравствуй|привет|добрый\s+(?:день|вечер)|доброе\s+утро"
    r"|(?:ас+аляму?\s+|ас+аламу\s+)?алейкум|салам(?:\s+алейкум)?|salam(?:\s+(?:aleykum|əleyküm))?"
    r"|salamlar|sabahınız\s+xeyir|axşamınız\s+xeyir|merhaba|selam|hello|hi|hey"
    r"|good\s+(?:morning|afternoon|evening))(?:\s+(?:всем|все|there|everyone|all|hamıya))?"
    r"|(?:меня\s+зовут|my\s+name\s+is|m[əe]nim\s+ad[ıi]m|ad[ıi]m)\s+\w+)\W*",
    re.IGNORECASE,
)


def _where_in_one(typed: str) -> str | None:
    words = without_words_after(typed[: gazetteer.MAX_QUERY * 2].replace("’", "'")).split()
    if len(words) > 2 and words[-1].lower().strip(".!") in _LIVING_AFTER:
        # "я в Кёльне живу", "Mən Berlində yaşayıram": the verb after the place
        start = 1 if words[0].lower() in _PRONOUNS else 0
        while start < len(words) - 2 and words[start].lower() in _NOW:
            start += 1  # "men indi Parisde yasayiram": Paris, not "indi Parisde"
        return " ".join(words[start:-1])
    lead = 0
    while lead < min(len(words), 4) and words[lead].lower() in _LIVING_WORDS:
        lead += 1
    if 0 < lead < len(words) - 1 and words[lead].lower() in _LIVING_IN:
        # "в городе Ванкувер", "in the city of Vancouver": the city (a review: not understood)
        return _CITY_WORD.sub(r"\1 ", " ".join(words[lead:]))
    if len(words) == 2 and words[-1].lower().strip(".!") in _LIVING_AFTER:
        return words[0]  # "Berlində yaşayıram"
    if len(words) > 3 and " ".join(words[:3]).lower() == "my city is":
        return " ".join(words[3:])
    return None


#: The word "city" before a city's name, after "in".
_CITY_WORD = re.compile(r"^(в|во|in)\s+(?:городе|г\.|the\s+city\s+of)\s+", re.IGNORECASE)


#: "я переехал в Ригу", "I moved to Riga", "Riqaya köçmüşəm": the place moved to (a review:
#: "no answer", and the time zone of the old city kept).
_MOVED = (
    re.compile(
        r"^(?:я\s+|мы\s+)?(?:недавно\s+|уже\s+|теперь\s+)?"
        r"(?:переехал[аи]?|перебрал(?:ся|ась|ись))\s+(?P<place>(?:в|во|на)\s+[^.!?;]+)",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:i|we)(?:\s+have|'ve|\s+just|\s+recently)*\s+(?:moved|relocated)\s+"
        r"to\s+(?P<place>[^.!?;]+)",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:mən\s+|men\s+|biz\s+)?(?P<place>[^,.!?;\s]{4,}?(?:y?a|y?ə|y?e))\s+"
        r"(?:köç(?:düm|müşəm|dük|müşük)|koc(?:dum|musem|duk|musuk))\b",
        re.IGNORECASE,
    ),
)


#: Words before "köçdük" that are no place: "Ora köçdük" (we moved there), "Yenə köçdük"
#: (we moved again) had set Algiers' and Bangkok's zones (a review).
_NOT_MOVED_TO = frozenset(["ora", "oraya", "bura", "buraya", "yenə", "yene", "evə", "eve"])


def moved_to(typed: str) -> str | None:
    """The place in "я переехал в Ригу", "I moved to Riga", "Riqaya köçmüşəm" ("в Ригу",
    "Riga", "Riqaya"), with what follows a comma (a region, "London, Ontario", or words
    :func:`find_city` leaves out, "…, поменяй часовой пояс"); None if it says no move."""
    text = " ".join(typed[: gazetteer.MAX_QUERY * 2].replace("’", "'").split())
    for pattern in _MOVED:
        found = pattern.match(text)
        if found and found["place"].strip().casefold() not in _NOT_MOVED_TO:
            return found["place"].strip() or None
    return None


async def find_city(
    store: Store,
    typed: str,
    limit: int = 5,
    *,
    listed_first: bool = False,
    listed_too: bool = False,
) -> Matches:
    """The cities a person means by ``typed``: "Berlin", or "Berlin, Germany" (the part after
    the last comma, a country's name or code, keeps cities in that country; a country's name
    without the comma too, "Toronto Canada"). A city not found in the country named is looked
    for anywhere, and offered, not answered ("Berlin, France" offers Berlin, Germany). After
    the comma, what is no country or region is ignored. "I live in Toronto" is
    Toronto, unless what was typed is a city's name as it is. A region after the city keeps
    cities in it ("London, Ontario", "Portland Maine"); a region alone is its largest cities
    (see :func:`_region_meant`). A listed place's own city name, as its card prints it, is
    that place's city (see :func:`_listed_city`). ``listed_first``: a namesake with a listed
    place comes first (see :func:`_near_a_listed_place_first`); ``listed_too``: it is among
    the choices (see :func:`_with_listed_namesake`)."""
    found = await _typed_city(store, typed, limit)
    listed = await _listed_city(store, typed, found, limit)
    if listed is not None:
        return listed
    if listed_first:
        return await _near_a_listed_place_first(store, found, typed)
    return await _with_listed_namesake(store, found, typed) if listed_too else found


async def _typed_city(store: Store, typed: str, limit: int) -> Matches:
    """:func:`find_city` from the gazetteer alone."""
    found = await _find_city(store, typed, limit)
    region = await _region_meant(store, typed, found, limit)
    if region is None:
        region = await _region_and_country(store, typed, limit)  # "Ontario, Canada"
    if region is not None:
        return region
    if found.answered:
        return found
    place = where_person_is(typed)
    for candidate in (typed, place) if place is not None else (typed,):
        there = await _find_city(store, candidate, limit) if candidate is place else found
        if candidate is place and (
            region := await _region_meant(store, place, there, limit)
            or await _region_and_country(store, place, limit)
        ):
            return region  # "I live in Texas", "I live in Texas, USA"
        if there.answered or (candidate is place and there.cities):
            return there
        words = candidate.split()
        if "," in candidate or not 1 < len(words) <= 6:
            continue
        # "toronto canada", "I live in Toronto Canada": the last word or two a country's name
        # (not a bare code: "tell me" is no Montenegro)
        for cut in (1, 2):
            name = " ".join(words[:-cut])
            if not gazetteer.normalize(name):
                continue
            after = " ".join(words[-cut:])
            # "london ontario", "atlanta georgia": the region's city, if it has one
            in_region = await _in_region(store, name, after, limit)
            if in_region is not None:
                return in_region
            if country_code(after):
                there = await _find_city(store, f"{name}, {after}", limit)
                if there.cities:
                    return there
    return found


def _without_brackets(name: str) -> str:
    """ "North York (Toronto)" → "North York". (A run of spaces is tried from its first one
    only, and a bracket ends at the next "(" too: "when is" and 4,000 spaces took 70 ms,
    each space starting a new try over the rest of the run.)"""
    return _BRACKETS.sub(" ", name).strip()


_BRACKETS = re.compile(r"(?<!\s)\s*\([^()]*\)")


async def _listed_city(store: Store, typed: str, found: Matches, limit: int) -> Matches | None:
    """The city of a listed place whose own city name is ``typed`` ("North York",
    "Nort-York (Toronto)", "Qeysəri", "Aleksandriya, Virciniya", also with its
    country after a comma: "Qeysəri, Türkiyə"), when ``found`` (the gazetteer's answer) is not
    it already: the cards print these names, and the gazetteer lacks some (an Azerbaijani
    spelling) or reads them as others ("Aleksandri" with the ending cut). The gazetteer city
    nearest to the place's point; a place without one (the Lebanon House in Kouachra) is left
    out: no city is the place's, and a near one named as it would mislead. The gazetteer's
    towns of that name stay the other choices."""
    key = gazetteer.normalize(typed[: gazetteer.MAX_QUERY * 2])
    name, comma, rest = typed.rpartition(",")
    code = country_code(rest, iso=True) if comma else None
    if len(key) < gazetteer.MIN_QUERY:
        return None
    cities: list[City] = []
    called = _without_brackets(typed) or typed  # "Nort-York (Toronto)": Nort-York
    for row in await db.all_rows(store):
        names = {row["city"], row["city_az"], row["city_ru"]} - {""}
        keys = {gazetteer.normalize(n) for n in names | set(map(_without_brackets, names))}
        if key in keys:
            pass
        elif code is not None and code == row["country_code"] and gazetteer.normalize(name) in keys:
            called = name  # "Qeysəri, Türkiyə"
        else:
            continue
        if row["lat"] is None or row["lon"] is None:
            continue
        city = await gazetteer.nearest_city(store, float(row["lat"]), float(row["lon"]))
        if city is not None and city not in cities:
            cities.append(city)
    if not cities or (found.answered and found.cities[0] in cities):
        return None
    towns = [c for c in found.cities if found.exact and c not in cities]
    return Matches(gazetteer.as_written(called), (cities + towns)[:limit], True)


#: A namesake this near a listed place is the one the diaspora means (see
#: :func:`_near_a_listed_place_first`).
NAMESAKE_KM = 30.0


async def _near_a_listed_place_first(store: Store, found: Matches, typed: str) -> Matches:
    """``found`` with :func:`_listed_namesake` first."""
    meant = await _listed_namesake(store, found, typed)
    if meant is None:
        return found
    return dataclasses.replace(found, cities=[meant, *(c for c in found.cities if c != meant)])


async def _with_listed_namesake(store: Store, found: Matches, typed: str) -> Matches:
    """``found`` with :func:`_listed_namesake` among the other choices, second, and marked
    ``listed`` so that it is offered however small: ``/timezone Александрия`` in Russian set
    Egypt's zone and offered no Alexandria, Virginia, which the gazetteer knows by no Russian
    name (a review)."""
    meant = await _listed_namesake(store, found, typed)
    if meant is None:
        return found
    rest = [c for c in found.cities[1:] if c != meant]
    return dataclasses.replace(found, cities=[found.cities[0], meant, *rest], listed=meant)


async def _listed_namesake(store: Store, found: Matches, typed: str) -> City | None:
    """The namesake that has a listed House or school within
    :data:`NAMESAKE_KM` first, when the most populous city of that name has none: a typed
    "Alexandria" had answered Alexandria, Egypt ("None within 150 km; Kayseri 979 km") above
    the House in Alexandria, Virginia. Who asks this bot about Alexandria is more likely among
    the Azerbaijanis who gather at that House than in Egypt, and a House shown is a mistake
    seen at once, while a House hidden is never found. Asked for by a search of places by
    name (``find_city(listed_first=True)``), where the others stay offered as "another city"
    buttons; a time zone stays the larger city's. Only cities of that very name (not a town
    once called so), and never a region's or a country's answer."""
    if not found.answered or found.region is not None or not found.cities:
        return None
    points = [
        (float(r["lat"]), float(r["lon"]), _own_city_names(r))
        for r in await db.all_rows(store)
        if r["lat"] is not None and r["lon"] is not None
    ]
    # more words than the name found, but prepositions: a country or region after it ("Paris,
    # US", "Paris, Texas", "Одесса Техас" keep the answer there; a review: Paris, France)
    words = [w for w in gazetteer.normalize(typed).split() if w not in gazetteer.PREPOSITIONS]
    narrowed = len(words) > len(gazetteer.normalize(found.name).split())
    typed = gazetteer.normalize(found.name)

    def listed_near(city: City) -> bool:
        """A place of its own: near, and in a city of that name (a review: "Vienna" had
        answered Vienna, Virginia, 16,000 people, for the House in Alexandria next to it)."""
        names = {typed, gazetteer.normalize(city.name)}
        return any(
            geo.distance_km(city.lat, city.lon, lat, lon) <= NAMESAKE_KM and names & own
            for lat, lon, own in points
        )

    top = found.cities[0]
    if listed_near(top):
        return None
    for city in found.cities[1:]:
        if not gazetteer.known_as(city, found.name) and listed_near(city):
            return city
    # the name a listed place's card gives its city in another language ("Александрия",
    # "Aleksandriya": the House in Alexandria, Virginia): the gazetteer knows that city by
    # another name, or not at all (a places review: Egypt's, "Kayseri 979 km", in ru and az)
    for lat, lon, own in points:
        if typed not in own:
            continue
        near = (c for c in found.cities if geo.distance_km(c.lat, c.lon, lat, lon) <= NAMESAKE_KM)
        meant = next(near, None)
        if meant is None and not narrowed:
            meant = await gazetteer.nearest_city(store, lat, lon)
        if meant is not None and meant != top:
            return meant
    return None


#: A Russian adjective of a city, with "time" after it or not: "(на) московское (время)".
_CITY_ADJECTIVE = re.compile(
    r"^(?:на\s+|по\s+)?(?P<stem>[а-яё-]{3,}?)ск(?:ий|ое|ая|ого|ому|им|ом)"
    r"(?:\s+(?:время|времени|времечко))?$"
)
#: ... must be of a city this large (they are: Moscow, Kyiv, Baku time), not Moskovskiy,
#: Tajikistan (a review: "смени часовой пояс на московский" set Dushanbe's UTC+5).
ADJECTIVE_CITY = 500_000


async def city_of_adjective(store: Store, typed: str) -> City | None:
    """The large city a Russian adjective names: "московское время" Moscow, "бакинское" Baku,
    "киевское" Kyiv, "тбилисское" Tbilisi, "минское" Minsk, "стамбульское" Istanbul."""
    found = _CITY_ADJECTIVE.match(" ".join(typed.casefold().split()))
    if found is None:
        return None
    stem = found["stem"]
    guesses = [stem, stem + "ск", stem.removesuffix("ь"), stem + "и", stem + "а"]
    if stem.endswith("ов"):
        guesses.append(stem[:-2] + "ва")  # московск: Москва
    if stem.endswith("ин"):
        guesses.append(stem[:-2] + "у")  # бакинск: Баку
    for guess in guesses:
        rows = await city_db.by_key(store, gazetteer.normalize(guess))
        if rows and int(rows[0]["population"]) >= ADJECTIVE_CITY:
            return await gazetteer.get_city(store, int(rows[0]["geonameid"]))
    return None


async def unplaced_city_country(store: Store, typed: str) -> str | None:
    """The country of a listed place with no point whose own city name is ``typed``: the
    Lebanon House's "Kouachra" (its card prints it; a places review: "I don't know a city
    called Kouachra") is answered by that country's list."""
    key = gazetteer.normalize(typed[: gazetteer.MAX_QUERY])
    for row in await db.all_rows(store):
        if (row["lat"] is None or row["lon"] is None) and key in _own_city_names(row):
            return str(row["country_code"])
    return None


def _own_city_names(row: aiosqlite.Row) -> set[str]:
    """The names of a listed place's city in every language, without the region after it:
    "Alexandria, Virginia" → alexandria."""
    names = (row[column] or "" for column in ("city", "city_az", "city_ru"))
    return {gazetteer.normalize(re.split(r"[,(]", name)[0]) for name in names} - {""}


#: A city this large is the one meant by its name, though a region has the name too
#: ("Washington", "New York"); a smaller one only if it is the region's largest ("Bremen").
BIG_CITY = 500_000


async def _region_meant(
    store: Store, typed: str, found: Matches, limit: int, *, country: str | None = None
) -> Matches | None:
    """A region's name typed on its own ("Florida", "Онтарио", "Bavariya"): its largest
    cities, the first answered, then towns of that name, unless a big city has the name
    ("Washington"), the region's own largest city does ("Bremen", "Berlin") or a country
    does ("Georgia"). ``name`` stays the region's, as typed: "Miami (Florida)" is another city
    of it. ``country``: the region's country, named after it ("Georgia, USA" is the state)."""
    called, regions = await gazetteer.regions_named(store, typed, alone=country is None)
    if country is None and country_code(called) is not None:
        return None
    for region in regions:
        if country is not None and region.country_code != country:
            continue
        cities = await gazetteer.region_cities(store, region, limit)
        if not cities:
            continue
        top = found.cities[0] if found.answered else None
        if top is not None and (top.population >= BIG_CITY or top == cities[0]):
            return None
        # towns of that very name come after: "Florida" may be the one in Uruguay
        towns = [c for c in found.cities if found.exact and c not in cities][:3]
        return Matches(called, cities + towns, True, region=region)
    return None


async def _region_and_country(store: Store, typed: str, limit: int) -> Matches | None:
    """A region, then its country: "Ontario, Canada", "Texas USA", "Bavariya, Almaniya",
    "Georgia, US" (the state: the country named says which). The country's code only after a
    comma, as in :func:`_find_city`."""
    name, comma, rest = typed.rpartition(",")
    words = typed.split()
    splits = (
        [(name, country_code(rest, iso=True))]
        if comma
        else [(" ".join(words[:-cut]), country_code(" ".join(words[-cut:]))) for cut in (1, 2)]
    )
    for name, code in splits:
        if code is None or not gazetteer.normalize(name):
            continue
        found = await gazetteer.search(store, name, limit, country=code)
        region = await _region_meant(store, name, found, limit, country=code)
        if region is not None:
            return region
    return None


async def _in_region(
    store: Store, name: str, region_name: str, limit: int, *, country: str | None = None
) -> Matches | None:
    """The cities called ``name`` in the region called ``region_name`` (of ``country``, if
    given); None when it is no region's name or the region has no such city ("Tbilisi,
    Georgia" is the country's)."""
    for region in (await gazetteer.regions_named(store, region_name, alone=False))[1]:
        if country is not None and region.country_code != country:
            continue
        there = await gazetteer.search(store, name, limit, region=region)
        if there.cities:
            return there
    return None


async def _find_city(store: Store, typed: str, limit: int) -> Matches:
    name, comma, rest = typed.rpartition(",")
    if not comma or not gazetteer.normalize(name):
        return await gazetteer.search(store, typed, limit)
    there = await _in_region(store, name, rest, limit)
    if there is not None:
        return there
    code = country_code(rest, iso=True)
    if code is None:
        # "Paris, Kentucky": a region without that city is no reason to answer another one
        # (a short name is left out: "Baku, ok" is no Oklahoma)
        regions = (await gazetteer.regions_named(store, rest))[1]
        if regions:
            return await _not_in_region(store, name, regions[0].country_code, limit)
        return await gazetteer.search(store, name, limit)
    city, comma, region_name = name.rpartition(",")
    if comma and gazetteer.normalize(city):  # "London, Ontario, Canada"
        there = await _in_region(store, city, region_name, limit, country=code)
        if there is not None:
            return there
        regions = (await gazetteer.regions_named(store, region_name, alone=False))[1]
        if any(r.country_code == code for r in regions):  # "Victoria, TX, USA"
            return await _not_in_region(store, city, code, limit)
        name = city  # "Berlin, Mitte, Germany": what is no region is left out
    here = await gazetteer.search(store, name, limit, country=code)
    if here.cities:
        return here
    return dataclasses.replace(await gazetteer.search(store, name, limit), elsewhere=True)


async def _not_in_region(store: Store, name: str, country: str, limit: int) -> Matches:
    """The region typed has no city ``name`` (or the gazetteer does not know it): the cities
    of that name in its country, else anywhere, offered, never answered."""
    here = await gazetteer.search(store, name, limit, country=country)
    found = here if here.cities else await gazetteer.search(store, name, limit)
    return dataclasses.replace(found, elsewhere=True)


def country_meant(typed: str, found: Matches) -> str | None:
    """The country ``typed`` names, when the person means it rather than the city ``found``:
    "Almaniya", "USA", "Lebanon" (not Lebanon, Tennessee); not "Luxembourg", a city of the
    country it names."""
    code = country_code(typed)
    if code is None or (found.answered and found.cities[0].country_code == code):
        return None
    return code


#: A town known by the name typed only as another of its names, this many times smaller than
#: the city answered, is not offered as "the other one": nobody typing "Berlin" means North
#: Canton, Ohio (once called Berlin), nor Moscow, Idaho by "Москва", nor "Paris" Parys, South
#: Africa.
OBSCURE_RATIO = 25
#: ... nor a town of that very name this many times smaller: "Paris" had offered Paris, Texas
#: (25,000 people) after every answer for Paris; someone there types "Paris, Texas".
SMALL_NAMESAKE_RATIO = 50


def other_cities(found: Matches, answered: City) -> list[City]:
    """The cities of ``found`` worth offering beside ``answered``: not it, and not a much
    smaller town (see :data:`OBSCURE_RATIO`, :data:`SMALL_NAMESAKE_RATIO`), but for the
    namesake near a listed place (``found.listed``)."""
    return [
        c
        for c in found.cities
        if c != answered
        and (
            c == found.listed
            or c.population
            * (OBSCURE_RATIO if gazetteer.known_as(c, found.name) else SMALL_NAMESAKE_RATIO)
            > answered.population
        )
    ]


def city_name(city: City, lang: str, now: datetime) -> str:
    """The city's name in ``lang`` when CLDR has it (the city its time zone is named after:
    "Moskva", "Москва" for GeoNames' "Moscow"), else the gazetteer's (English) name."""
    # GeoNames' "New York City" is CLDR's "New York": "Nyu-York" in Azerbaijani
    if zone_city(city.timezone, now, "en") in (city.name, city.name.removesuffix(" City")):
        return zone_city(city.timezone, now, lang) or city.name
    return city.name


def city_label(city: City, lang: str, typed: str = "", now: datetime | None = None) -> str:
    """ "Springfield, United States"; "North Canton (Berlin), United States" when found by
    another of its names (``typed``); with ``now``, the city in ``lang`` when CLDR has it
    ("Москва, Россия", see :func:`city_name`)."""
    also = gazetteer.known_as(city, typed) if typed else ""
    name = city.name if now is None else city_name(city, lang, now)
    return f"{name}{also}, {country_name(city.country_code, lang)}"


async def online_schools(store: Store) -> list[Place]:
    return [_place(r) for r in await db.online(store) if r["kind"] == "school"]


async def countries(store: Store, kind: str, lang: str) -> list[tuple[str, str]]:
    """(code, name in ``lang``) of the countries with places of ``kind``, by name; for
    schools, with Houses too (every Azerbaijani House has a weekend school)."""
    codes = set(await db.countries(store, kind))
    if kind == "school":
        codes |= set(await db.countries(store, "house"))
    return sorted(
        ((c, country_name(c, lang)) for c in codes), key=lambda p: gazetteer.normalize(p[1])
    )


async def in_country(store: Store, kind: str, country_code: str) -> list[Place]:
    return [_place(r) for r in await db.in_country(store, kind, country_code)]


async def without_point(store: Store, kind: str, country_code: str) -> list[Place]:
    """The places of ``kind`` in the country that have no point (online ones aside): no
    nearby search can find them, so an answer about that country names them."""
    return [_place(r) for r in await db.without_point(store, kind, country_code)]


async def has_places(store: Store) -> bool:
    return await db.count(store) > 0


@dataclass(frozen=True)
class Located:
    """What a shared location told: the nearest city (None at sea) and the time zone set."""

    city: City | None
    timezone_set: bool


async def city_near(store: Store, lat: float, lon: float) -> City | None:
    """The nearest city, unless the point is far from any (at sea, in the Sahara)."""
    city = await gazetteer.nearest_city(store, lat, lon)
    if city is None or geo.distance_km(lat, lon, city.lat, city.lon) > gazetteer.REMOTE_KM:
        return None
    return city


async def locate_person(store: Store, person: users.User, lat: float, lon: float) -> Located:
    """Keep the person's time zone (unless chosen by hand) and country; not the point."""
    city = await city_near(store, lat, lon)
    if city is None:
        return Located(None, False)
    zone_unchanged = person.timezone_manual or person.timezone == city.timezone
    if not (zone_unchanged and person.country == city.country_code):  # most repeats write nothing
        await users.locate(store, person.id, city.timezone, city.country_code)
    return Located(city, not person.timezone_manual)
