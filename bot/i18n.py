"""Translations from gettext catalogs (``bot/locale/<lang>/LC_MESSAGES/<domain>.po``).

Message ids are stable keys (``"start.greeting"``); every language, English included, has a
catalog. Catalogs are compiled with Babel when the bot starts, so a translator edits only the
``.po`` files. Each feature keeps its own domain (one ``.po`` per feature and language); all
domains of a language are merged into one lookup.

Interpolated values are HTML-escaped (replies use HTML parse mode) unless wrapped in
:class:`Html`.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import get_timezone_location
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

log = logging.getLogger(__name__)

LANGUAGES: tuple[str, ...] = ("az", "en", "ru")
DEFAULT_LANGUAGE = "en"
#: Each language's own name, for the language picker.
LANGUAGE_NAMES: dict[str, str] = {"az": "🇦🇿 Azərbaycanca", "en": "🇬🇧 English", "ru": "🇷🇺 Русский"}


class Html(str):
    """A value already safe to put into an HTML message (not escaped again)."""


#: The language a phone set to another one most likely reads best: Turkish (Azerbaijanis in
#: Turkey) is close to Azerbaijani; Russian is the shared language of the former Soviet
#: countries, where many Azerbaijanis live. Everyone else starts in English (/language).
CLOSEST = {"tr": "az"} | dict.fromkeys(("uk", "be", "kk", "ky", "uz", "tg", "tk"), "ru")


#: How people name a language after /language ("az", "English", "русский", "ingilis"):
#: the beginnings of its names, lower case.
_NAMED = {
    "az": ("az", "азер"),
    "en": ("en", "ingilis", "англ", "инглиш"),
    "ru": ("ru", "rus", "рус"),
}


def language_named(text: str) -> str | None:
    """The language ``text`` names ("/language az", "/language русский"), if exactly one."""
    word = text.strip().lower()
    found = {code for code, names in _NAMED.items() if word and word.startswith(names)}
    return found.pop() if len(found) == 1 else None


def normalize_language(code: str | None) -> str:
    """Map Telegram's ``language_code`` (``"ru"``, ``"az-Latn"``, ``"en-GB"``, ``"tr"``) to
    az/en/ru."""
    if code:
        base = code.strip().lower().replace("_", "-").split("-")[0]
        if base in LANGUAGES:
            return base
        return CLOSEST.get(base, DEFAULT_LANGUAGE)
    return DEFAULT_LANGUAGE


#: Words only an English sentence has: one with a quoted Azerbaijani name is still English.
_ENGLISH_WORDS = frozenset(
    ["the", "is", "are", "was", "what", "when", "where", "how", "who", "why", "which"]
    + ["does", "do", "did", "of", "to", "for", "and", "in", "with"]
)


def written_in(text: str) -> str | None:
    """The language ``text`` is surely written in, if any: "ru" when most letters are
    Cyrillic; "az" when it has the letter ə (only Azerbaijani has it) and no Cyrillic nor
    English function words (a quoted name, "When is Həmrəylik Günü?", is not enough); None
    otherwise (English and Azerbaijani typed without its letters look alike)."""
    letters = [c for c in text if c.isalpha()]
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    if letters and cyrillic > len(letters) / 2:
        return "ru"  # "Что такое Azərbaycan Evi?" is Russian with a name in it
    lowered = text.lower()
    words = re.findall(r"\w+", lowered)
    if "ə" not in lowered or cyrillic or _ENGLISH_WORDS.intersection(words):
        return None  # "When is Həmrəylik Günü?", "Что такое Azərbaycan Evi?": a quoted name
    return "az"


def _locale_dir() -> Traversable:
    return resources.files("bot") / "locale"


def catalog_files(language: str) -> Iterator[Traversable]:
    folder = _locale_dir() / language / "LC_MESSAGES"
    if folder.is_dir():
        yield from sorted((p for p in folder.iterdir() if p.name.endswith(".po")), key=str)


def _compile(po: Traversable, language: str) -> Translations:
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=language, domain=po.name.removesuffix(".po"))
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=catalog.domain)


@cache
def translations(language: str) -> Translations:
    """All domains of one language merged (compiled once per process)."""
    merged = Translations()
    for po in catalog_files(language):
        merged.merge(_compile(po, language))
    return merged


def _format(text: str, kwargs: dict[str, Any]) -> str:
    if not kwargs:
        return text
    safe = {
        k: v if isinstance(v, Html) or not isinstance(v, str) else html.escape(v)
        for k, v in kwargs.items()
    }
    return text.format(**safe)


def gettext(language: str, key: str, /, **kwargs: Any) -> str:
    """The message ``key`` in ``language`` (English if missing there, the key as last resort)."""
    for lang in (language, DEFAULT_LANGUAGE):
        text = translations(lang if lang in LANGUAGES else DEFAULT_LANGUAGE).gettext(key)
        if text != key:
            return _format(text, kwargs)
        log.warning("missing translation of %s in %s", key, lang)
    return key


Translator = Callable[..., str]


def translator(language: str) -> Translator:
    """``_ = translator("az"); _("start.greeting", name="Aysel")``."""

    def _(key: str, /, **kwargs: Any) -> str:
        return gettext(language, key, **kwargs)

    return _


# -- time zones, named for people ("Берлин", not "Europe/Berlin") -----------------------------
#: CLDR's Azerbaijani names without the hyphen Azerbaijani spelling puts in them.
_AZ_SPELLING = {"Nyu York": "Nyu-York", "Los Anceles": "Los-Anceles"}


def _zone_parts(name: str, now: datetime, lang: str) -> tuple[str, str]:
    """The zone's city in ``lang`` (CLDR, through Babel; "" for UTC and Etc/GMT±N, whose
    names read backwards) and its offset at ``now``: ("Москва", "UTC+3")."""
    try:
        offset = now.astimezone(ZoneInfo(name)).strftime("%z")  # e.g. +0400
    except (ZoneInfoNotFoundError, ValueError):
        return name, ""
    sign, hours, minutes = offset[0], int(offset[1:3]), offset[3:5]
    utc = f"UTC{sign}{hours}{'' if minutes == '00' else ':' + minutes}"
    if name in ("UTC", "Etc/UTC") or name.startswith("Etc/"):
        return "", "UTC" if offset == "+0000" else utc
    city = get_timezone_location(name, locale=lang, return_city=True)
    return (_AZ_SPELLING.get(city, city) if lang == "az" else city), utc


def zone_city(name: str, now: datetime, lang: str) -> str:
    """The city a zone is named after, in ``lang`` ("Берлин"); "" for UTC and Etc/ zones."""
    return _zone_parts(name, now, lang)[0]


def zone_name(name: str, now: datetime, lang: str) -> str:
    """A zone in a sentence about a later date ("10:00 (Берлин)"): its city alone, since the
    offset may differ by then (summer time); a fixed offset ("UTC+3") as it is."""
    city, utc = _zone_parts(name, now, lang)
    return city or utc


def zone_label(name: str, now: datetime, lang: str) -> str:
    """A zone button: "Москва (UTC+3)"."""
    city, utc = _zone_parts(name, now, lang)
    return f"{city} ({utc})" if city and utc else city or utc


def zone_text(name: str, now: datetime, lang: str) -> str:
    """A zone in a sentence, also inside brackets: "Москва, UTC+3"."""
    city, utc = _zone_parts(name, now, lang)
    return ", ".join(part for part in (city, utc) if part)
