"""Offline city lookup: typed names ("Köln", "Москва", "Nyu-York") and nearest city to a point.

The data is ``data/cities.tsv.gz`` (GeoNames, CC BY 4.0; built by scripts/build_gazetteer.py),
loaded into SQLite at start-up only when the file changed (its sha256 is kept in
``data_files``). Names are compared in a normalised form (:func:`normalize`); a name with a
typo is found by comparing, with rapidfuzz's optimal-string-alignment distance, only the
spellings that share its first two letters or its last three.
"""

from __future__ import annotations

import asyncio
import csv
import gzip
import hashlib
import io
import logging
import math
import re
import sqlite3
import unicodedata
import zlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import aiosqlite
from babel.core import get_global
from rapidfuzz.distance import OSA

from bot import geo
from bot.store import Store, datafiles
from bot.store import cities as db

log = logging.getLogger(__name__)

DATA_NAME = "cities.tsv.gz"
COLUMNS = (
    "geonameid",
    "name",
    "country_code",
    "admin1",
    "lat",
    "lon",
    "population",
    "timezone",
    "alt_names",
)
#: Longer input is not a city name; it is cut before any work is done.
MAX_QUERY = 80
#: A nearest city farther than this: the point is at sea or in a desert.
REMOTE_KM = 300.0


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    country_code: str
    lat: float
    lon: float
    population: int
    timezone: str
    admin1: str = ""  # its first-level region, GeoNames' code ("FL", "08")


_LETTERS = str.maketrans({"ə": "e", "ı": "i", "ß": "ss", "ё": "е", "й": "и"})
#: Spaces, dashes, apostrophes and the punctuation people type around a name (quotes of any
#: language, ! ? ; : / …): "«Москва»", "BERLIN!!!" and "Berlin?" are Moscow and Berlin.
_SEPARATORS = re.compile(r"[\s\-‐-―'’‘`ʻʼʹ.·,()\[\]{}<>\"«»„“”‟‹›!?¡¿;:/\\*…]+")


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


#: Latin letters that look like Cyrillic ones, and back: "Мoсква" typed with a Latin o (a
#: keyboard switched mid-word, a pasted name) is Москва.
_LATIN_LOOKS_CYRILLIC = dict(zip("ABCEHKMOPTXaceopxy", "АВСЕНКМОРТХасеорху", strict=True))
_CYRILLIC_LOOKS_LATIN = {**{c: latin for latin, c in _LATIN_LOOKS_CYRILLIC.items()}, "і": "i"}
_TO_CYRILLIC = str.maketrans(_LATIN_LOOKS_CYRILLIC)
_TO_LATIN = str.maketrans(_CYRILLIC_LOOKS_LATIN)
_WORD = re.compile(r"[^\W\d_]+")
_ANY_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ANY_LATIN = re.compile(r"[A-Za-z]")


def _one_script(match: re.Match[str]) -> str:
    """A word in Cyrillic but for Latin lookalikes, or the other way round, in one script."""
    word = match.group()
    latin = [c for c in word if c.isascii()]
    cyrillic = [c for c in word if "\u0400" <= c <= "\u04ff"]
    if not latin or not cyrillic:  # "ABŞ" (Latin letters beside Ş) is the USA, as it is
        return word
    if all(c in _LATIN_LOOKS_CYRILLIC for c in latin):
        return word.translate(_TO_CYRILLIC)
    if all(c in _CYRILLIC_LOOKS_LATIN for c in cyrillic):
        return word.translate(_TO_LATIN)
    return word


def has_cyrillic(text: str) -> bool:
    """Whether ``text`` has a Cyrillic letter."""
    return _ANY_CYRILLIC.search(text) is not None


def one_script(text: str) -> str:
    """Each word that mixes Latin and Cyrillic lookalikes in one script: "Мoсква" → "Москва",
    "Bеrlin" (a Cyrillic е) → "Berlin"; a word that truly mixes them is left as it is."""
    if text.isascii() or not (_ANY_CYRILLIC.search(text) and _ANY_LATIN.search(text)):
        return text  # most names (the gazetteer's 180,000 at its load): one alphabet only
    return _WORD.sub(_one_script, text)


def normalize(name: str) -> str:
    """Case, accents and punctuation removed: "Nyu-York" → "nyu york", "Köln" → "koln"."""
    text = one_script(name).casefold()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_LETTERS)))
    return " ".join(_SEPARATORS.sub(" ", text).split())


def spelling(name: str) -> str:
    """Case and punctuation removed as by :func:`normalize`, letters kept: "Şəki" → "şəki"
    (normalised: "seki", which is also Seki in Japan)."""
    text = unicodedata.normalize("NFC", one_script(name).casefold()).replace("i\u0307", "i")
    return " ".join(_SEPARATORS.sub(" ", text).split())


def _city(row: aiosqlite.Row) -> City:
    return City(
        geonameid=int(row["geonameid"]),
        name=str(row["name"]),
        country_code=str(row["country_code"]),
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        population=int(row["population"]),
        timezone=str(row["timezone"]),
        admin1=str(row["admin1"]),
    )


# -- loading ---------------------------------------------------------------------------------
class GazetteerError(Exception):
    """The gazetteer file cannot be read."""


