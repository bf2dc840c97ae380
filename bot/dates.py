"""A day of the year named in a text: "1 dekabr", "31 avqust", "dekabrın 31-i", "December 30",
"30th of December", "8 ноября". The months' names come from Babel (az, en, ru), as whole
words in the forms people write: Azerbaijani with its case endings ("dekabrda", "noyabrın"),
Russian in its cases ("декабря", "декабре"), English in full or abbreviated ("Dec", "Sept").
"sen" (you), "maybe", "marathons", "decades" are no months. A number must stand right before
or after the month: "in May 2020" names no day.

Used to tell "31 avqust nə günüdür?" from a question about 31 December: the knowledge base
matched both to Solidarity Day's card (a user-journey review).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from typing import Any

from babel.dates import get_month_names

from bot.faq import normalize

LANGUAGES = ("az", "en", "ru")
#: Azerbaijani case endings a month takes ("dekabrda", "noyabrın", "maya"), also as typed
#: without its letters ("dekabrin").
_AZ_ENDINGS: tuple[str, ...] = (
    "",
    "da",
    "də",
    "de",
    "dan",
    "dən",
    "den",
    "a",
    "ə",
    "e",
    "ya",
    "yə",
    "ye",
)
_AZ_ENDINGS += ("ın", "in", "un", "ün", "nın", "nin", "ı", "i", "u", "ü")
#: Turkish case endings ("aralıkta", "kasımda", "kasıma"): after a vowel-initial one, a
#: final k is ğ ("aralığı").
_TR_VOWEL_ENDINGS: tuple[str, ...] = ("a", "e", "ı", "i", "u", "ü", "ın", "in", "un", "ün")
_TR_ENDINGS: tuple[str, ...] = ("", "da", "de", "ta", "te", "dan", "den", "tan", "ten")
_TR_ENDINGS += _TR_VOWEL_ENDINGS
#: English abbreviations ("Dec", "Sept.")
_EN_SHORT = {"sept": 9} | {
    name.casefold(): month for month, name in get_month_names("abbreviated", locale="en").items()
}


def _forms() -> dict[str, int]:
    """Every written form of every month, casefolded, and its number."""
    forms: dict[str, int] = dict(_EN_SHORT)
    for month, name in get_month_names("wide", locale="en").items():
        forms[name.casefold()] = month
    for month, name in get_month_names("wide", locale="az").items():
        forms.update({name.casefold() + e: month for e in _AZ_ENDINGS})
    for month, name in get_month_names("wide", context="format", locale="ru").items():
        stem = name.casefold()[:-1]  # "декабря": декабр, "мая": ма
        forms.update({name.casefold(): month, stem + "е": month, stem + "ем": month})
        forms[stem + "ём"] = month
    for month, name in get_month_names("wide", context="stand-alone", locale="ru").items():
        forms[name.casefold()] = month  # "декабрь", "май"
    # Turkish, which many Azerbaijanis in Türkiye type ("31 aralıkta hatırlat" subscribed to
    # every holiday and the announcements: a mixed-language review); a final k softens to ğ
    # before a vowel ("aralığın")
    for month, name in get_month_names("wide", locale="tr").items():
        word = name.casefold()
        forms.update({word + e: month for e in _TR_ENDINGS})
        if word.endswith("k"):
            forms.update({word[:-1] + "ğ" + e: month for e in _TR_VOWEL_ENDINGS})
    return forms


def _fold(word: str) -> str:
    """A month's word as looked up: casefolded, and "ı", "İ" as the "i" the regular
    expressions take them for ("ıyun", "aprıl" typed on a Turkish keyboard; a crash)."""
    return word.casefold().replace("i\u0307", "i").replace("ı", "i")


def _trie(words: Iterable[str]) -> str:
    """One regular expression for ``words`` as a trie ("dek(?:abr(?:da|də)?)"): it matches
    what the plain alternation of them, longest first, matches, with the same preference (the
    longest that fits), but fails at a position after a letter or two instead of trying all
    530 forms there. The plain alternation cost ~5 µs a position: a 4,096-character message
    held the event loop for 90–240 ms (an adversarial review)."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def branch(node: dict[str, Any]) -> str:
        ends = "" in node
        options = [re.escape(char) + branch(child) for char, child in node.items() if char]
        if not options:
            return ""
        body = options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
        # greedy: a longer form first, then the word that ends here
        return f"(?:{body})?" if ends else body

    return branch(tree)


