"""A day of the year named in a text: "1 dekabr", "31 avqust", "dekabrın 31-i", "December 30",
"30th of December", "8 ноября". The months' names come from Babel (az, en, ru; the Russian
in both cases), matched by their first letters, so "dek", "dekabrın", "декабре" are December.
A number must stand right before or after the month: "in May 2020" names no day.

Used to tell "31 avqust nə günüdür?" from a question about 31 December: the knowledge base
matched both to Solidarity Day's card (a user-journey review).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from babel.dates import get_month_names

LANGUAGES = ("az", "en", "ru")


def _stems() -> dict[str, int]:
    """Each month's first three letters in each language ("dek", "dec", "дек"), or four where
    two months share three ("iyun", "iyul")."""
    names: dict[str, int] = {}
    for lang in LANGUAGES:
        for context in ("format", "stand-alone"):
            for month, name in get_month_names("wide", context=context, locale=lang).items():
                names[name.casefold()] = int(month)
    months_of: dict[str, set[int]] = {}
    for name, month in names.items():
        months_of.setdefault(name[:3], set()).add(month)
    return {
        (name[:3] if len(months_of[name[:3]]) == 1 else name[:4]): month
        for name, month in names.items()
    }


_MONTHS = _stems()
_MONTH = "|".join(sorted((re.escape(s) for s in _MONTHS), key=len, reverse=True))
#: "31", "31-i", "31-ci", "31st", "31-го", "31го" before the month ("31 of December")
_DAY = r"(?<![\d.,:/])(\d{1,2})(?:-?(?:st|nd|rd|th|ci|cı|cu|cü|i|ı|u|ü|го|е|ое|ого|м))?"
_DAY_MONTH = re.compile(rf"{_DAY}\s*(?:of\s+)?({_MONTH})\w*", re.IGNORECASE)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH})\w*\s+(\d{{1,2}})(?:-?(?:st|nd|rd|th|ci|cı|cu|cü|i|ı|u|ü|də|da|го|е))?"
    r"(?![\d:.,]\d)",
    re.IGNORECASE,
)


def _valid(month: int, day: int) -> bool:
    try:
        date(2024, month, day)  # a leap year: 29 February is a day of the year
    except ValueError:
        return False
    return True


def dates_named(text: str) -> Iterator[tuple[int, int]]:
    """Every (month, day) the text names, in order."""
    found: list[tuple[int, int, int]] = []  # (position, month, day)
    for match in _DAY_MONTH.finditer(text):
        month = _MONTHS[_stem_of(match.group(2))]
        found.append((match.start(), month, int(match.group(1))))
    for match in _MONTH_DAY.finditer(text):
        month = _MONTHS[_stem_of(match.group(1))]
        found.append((match.start(), month, int(match.group(2))))
    for _position, month, day in sorted(found):
        if _valid(month, day):
            yield month, day


def _stem_of(word: str) -> str:
    word = word.casefold()
    return word[:3] if word[:3] in _MONTHS else word[:4]


def date_named(text: str) -> tuple[int, int] | None:
    """The first (month, day) the text names, or None."""
    return next(dates_named(text), None)


@lru_cache(maxsize=256)
def dates_in(text: str) -> frozenset[tuple[int, int]]:
    """Every (month, day) a text (a topic's answer) mentions."""
    return frozenset(dates_named(text))