#: Cities read and written per step of a load: the file is streamed, never held whole.
LOAD_BATCH = 2000


def batches(
    raw: bytes,
) -> Iterator[tuple[list[db.CityRow], list[db.NameRow], list[db.SpellingRow]]]:
    """Rows for ``cities``, ``city_names`` and ``city_spellings`` from the gzipped TSV, checked
    as they are read, ``LOAD_BATCH`` cities at a time: the first load at start-up had held the
    whole file and every row at once (some 60 MB, the process's peak)."""
    cities: list[db.CityRow] = []
    names: list[db.NameRow] = []
    spelled: list[db.SpellingRow] = []
    for city, written in _cities(raw):
        cities.append(city)
        keys = {key for n in written if (key := normalize(n))}
        names.extend((key, key[::-1], city[0]) for key in keys)
        # only the spellings that folding changes: the others are their key already
        spelled.extend((s, city[0]) for n in written if (s := spelling(n)) and s not in keys)
        if len(cities) >= LOAD_BATCH:
            yield cities, names, spelled
            cities, names, spelled = [], [], []
    if cities:
        yield cities, names, spelled


def _cities(raw: bytes) -> Iterator[tuple[db.CityRow, set[str]]]:
    """Each city's row and its names as written (the main one and the alternates)."""
    try:
        with gzip.open(io.BytesIO(raw), "rt", encoding="utf-8", newline="") as text:
            reader = csv.reader(text, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(reader, None)
            if header is None or tuple(header) != COLUMNS:
                raise GazetteerError(f"{DATA_NAME}: the header must be {' '.join(COLUMNS)}")
            for line, row in enumerate(reader, start=2):
                try:
                    gid, name, cc, admin1, lat, lon, population, tz, alts = row
                    city = (
                        int(gid),
                        name,
                        cc,
                        float(lat),
                        float(lon),
                        int(population),
                        tz,
                        admin1,
                    )
                except ValueError as exc:
                    raise GazetteerError(f"{DATA_NAME} line {line}: {exc}") from exc
                if not geo.valid_point(city[3], city[4]):
                    raise GazetteerError(f"{DATA_NAME} line {line}: coordinates out of range")
                yield city, {n for n in (name, *alts.split("|")) if n}
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, csv.Error) as exc:
        raise GazetteerError(f"{DATA_NAME} is not a gzipped UTF-8 table: {exc}") from exc


async def load(store: Store, path: Path, now: str) -> bool:
    """Load ``path`` into the store unless this very file is loaded already.

    Returns True if it was (re)loaded. All or nothing: one transaction, so a fault found
    halfway through the file leaves the old gazetteer in place.
    """
    raw = await asyncio.to_thread(path.read_bytes)
    digest = hashlib.sha256(raw).hexdigest()
    if await datafiles.loaded_sha256(store, DATA_NAME) == digest:
        return False
    try:
        async with store.transaction() as conn:
            cities, names = await db.replace_all(conn, batches(raw))
            await datafiles.record(conn, DATA_NAME, digest, now)
    except sqlite3.IntegrityError as exc:  # e.g. a geonameid twice: the file is at fault
        raise GazetteerError(f"{DATA_NAME}: {exc}") from exc
    log.info("gazetteer loaded: %d cities, %d spellings", cities, names)
    return True


# -- regions ---------------------------------------------------------------------------------
REGIONS_NAME = "regions.csv"
REGION_COLUMNS = ("country", "admin1", "name_en", "name_az", "name_ru", "also")
MAX_REGIONS_BYTES = 1_000_000
_REGION_CODE = re.compile(r"^[A-Za-z0-9]{1,20}$")
#: A shorter name ("BC", "NRW") is a region only after a city: "Vancouver BC", never alone.
MIN_REGION_NAME = 4


@dataclass(frozen=True)
class Region:
    """A country's first-level region: a US state, a Canadian province, a German Land."""

    country_code: str
    admin1: str
    name_az: str
    name_en: str
    name_ru: str

    def name(self, lang: str) -> str:
        return {"az": self.name_az, "ru": self.name_ru}.get(lang, self.name_en)


def region_rows(raw: bytes) -> list[db.RegionRow]:
    """Rows for the ``regions`` table from ``data/regions.csv``: one per name of a region (its
    names in az, en and ru, and the ``|``-separated others in ``also``)."""
    if len(raw) > MAX_REGIONS_BYTES:
        raise GazetteerError(f"{REGIONS_NAME} is larger than {MAX_REGIONS_BYTES} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{REGIONS_NAME} is not UTF-8 text: {exc}") from exc
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None or tuple(h.strip() for h in header) != REGION_COLUMNS:
            raise GazetteerError(f"{REGIONS_NAME}: the header must be {','.join(REGION_COLUMNS)}")
        rows: list[db.RegionRow] = []
        for line, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(REGION_COLUMNS):
                raise GazetteerError(
                    f"{REGIONS_NAME} line {line}: {len(values)} columns, not"
                    f" {len(REGION_COLUMNS)} ({','.join(REGION_COLUMNS)})"
                )
            country, admin1, en, az, ru, also = (v.strip() for v in values)
            if not re.fullmatch(r"[A-Z]{2}", country):
                raise GazetteerError(
                    f"{REGIONS_NAME} line {line}: country must be a two-letter code such as US"
                )
            if not _REGION_CODE.match(admin1):
                raise GazetteerError(
                    f"{REGIONS_NAME} line {line}: admin1 must be the region's GeoNames code"
                    " (letters and digits, such as FL or 08)"
                )
            names = [en, az, ru, *(n.strip() for n in also.split("|"))]
            if not (en and az and ru) or any(len(n) > MAX_QUERY for n in names):
                raise GazetteerError(
                    f"{REGIONS_NAME} line {line}: name_en, name_az and name_ru are needed, each"
                    f" at most {MAX_QUERY} characters"
                )
            keys = dict.fromkeys(k for n in names if (k := normalize(n)))
            rows.extend((k, country, admin1, az, en, ru) for k in keys)
    except csv.Error as exc:
        raise GazetteerError(f"{REGIONS_NAME}: {exc}") from exc
    return rows


