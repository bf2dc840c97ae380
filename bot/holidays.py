"""Holidays are data: ``data/holidays.toml`` is loaded into the ``holidays`` and
``holiday_texts`` tables at start (an idempotent upsert), so an admin adds a date by editing
the file and restarting, without a code change. Format, one table per holiday::

    [[holiday]]
    id = "solidarity_day"      # lowercase letters, digits, _ (used in buttons: rem:sub:<id>)
    month = 12
    day = 31
    faq = "solidarity_day"     # optional: the knowledge-base topic of its card
    [holiday.name]
    az = "…"
    en = "…"
    ru = "…"
    [holiday.greeting]         # sent on the day, at the person's reminder hour
    az = "…"
    en = "…"
    ru = "…"

A broken file is refused as a whole (:class:`HolidayFileError` names the problem) and the
tables keep what they had; a holiday removed from a valid file is removed from the tables.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot import DATA_DIR
from bot.config import MARKISH, TAGISH, ContentError, not_utf8, toml_problem, unknown_keys
from bot.i18n import LANGUAGES
from bot.store import Store
from bot.store.subscriptions import (
    HolidayRow,
    HolidayText,
    Replaced,
    all_holidays,
    replace_holidays,
)

log = logging.getLogger(__name__)

DEFAULT_FILE = DATA_DIR / "holidays.toml"
_ID = re.compile(r"^[a-z0-9_]{1,40}$")
MAX_NAME = 80  # shown in buttons and in alerts (Telegram: 200 characters at most)
MAX_GREETING = 3000  # Telegram allows 4096 characters; leave room for the buttons' footer


class HolidayFileError(Exception):
    """The holidays file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Holiday:
    id: str
    month: int
    day: int
    faq_id: str | None
    names: dict[str, str]
    greetings: dict[str, str]


def _texts(entry: dict[str, Any], field: str, where: str, limit: int) -> dict[str, str]:
    table = entry.get(field)
    if not isinstance(table, dict):
        raise HolidayFileError(f"{where}: [holiday.{field}] with az, en and ru is missing")
    texts: dict[str, str] = {}
    for lang in LANGUAGES:
        value = table.get(lang)
        if not isinstance(value, str) or not value.strip():
            raise HolidayFileError(f"{where}: {field}.{lang} is missing or empty")
        if len(value) > limit:
            raise HolidayFileError(f"{where}: {field}.{lang} is longer than {limit} characters")
        texts[lang] = value.strip()
    return texts


_ENTRY_KEYS = frozenset(["id", "month", "day", "faq", "name", "greeting"])