_MONTHS = {_fold(form): month for form, month in _forms().items()}
_NORMALISED = frozenset(normalize(form) for form in _MONTHS)
_MONTH = _trie(_MONTHS)
#: "31", "31-i", "31-ci", "31st", "31-го", "31го" before the month ("31 of December")
_DAY = r"(?<![\d.,:/$€£₼])(\d{1,2})(?:-?(?:st|nd|rd|th|ci|cı|cu|cü|i|ı|u|ü|го|е|ое|ого|м))?"
_DAY_MONTH = re.compile(rf"{_DAY}\s*(?:of\s+)?({_MONTH})(?!\w)", re.IGNORECASE)
_MONTH_DAY = re.compile(
    rf"(?<!\w)({_MONTH})\s+(\d{{1,2}})(?:-?(?:st|nd|rd|th|ci|cı|cu|cü|i|ı|u|ü|də|da|го|е))?"
    r"(?![\d:.,]\d)",
    re.IGNORECASE,
)
#: A year after a day taken out of a question ("5 dekabr 2025", "5 декабря 2025 года"): the
#: year alone would still pick the 2025 events' card.
_YEAR_AFTER = re.compile(
    r"\x00\s*,?\s*\d{4}(?:\s*-?\s*(?:ci|cı|cu|cü)\s+il\w*|\s*(?:года?|г\.))?",
    re.IGNORECASE,
)
#: English words that are months only as a name: "I may 2 times…", "mar 5" (lower case)
#: before a number are no dates; "May 5" is.
_ALSO_WORDS = frozenset({"may", "mar"})


def _valid(month: int, day: int) -> bool:
    try:
        date(2024, month, day)  # a leap year: 29 February is a day of the year
    except ValueError:
        return False
    return True


def numeric_date(text: str) -> tuple[int, int] | None:
    """(month, day) of a text that is a date in digits alone, day first: "9.11", "31.12.2026",
    "9/11" ("/subscribe 9.11"); None for anything else, or a day no year has."""
    found = re.fullmatch(r"\s*(\d{1,2})[./](\d{1,2})(?:[./]\d{2,4})?\s*", text)
    if found is None:
        return None
    day, month = int(found[1]), int(found[2])
    return (month, day) if _valid(month, day) else None


def dates_named(text: str) -> Iterator[tuple[int, int]]:
    """Every (month, day) the text names, in order."""
    text = text.replace("İ", "I")  # casefolded, "İyun" is "i̇yun": two letters for one
    found: list[tuple[int, int, int]] = []  # (position, month, day)
    for match in _DAY_MONTH.finditer(text):
        found.append((match.start(), _MONTHS[_fold(match.group(2))], int(match.group(1))))
    for match in _MONTH_DAY.finditer(text):
        word = match.group(1)
        if word in _ALSO_WORDS:  # lower case "may 2": a verb
            continue
        found.append((match.start(), _MONTHS[_fold(word)], int(match.group(2))))
    for _position, month, day in sorted(found):
        if _valid(month, day):
            yield month, day


def without_dates(text: str) -> str:
    """``text`` with the days it names left out: "Is Solidarity Day on 30 December?" → "Is
    Solidarity Day on ?" (what the question asks besides the day)."""
    text = _MONTH_DAY.sub("\x00", _DAY_MONTH.sub("\x00", text.replace("İ", "I")))
    return _YEAR_AFTER.sub(" ", text).replace("\x00", " ")


def is_month(word: str) -> bool:
    """Whether a normalised word (see :func:`bot.faq.normalize`) is a month's name."""
    return word in _NORMALISED


def date_named(text: str) -> tuple[int, int] | None:
    """The first (month, day) the text names, or None."""
    return next(dates_named(text), None)


@lru_cache(maxsize=256)
def dates_in(text: str) -> frozenset[tuple[int, int]]:
    """Every (month, day) a text (a topic's answer) mentions."""
    return frozenset(dates_named(text))