async def load_regions(store: Store, path: Path, now: str) -> bool:
    """Load the region names unless this very file is loaded already (True if it was). A
    broken file changes nothing: the names loaded before stay."""
    raw = await asyncio.to_thread(path.read_bytes)
    digest = hashlib.sha256(raw).hexdigest()
    if await datafiles.loaded_sha256(store, REGIONS_NAME) == digest:
        return False
    rows = region_rows(raw)
    async with store.transaction() as conn:
        await db.replace_regions(conn, rows)
        await datafiles.record(conn, REGIONS_NAME, digest, now)
    log.info("regions loaded: %d names", len(rows))
    return True


async def regions_named(store: Store, name: str, *, alone: bool = True) -> tuple[str, list[Region]]:
    """The regions called ``name`` ("Texas", "in Texas", "в Техасе", "Texasda"), with the name
    as it is without the preposition or ending; ``alone``: said on its own, so not a short
    name ("BC")."""
    key = normalize(name[: MAX_QUERY * 2])[:MAX_QUERY]
    if not key:
        return name, []
    for called, k, _least, _ending in ((name, key, 0, ""), *_uninflected(name, key)):
        if alone and len(k) < MIN_REGION_NAME:
            continue
        rows = await db.regions_named(store, k)
        if rows:
            regions = [
                Region(r["country_code"], r["admin1"], r["name_az"], r["name_en"], r["name_ru"])
                for r in rows
            ]
            return called, regions
    return name, []


async def region_cities(store: Store, region: Region, limit: int = 5) -> list[City]:
    """The region's most populous cities, most populous first."""
    rows = await db.largest_in_region(store, region.country_code, region.admin1, limit)
    return [_city(r) for r in rows]


# -- lookups ---------------------------------------------------------------------------------
#: Words before a city ("в Гамбурге", "near Berlin") and case endings after it (normalised,
#: longest first): Azerbaijani "I am / we are in" ("Berlindəyəm", "İstanbuldayıq"), Russian
#: prepositional/genitive/dative, Azerbaijani locative/ablative/dative.
PREPOSITIONS = frozenset(
    ["в", "во", "на", "из", "под", "около", "возле", "к", "ко", "с", "со", "от", "за"]
    + ["near", "in", "at", "around", "to"]
)
#: Prepositions that come before a place only when its name is capitalised ("рядом с
#: Москвой", "дом к Гамбургу"): in lower case they are "with him", "to the role".
_CAPITAL_AFTER = frozenset(["с", "со", "к", "ко", "от", "за"])
I_AM_IN = ("dayam", "deyem", "dayiq", "deyik")
_I_AM_IN = I_AM_IN
#: ... "the one in" ("Torontodakı ev", Turkish "Torontodaki"), normalised.
_WHICH_IS_IN = ("daki", "deki")
_CASE_ENDINGS: tuple[str, ...] = (*_I_AM_IN, *_WHICH_IS_IN, "dan", "den", "da", "de", "ya", "ye")
_CASE_ENDINGS += ("nin",)
# Turkish after a voiceless consonant, as many Azerbaijanis in Türkiye type: "Münihte",
# "Karsta" (a mixed-language review: the general Houses card)
_CASE_ENDINGS += ("tan", "ten", "ta", "te")
_CASE_ENDINGS += ("un", "in", "е", "у", "а", "a", "e")
#: Azerbaijani "is" after a name, normalised: "Bakıdır", "Londondur", "Parisdir".
_IT_IS = ("dir", "dur", "tir", "tur")
_RU_VOWELS = frozenset("аеёиоуыэюя")
#: Endings written after an apostrophe, as Turkish does ("İstanbul'da", "Ankara'dan",
#: "İstanbul'dayım"), normalised.
_APOSTROPHE_ENDINGS = frozenset(
    ["da", "de", "ta", "te", "dan", "den", "tan", "ten", "ya", "ye", "a", "e", "in", "nin"]
    + ["un", "nun", "dayim", "deyim", "tayim", "teyim", "dayiz", "deyiz", *I_AM_IN]
)


#: "I", "we" before "I am in" (normalised): "mən Parisdəyəm", "biz Berlindəyik".
_I = frozenset(["men", "biz"])
#: Azerbaijani words after a place that mean near it (normalised): "Berlin yaxınlığında".
_NEAR_AFTER = frozenset(["yaxinliginda", "yaxinliginda", "etrafinda", "yaninda", "civarinda"])