def parse(text: str) -> list[Holiday]:
    """Validate the TOML text; raise :class:`HolidayFileError` on the first problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise HolidayFileError(toml_problem(text, exc)) from exc
    entries = data.get("holiday")
    if not isinstance(entries, list) or not entries:
        raise HolidayFileError("no [[holiday]] entries")
    # a misspelt key's value would be dropped without a word (an operator review: "fag =")
    if (hints := unknown_keys(data, {"holiday"})) is not None:
        raise HolidayFileError(f"unknown key(s) {hints} outside [[holiday]]")
    holidays: list[Holiday] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise HolidayFileError(f"holiday #{number} is not a table")
        hid = entry.get("id")
        where = f"holiday #{number}" + (f" ({hid})" if isinstance(hid, str) else "")
        if (hints := unknown_keys(entry, _ENTRY_KEYS)) is not None:
            keys = ", ".join(sorted(_ENTRY_KEYS))
            raise HolidayFileError(f"{where}: unknown key(s) {hints}; a holiday has {keys}")
        for field in ("name", "greeting"):
            table = entry.get(field)
            if isinstance(table, dict) and (hints := unknown_keys(table, set(LANGUAGES))):
                raise HolidayFileError(
                    f"{where}: unknown key(s) {hints} in [holiday.{field}]; it has az, en, ru"
                )
        if not isinstance(hid, str) or not _ID.match(hid):
            raise HolidayFileError(f"{where}: id must be lowercase letters, digits and _")
        if hid in seen:
            raise HolidayFileError(f"{where}: id {hid!r} appears twice")
        seen.add(hid)
        month, day = entry.get("month"), entry.get("day")
        if not isinstance(month, int) or not isinstance(day, int) or isinstance(month, bool):
            raise HolidayFileError(f"{where}: month and day must be whole numbers")
        try:
            date(2024, month, day)  # a leap year, so 29 February is allowed
        except ValueError:
            raise HolidayFileError(f"{where}: month {month}, day {day} is not a date") from None
        faq = entry.get("faq")
        if faq is not None and not isinstance(faq, str):
            raise HolidayFileError(f"{where}: faq must be text")
        holidays.append(
            Holiday(
                id=hid,
                month=month,
                day=day,
                faq_id=faq or None,
                names=_texts(entry, "name", where, MAX_NAME),
                greetings=_texts(entry, "greeting", where, MAX_GREETING),
            )
        )
    return holidays


def shown_as_typed(found: list[Holiday]) -> list[str]:
    """A line for each tag (``<b>``) or ``{mark}`` in a holiday's name or greeting: they are
    plain text, sent as typed (a content editor's review: the FAQ check noted these, the
    holidays check did not)."""
    return [
        f"{holiday.id} [{lang}]: {mark} is sent as it is: names and greetings are plain text"
        for holiday in found
        for field in (holiday.names, holiday.greetings)
        for lang, text in field.items()
        for mark in dict.fromkeys(MARKISH.findall(text) + TAGISH.findall(text))
    ]


def read(path: Path) -> list[Holiday]:
    """Read and validate a holidays file (a few kilobytes: reading it blocks for microseconds)."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM (Windows Notepad) is fine
    except UnicodeDecodeError as exc:
        raise HolidayFileError(f"{path} {not_utf8(exc)}") from exc
    except OSError as exc:
        raise HolidayFileError(f"cannot read {path}: {exc}") from exc
    return parse(text)


async def load(store: Store, path: Path, *, remove_subscribed: bool = False) -> Replaced:
    """Read ``path`` into the tables (all or nothing). A holiday no longer in the file is
    removed, unless people subscribed to it and not ``remove_subscribed``: then it is kept
    with their subscriptions but suspended (not sent, not offered) until it is back in the
    file, and a warning names it (most likely its id was mistyped or changed)."""
    holidays = read(path)
    rows = [HolidayRow(h.id, h.month, h.day, h.faq_id) for h in holidays]
    texts = [
        HolidayText(h.id, lang, h.names[lang], h.greetings[lang])
        for h in holidays
        for lang in LANGUAGES
    ]
    done = await replace_holidays(store, rows, texts, remove_subscribed=remove_subscribed)
    for hid, subscribers in done.added.items():
        log.info(
            "holiday %s is new: %d people subscribed to every holiday get its reminders too",
            hid,
            subscribers,
        )
    for hid in done.removed:
        log.info("holiday %s is no longer in %s: removed", hid, path.name)
    for hid, subscribers in done.kept.items():
        log.warning(
            "holiday %s is no longer in %s but has %d subscribers: kept, suspended (not sent,"
            " not offered). Put it back, or remove it with: diaspora-bot import holidays FILE"
            " --remove",
            hid,
            path.name,
            subscribers,
        )
    log.info("loaded %d holidays from %s", len(done.written), path.name)
    return done


async def load_at_start(store: Store, path: Path = DEFAULT_FILE) -> None:
    """Start-up: a missing or broken file is logged and the bot runs with what it had."""
    if not _exists(path):
        log.warning("no holidays file at %s: reminders use the holidays already stored", path)
        return
    try:
        await load(store, path)
    except HolidayFileError as exc:
        if not await all_holidays(store):  # nothing to keep: no reminders, a broken /subscribe
            raise ContentError(
                f"{path} cannot be loaded and no holidays are stored: {exc}"
            ) from exc
        log.error("holidays file not loaded, keeping the stored holidays: %s", exc)


def _exists(path: Path) -> bool:
    return path.is_file()
