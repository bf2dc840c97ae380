"""The ``users`` table: who talks to the bot, in which language and time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from bot.clock import iso
from bot.store import Store


@dataclass(frozen=True)
class User:
    id: int
    language: str
    timezone: str | None
    timezone_manual: bool
    active: bool
    created_at: str
    last_seen: str
    announcements: bool = False
    reminder_hour: int = 10
    country: str | None = None
    asked_subscribe: bool = False
    #: asked for every holiday and turned none off: a new one is theirs too (migration 0015)
    every_holiday: bool = False
    is_new: bool = False


def _user(row: aiosqlite.Row, *, is_new: bool = False) -> User:
    return User(
        id=row["id"],
        language=row["language"],
        timezone=row["timezone"],
        timezone_manual=bool(row["timezone_manual"]),
        active=bool(row["active"]),
        created_at=row["created_at"],
        last_seen=row["last_seen"],
        announcements=bool(row["announcements"]),
        reminder_hour=row["reminder_hour"],
        country=row["country"],
        asked_subscribe=bool(row["asked_subscribe"]),
        every_holiday=bool(row["every_holiday"]),
        is_new=is_new,
    )


def transient(user_id: int, language: str) -> User:
    """A profile for someone the bot does not store (a stranger in a group, an inline query)."""
    return User(
        id=user_id,
        language=language,
        timezone=None,
        timezone_manual=False,
        active=True,
        created_at="",
        last_seen="",
    )


#: ``last_seen`` is refreshed at most this often, so most updates cost one read, no write.
LAST_SEEN_RESOLUTION = timedelta(hours=1)


async def seen(store: Store, user_id: int, language: str, now: datetime) -> User:
    """The person's profile for this update; created on first contact, and ``last_seen``
    (and ``active``) refreshed when older than :data:`LAST_SEEN_RESOLUTION`.

    The common case costs one read and no write."""
    user = await get(store, user_id)
    if user is not None and user.active and user.last_seen >= iso(now - LAST_SEEN_RESOLUTION):
        return user
    return await _upsert(store, user_id, language, now, is_new=user is None)


async def touch(store: Store, user_id: int, language: str, now: datetime) -> User:
    """Record that the person was seen; create them with ``language`` the first time.

    A person who wrote to the bot is reachable again, so ``active`` is set back to 1.
    """
    existing = await get(store, user_id)
    return await _upsert(store, user_id, language, now, is_new=existing is None)


async def _upsert(
    store: Store, user_id: int, language: str, now: datetime, *, is_new: bool
) -> User:
    stamp = iso(now)
    rows = await store.write_returning(
        "INSERT INTO users (id, language, created_at, last_seen) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, active = 1"
        " RETURNING *",
        (user_id, language, stamp, stamp),
    )
    return _user(rows[0], is_new=is_new)


async def get(store: Store, user_id: int) -> User | None:
    row = await store.lookup_one("SELECT * FROM users WHERE id = ?", (user_id,))
    return _user(row) if row else None


async def set_language(store: Store, user_id: int, language: str) -> None:
    await store.write("UPDATE users SET language = ? WHERE id = ?", (language, user_id))


async def set_timezone(
    store: Store, user_id: int, timezone: str, country: str | None = None
) -> None:
    """The zone the person chose by hand; a shared location (:func:`locate`) never overrides it.
    ``country``: the country of the city (or the country) they typed for it."""
    await store.write(
        "UPDATE users SET timezone = ?, timezone_manual = 1, country = coalesce(?, country)"
        " WHERE id = ?",
        (timezone, country, user_id),
    )


async def locate(store: Store, user_id: int, timezone: str, country: str) -> None:
    """A shared location's zone and country, in one statement; both kept when the zone was
    chosen by hand with a country (a Russian review: a Berlin user sharing a location in
    Tbilisi while travelling became Georgia's for announcements by country)."""
    await store.write(
        "UPDATE users SET"
        " timezone = CASE WHEN timezone_manual = 1 THEN timezone ELSE ? END,"
        " country = CASE WHEN timezone_manual = 1 AND coalesce(country, '') != ''"
        " THEN country ELSE ? END"
        " WHERE id = ?",
        (timezone, country, user_id),
    )


async def set_active(store: Store, user_id: int, active: bool) -> None:
    await store.write("UPDATE users SET active = ? WHERE id = ?", (int(active), user_id))