#: A Russian case form read without a preposition before it ("/timezone Казани", "я живу
#: в Ярославле" once "в" is taken off by the caller) must be a city this large: "Думаю" is no
#: Dumai (Indonesia, 349,000 people); "Дубае" is Dubai, "Твери" Tver (420,000).
DECLINED_ALONE_POPULATION = 400_000


def _uninflected(query: str, key: str) -> Iterator[tuple[str, str, int, str]]:
    """(name, normalised key, the least population it may have, the Azerbaijani ending taken
    off or "") for ``query`` without a leading preposition or with a case ending taken off, to
    look up exactly: "в гамбурге" → ("Гамбург", "гамбург", 0, ""), "Berlində" → ("Berlin",
    "berlin", 0, "de")."""
    words = key.split()
    typed = query.split()
    if len(words) > 1 and len(typed) == len(words):
        # "mən Parisdəyəm" (I am in Paris): the place is the word after "I" (a review)
        if words[0] in _I and words[-1].endswith(_I_AM_IN):
            words, typed = words[1:], typed[1:]
        # "Berlin yaxınlığında" (near Berlin): the place is before the word
        if words[-1] in _NEAR_AFTER:
            words, typed = words[:-1], typed[:-1]
            yield " ".join(typed), " ".join(words), 0, ""
    # "в Санкт-Петербурге": the preposition is a word of both (the name has a hyphen more)
    after_preposition = (
        len(words) > 1
        and len(typed) > 1
        and words[0] in PREPOSITIONS
        and typed[0].casefold() == words[0]
    )
    if after_preposition and words[0] in _CAPITAL_AFTER and not typed[1][:1].isupper():
        after_preposition = False  # "с ним" is no Nîmes, "к роли" no Raleigh
    if after_preposition:
        words, typed = words[1:], typed[1:]
        yield " ".join(typed), " ".join(words), 0, ""
    yield from _first_word_declined(typed, words, after_preposition)
    # "İstanbul'da", "Ankara'dan" (Turkish writes the ending after an apostrophe, which
    # normalising makes a word of its own): the name before it
    apostrophe = len(words) > 1 and words[-1] in _APOSTROPHE_ENDINGS
    if apostrophe and len(typed) == len(words) - 1 and len(words[-2]) >= 3:  # not "İ'nin"
        before = " ".join([*typed[:-1], re.split(r"['’]", typed[-1])[0]])
        yield as_written(before), " ".join(words[:-1]), 0, ""
    last, name = words[-1], as_written(" ".join(typed))
    # "в Калифорнии", "в Баварии": Калифорния, Бавария (not a "Калифорниа")
    if last.endswith("ии") and len(last) > 4:
        yield name[:-2] + "ия", " ".join([*words[:-1], last[:-2] + "ия"]), 0, ""
    # a Russian feminine name first: "в Праге", "из Праги" are Прага, not a Праг
    if last[-1:] in ("е", "и", "у", "ы") and len(last) > 3:
        yield name[:-1] + "а", " ".join([*words[:-1], last[:-1] + "а"]), 0, ""
    # after a preposition; without one, capitalised and a large city ("думаю" is no Dumai,
    # "гером" no Győr; "/timezone Казани" is Kazan)
    declined = after_preposition or typed[-1][:1].isupper()
    least = 0 if after_preposition else DECLINED_ALONE_POPULATION
    if declined and len(last) > 3:
        # "с Москвой", "с Прагой": Москва, Прага (normalised, й is и)
        if last[-2:] in ("ои", "еи") and len(last) > 4:
            yield name[:-2] + "а", " ".join([*words[:-1], last[:-2] + "а"]), least, ""
        # "в Дубае", "в Шанхае": Дубай (before "Дуба", Saudi Arabia)
        if last[-2:-1] in _RU_VOWELS and last[-1:] in ("е", "ю", "я"):
            yield name[:-1] + "й", " ".join([*words[:-1], normalize(last[:-1] + "й")]), least, ""
        # "с Гамбургом", "с Берлином"
        for ending in ("ом", "ем"):
            if last.endswith(ending) and len(last) - len(ending) >= 3:
                yield name[: -len(ending)], " ".join([*words[:-1], last[: -len(ending)]]), least, ""
    for ending in _CASE_ENDINGS:
        # "I am in" needs a name of 4 letters or more: "Bağdayam" (at the dacha) is no Bagé
        shortest = 4 if ending in _I_AM_IN else 3
        if last.endswith(ending) and len(last) - len(ending) >= shortest:
            stem = " ".join([*words[:-1], last[: -len(ending)]])
            yield name[: -len(ending)], stem, 0, ending if ending.isascii() else ""
    # "it is Baku": "saat qurşağım Bakıdır" (a places review: no zone "Bakıdır"), of a large
    # city only ("Kamandır" is no Kaman)
    for ending in _IT_IS:
        if last.endswith(ending) and len(last) - len(ending) >= 3:
            stem = " ".join([*words[:-1], last[: -len(ending)]])
            yield name[: -len(ending)], stem, DECLINED_ALONE_POPULATION, ending
    # "в Казани", "в Ярославле": Казань, Ярославль (after "в Париже": Париж, not a Парижь)
    soft = last[-2:-1] not in _RU_VOWELS and last[-1:] in ("е", "и", "ю", "я")
    if declined and soft and len(last) > 3:
        yield name[:-1] + "ь", " ".join([*words[:-1], normalize(last[:-1] + "ь")]), least, ""


#: A Russian adjective's prepositional/instrumental ending, and its dictionary form:
#: "в Нижнем Новгороде" is Нижний Новгород, "в Великом Новгороде" Великий Новгород.
_ADJECTIVE_ENDINGS = {"ем": ("ий",), "ом": ("ый", "ий", "ой"), "ой": ("ая",), "ей": ("яя",)}


def _first_word_declined(
    typed: list[str], words: list[str], after_preposition: bool
) -> Iterator[tuple[str, str, int, str]]:
    """A name of several words declined in its first: "Ростове-на-Дону" (Ростов-на-Дону),
    "Нижнем Новгороде" (Нижний Новгород, both words), after a preposition or capitalised;
    a Russian review: these big cities were "no city"."""
    if len(words) < 2 or not (after_preposition or typed[0][:1].isupper()):
        return
    first, rest = words[0], words[1:]
    # capitalised after a preposition; else a large city ("в новом городе", in the new town,
    # is no Novhorod-Siverskyi: a review)
    least = 0 if after_preposition and typed[0][:1].isupper() else DECLINED_ALONE_POPULATION
    text = " ".join(typed)
    cut = len(typed[0].split("-")[0])  # the first word as typed ("Ростове" of "Ростове-на-Дону")
    forms: list[tuple[str, str]] = []  # (the first word's form, the ending it replaces)
    if first[-1:] in ("е", "у") and len(first) > 4:
        forms.append((first[:-1], first[-1:]))  # Ростове: Ростов
    for ending, endings in _ADJECTIVE_ENDINGS.items():
        if first.endswith(ending) and len(first) > 4:
            forms += [(first[: -len(ending)] + e, ending) for e in endings]
    last = rest[-1]
    lasts = [(last, "")]
    if len(rest) == 1 and last[-1:] in ("е", "у") and len(last) > 4:
        lasts.append((last[:-1], last[-1:]))  # Новгороде: Новгород
    for form, replaced in forms:
        head = text[: cut - len(replaced)] + form[len(first) - len(replaced) :] + text[cut:]
        for last_form, dropped in lasts:
            name = head[: len(head) - len(dropped)] if dropped else head
            key = normalize(" ".join([form, *rest[:-1], last_form]))  # "ий" is "ии" once normal
            yield name, key, least, ""


#: Azerbaijani vowels by harmony: an ending's vowel follows the last vowel of the name
#: ("Londonda", "Berlində", "Bakının", "Tokionun").
_BACK = frozenset("aıou")
_FRONT = frozenset("eəiöü")
_ROUNDED = frozenset("ouöü")
_VOWELS = _BACK | _FRONT
#: A name of three letters read off a longer word ("Garda", "Ufada") must be a city this
#: large: with the shortest stem, the word is as likely a name of its own (Garda, Italy, is
#: no Gar in Tibet, 25,000 people; Ufa has 1.1 million).
SHORT_STEM = 3
SHORT_STEM_POPULATION = 100_000


_DOTLESS = {"i": "ı", "o": "ö", "u": "ü"}


def _harmonious(word: str, ending: str) -> str | None:
    """The name in ``word`` (as typed, :func:`spelling`) before the Azerbaijani ``ending``
    (normalised: "den", "da", "nin") as vowel harmony wants it spelled, or None when the
    ending cannot follow it: "Söldən" could, "Solden" is no ablative of "Sol" (o takes
    -dan). A word typed in ASCII letters may stand for ı, ö, ü by i, o, u (no Azerbaijani
    keyboard: "bakida", "Kolnde"): then the name wanted has that letter ("bakı", "köln")."""
    stem, typed_ending = word[: -len(ending)], word[-len(ending) :]
    if normalize(typed_ending) != ending or not stem:
        return stem  # a letter that folding changes ("ß"): nothing to judge by
    at = next((i for i in range(len(stem) - 1, -1, -1) if stem[i] in _VOWELS), -1)
    ending_vowel = next((c for c in typed_ending if c in _VOWELS), "")
    if at < 0 or not ending_vowel:
        return stem
    vowel = stem[at]
    if word.isascii() and (vowel, ending_vowel) in (("i", "a"), ("o", "e"), ("u", "e")):
        # "bakida": i before -da is ı; "Kolnde": o before -de is ö
        vowel = _DOTLESS[vowel]
        stem = stem[:at] + vowel + stem[at + 1 :]
    back = ending_vowel in _BACK if ending_vowel in "aeıəöü" or not word.isascii() else None
    if back is not None and (vowel in _BACK) != back:
        return None
    if ending_vowel in "iıuü" and (vowel in _ROUNDED) != (ending_vowel in _ROUNDED):
        return None  # the genitive agrees in rounding too: "Londonun", "Bakının"
    return stem


async def _read_as_azerbaijani(
    store: Store, query: str, name: str, key: str, ending: str, rows: list[aiosqlite.Row]
) -> list[aiosqlite.Row]:
    """The ``rows`` (cities called ``name`` once ``ending`` is taken off ``query``) for which
    the Azerbaijani reading is plausible; none: a word that only ends like a case ending
    ("Sölden" is no "Söl"+"dən", Seoul; "Garda" no Gar, China) is at most offered.

    Plausible: vowel harmony fits (:func:`_harmonious`); a name written with letters that
    folding changes (or wanted so by harmony) is a spelling the city has with those very
    letters ("Bakı", "Şəki", "Köln"; Seoul is "Sol", never "Söl"); a name of
    :data:`SHORT_STEM` letters is a city of :data:`SHORT_STEM_POPULATION` people or more."""
    words = spelling(query[: MAX_QUERY * 2]).split()
    stem = _harmonious(words[-1], ending) if words else None
    if stem is None:
        return []
    spelled = " ".join([*spelling(name[: MAX_QUERY * 2]).split()[:-1], stem])
    if spelled != key:
        own = await db.spelled(store, spelled)
        rows = [r for r in rows if int(r["geonameid"]) in own]
    if len(key.split()[-1]) <= SHORT_STEM:
        rows = [r for r in rows if int(r["population"]) >= SHORT_STEM_POPULATION]
    return rows


#: Shorter than this is a word ("no", "ok"), never taken for a city of that name.
MIN_QUERY = 3


def _max_typos(length: int) -> int:
    if length <= 3:
        return 0
    return 1 if length <= 7 else 2


@dataclass(frozen=True)
class Matches:
    """Cities found for ``name`` (the name looked up), best first.

    ``exact``: each is called ``name`` (by one of its spellings), not found through typo
    tolerance; a near spelling must not be answered as if it were the city typed.
    ``elsewhere``: none is in the country the person named (set by ``places.find_city``).
    ``region``: the name typed is this region's, and ``cities`` are its largest, then towns
    of that name (set by ``places.find_city``); ``name`` stays the region's, as typed.
    ``listed``: the namesake near a listed House or school, always worth offering (set by
    ``places.find_city(listed_too=True)``).
    """

    name: str
    cities: list[City]
    exact: bool
    elsewhere: bool = False
    region: Region | None = None
    listed: City | None = None

    @property
    def answered(self) -> bool:
        """True if the first city is the one typed: answer for it without asking."""
        return bool(self.cities) and self.exact and not self.elsewhere


async def _nominative(store: Store, query: str, key: str, city: City) -> str:
    """``query`` as a title shows it: GeoNames has case forms among a city's spellings
    ("Одессе" for Odesa), and the button read "Дома рядом: Одессе" (a Russian review); the
    form of it that is no case form ("Одесса") when that is a spelling of the same city."""
    word = query.strip()
    # one Russian word in an oblique case ("Одессе", "Риге"): not "Прага" (GeoNames has a
    # "Праг" too), nor "Ростов-на-Дону" (its own name ends in "-у")
    if word.isascii() or not word.isalpha() or word[-1:].casefold() not in ("е", "и", "у", "ю"):
        return query
    for name, inflected, _least, ending in _uninflected(query, key):
        if ending:  # an Azerbaijani ending: "Bakıda" is found as Bakı anyway
            continue
        if any(int(r["geonameid"]) == city.geonameid for r in await db.by_key(store, inflected)):
            return name
    return query


async def search(
    store: Store,
    query: str,
    limit: int = 5,
    country: str | None = None,
    region: Region | None = None,
    *,
    same_start: bool = False,
) -> Matches:
    """Cities called ``query`` (any spelling), most populous first; only in ``country`` (an
    ISO code) or ``region`` if given.

    Exact spellings win, first those written with the very letters typed (see
    :func:`spelling`); otherwise names within one or two typos (transpositions count as one).
    No cities when nothing matches. ``same_start``: a near spelling must begin with the
    letter typed (a guess from a word alone: "yaxşı", good, is no Iaşi).
    """
    key = normalize(query[: MAX_QUERY * 2])[:MAX_QUERY]
    if len(key) < MIN_QUERY or limit <= 0:  # "no", "me": a word, not No (Ghana)
        return Matches(query, [], False)

    def wanted(row: aiosqlite.Row) -> bool:
        if region is not None:
            return (row["country_code"], row["admin1"]) == (region.country_code, region.admin1)
        return country is None or row["country_code"] == country

    async def own_first(rows: list[aiosqlite.Row], typed: str, key: str) -> list[City]:
        spelled = spelling(typed[: MAX_QUERY * 2])[:MAX_QUERY]
        if len(rows) > 1 and spelled != key:
            # "Şəki": Sheki, whose spelling it is, before Sekimachi (Japan), also "Seki"
            own = await db.spelled(store, spelled)
            rows.sort(key=lambda r: int(r["geonameid"]) not in own)  # stable: population next
        return [_city(r) for r in rows[:limit]]

    exact = [r for r in await db.by_key(store, key) if wanted(r)]
    if exact:
        cities = await own_first(exact, query, key)
        return Matches(await _nominative(store, query, key, cities[0]), cities, True)
    doubtful: list[City] = []  # read with an ending that may be no ending: offered, at most
    for name, inflected, least, ending in _uninflected(query, key):  # "в Гамбурге", "Şuşada"
        rows = [
            r
            for r in await db.by_key(store, inflected)
            if wanted(r) and int(r["population"]) >= least
        ]
        if rows and ending:
            plausible = await _read_as_azerbaijani(store, query, name, inflected, ending, rows)
            if not plausible:
                doubtful = doubtful or await own_first(rows, name, inflected)
                continue
            rows = plausible
        if rows:
            cities = await own_first(rows, name, inflected)
            return Matches(await _nominative(store, name, inflected, cities[0]), cities, True)
    typos = _max_typos(len(key))
    if typos == 0:
        return Matches(query, doubtful, False)
    rows = await db.candidates(store, key[:2], key[::-1][:3], len(key) - typos, len(key) + typos)
    best: dict[int, int] = {}
    for row in rows:
        if same_start and row["key"][:1] != key[:1]:
            continue
        dist = OSA.distance(key, row["key"], score_cutoff=typos)
        if dist <= typos:
            gid = int(row["geonameid"])
            best[gid] = min(dist, best.get(gid, dist))
    found = [_city(r) for r in await db.by_ids(store, list(best)) if wanted(r)]
    found.sort(key=lambda c: (best[c.geonameid], -c.population))
    found = doubtful + [c for c in found if c not in doubtful]
    return Matches(query, found[:limit], False)


async def known_name(store: Store, name: str, population: int, *, own_only: bool = False) -> bool:
    """Whether ``name`` as typed (any case) is a name of a city of ``population`` or more;
    ``own_only``: its own name, or the start of it ("New York": New York City), not another
    of its names ("Berline", a French one, is also Berlin in Russian typed in Latin)."""
    key = normalize(name[:MAX_QUERY])
    if len(key) < MIN_QUERY:
        return False
    return any(
        int(r["population"]) >= population
        and (not own_only or normalize(r["name"]).startswith(key))
        for r in await db.by_key(store, key)
    )


async def find_cities(store: Store, query: str, limit: int = 5) -> list[City]:
    """The cities of :func:`search`, exact or near matches alike."""
    return (await search(store, query, limit)).cities


_AROUND = " \t\"'«»„“”‘’‹›!?¡¿.,;:()[]{}<>*…-‐–—/\\"
#: Little words that stay lower case inside a name: "Frankfurt am Main", "Rio de Janeiro".
_PARTICLES = frozenset(["am", "an", "de", "da", "do", "dos", "das", "del", "la", "le", "sur", "on"])


def as_written(typed: str) -> str:
    """A typed name tidied for a title or a button: «москва» → Москва, BERLIN!!! → Berlin,
    "frankfurt am main" → Frankfurt am Main, "Мoсква" (a Latin o) → Москва (a name typed in
    mixed case is kept as typed)."""
    name = " ".join(one_script(typed).split()).strip(_AROUND)
    if not (name.islower() or name.isupper()):
        return name
    words = name.lower().split(" ")
    return " ".join(
        w if i and w in _PARTICLES else "-".join(p[:1].upper() + p[1:] for p in w.split("-"))
        for i, w in enumerate(words)
    )


def known_as(city: City, query: str) -> str:
    """ " (Berlin)" when ``city`` was found by another of its names than its own: offered as
    another choice, "North Canton" (once called Berlin) makes no sense without it."""
    if normalize(city.name) == normalize(query):
        return ""
    return f" ({as_written(query[:MAX_QUERY])})"


#: Within FLAT_MAP_KM, cities are ranked in SQL on a flat map (off by about 1 % there) and
#: only the NEAREST_CANDIDATES first are measured exactly (see ``_candidates_suffice``).
NEAREST_CANDIDATES = 8
FLAT_MAP_KM = 60.0
#: Beyond FLAT_MAP_KM, at most this many of the box's cities, nearest on the flat map, are
#: measured: a point in the Southern Ocean grew its box to every city south of 20°S (18,000
#: rows read and measured on the event loop, ~200 ms; an adversarial review). There the
#: answer is the nearest of the 300 first on the flat map, whose error at such distances
#: only reorders cities hundreds of kilometres away.
WIDE_BOX_CANDIDATES = 300


def _flat_km(lat: float, lon: float, other_lat: float, other_lon: float) -> float:
    """The flat-map measure SQL ranks by (``cities.nearest_in_box``), in km."""
    dlon = abs(other_lon - lon)
    dlon = min(dlon, 360 - dlon) * math.cos(math.radians(lat))
    return geo.KM_PER_DEGREE * math.hypot(other_lat - lat, dlon)


def _candidates_suffice(box: geo.Box, lat: float, lon: float, rows: list[aiosqlite.Row]) -> bool:
    """True if no city left out can be nearer than the nearest candidate.

    Every city left out is at least as far on the flat map as the last candidate. Its real
    distance is at least that times the smallest ratio of real to flat distance in the box:
    the flat map scales longitude by the cosine of ``lat``, while the real scale in the box
    can be as small as the cosine of its latitude farthest from the equator (and haversine
    differs from a flat map by far under 0.1 % within FLAT_MAP_KM)."""
    if len(rows) < NEAREST_CANDIDATES:
        return True  # every city in the box is a candidate
    here = math.cos(math.radians(lat))
    far = math.cos(math.radians(min(90.0, max(abs(box.min_lat), abs(box.max_lat)))))
    ratio = min(1.0, far / here) * 0.999 if here > 0 else 0.0
    best = min(geo.distance_km(lat, lon, r["lat"], r["lon"]) for r in rows)
    return best <= ratio * _flat_km(lat, lon, rows[-1]["lat"], rows[-1]["lon"])


async def nearest_city(store: Store, lat: float, lon: float) -> City | None:
    """The gazetteer city nearest to (lat, lon); None for an invalid point or no data."""
    if not geo.valid_point(lat, lon):
        return None

    async def fetch(box: geo.Box) -> list[aiosqlite.Row]:
        # In a small box, the few nearest on a flat map, when they provably hold the nearest
        # (geo.nearest measures them exactly); otherwise the WIDE_BOX_CANDIDATES nearest on
        # it, ranked off the event loop when the box is wide (thousands of cities at sea).
        small = (box.max_lat - box.min_lat) / 2 * geo.KM_PER_DEGREE <= FLAT_MAP_KM
        if small:
            rows = await db.nearest_in_box(store, box, lat, lon, NEAREST_CANDIDATES)
            if _candidates_suffice(box, lat, lon, rows):
                return rows
        return await db.nearest_in_box(store, box, lat, lon, WIDE_BOX_CANDIDATES, wide=not small)

    found = await geo.nearest(
        fetch, lambda r: (float(r["lat"]), float(r["lon"])), lat, lon, 1, start_km=12
    )
    return _city(found[0][1]) if found else None


async def largest_city(store: Store, country_code: str) -> City | None:
    """The country's most populous city: where to measure from for a country typed."""
    row = await db.largest_in(store, country_code)
    return _city(row) if row else None


#: Zones of a country's occupied territory, where the occupier's clock is kept: not offered
#: as that country's time ("Украина" offered "Sevastopol — Simferopol, UTC+3", a review; a
#: person there can still type the city, or share a location).
OCCUPIED_ZONES = {"UA": frozenset({"Europe/Simferopol"})}
#: Room for every distinct time of the largest country (Russia has 11).
MAX_COUNTRY_ZONES = 12


def _same_time(zone: str, year: int) -> tuple[timedelta | None, ...]:
    """A zone's offsets in winter and in summer: two zones alike in both keep the same time."""
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return (None,)
    return tuple(datetime(year, month, 15, 12, tzinfo=tz).utcoffset() for month in (1, 7))


def same_time(zone: str, other: str, now: datetime) -> bool:
    """Whether two zones keep the same clock all of ``now``'s year (Berlin and Paris do)."""
    return _same_time(zone, now.year) == _same_time(other, now.year)


async def zone_cities(store: Store, country_code: str, now: datetime) -> list[City]:
    """One city per time of the country (the most populous keeping it), most populous first:
    Kazakhstan's seven zones, all at UTC+5, are one; a zone CLDR puts in another country
    (Sokhumi's Moscow time in Georgia) or of occupied territory (:data:`OCCUPIED_ZONES`) is
    left out, so Georgia, like Ukraine, has one time."""
    elsewhere = get_global("zone_territories")
    skip = OCCUPIED_ZONES.get(country_code.upper(), frozenset())
    seen: set[tuple[timedelta | None, ...]] = set()
    cities = []
    for row in await db.largest_per_zone(store, country_code, 100):
        city = _city(row)
        territory = elsewhere.get(city.timezone)
        if city.timezone in skip or (territory not in (None, country_code.upper())):
            continue
        time = _same_time(city.timezone, now.year)
        if time in seen:
            continue
        seen.add(time)
        cities.append(city)
    return cities[:MAX_COUNTRY_ZONES]


async def country_of_zone(
    store: Store,
    zone: str,
    own: str | None,
    now: datetime,
    listed: Collection[str] = (),
    had: str | None = None,
) -> str | None:
    """The country of someone who chose ``zone`` from a list of zones (``listed``): ``own``
    (the one they had) if a city of it keeps that zone's clock all year and the list has no
    zone of it that does (Stockholm picking "Berlin", Vancouver "Los Angeles", Samara "Baku":
    theirs is not in the list; Baku picking "Tbilisi", Berlin "Paris" have moved: a review
    each way), else the zone's country by CLDR (Babel), if it has one. A zone CLDR puts in
    another country or of occupied territory (Sokhumi's, Crimea's) is not the country's.
    ``had``: the zone they had; one of the list, they have moved whatever their country
    ("Moscow" picking "Baku" had stayed in Russia, through Samara: a review)."""
    territories = get_global("zone_territories")
    if had is not None and had != zone and had in listed:
        own = None
    skip = OCCUPIED_ZONES.get(own or "", frozenset())
    own_zones = [
        z
        for z in (await db.zones_of(store, own) if own else [])
        if z not in skip and territories.get(z) in (None, own)
    ]
    if (
        own
        and any(same_time(z, zone, now) for z in own_zones)
        and not any(territories.get(z) == own and same_time(z, zone, now) for z in listed)
    ):
        return own
    territory: str = get_global("zone_territories").get(zone, "ZZ")
    return None if territory == "ZZ" else territory  # CLDR's unknown region: "Etc/GMT-4"


async def get_city(store: Store, geonameid: int) -> City | None:
    rows = await db.by_ids(store, [geonameid])
    return _city(rows[0]) if rows else None
