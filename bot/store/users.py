"""The ``users`` table: who talks to the bot, in which language and time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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


async def touch(store: Store, user_id: int, language: str, now: datetime) -> User:
    """Record that the person was seen; create them with ``language`` the first time.

    A person who wrote to the bot is reachable again, so ``active`` is set back to 1.
    """
    stamp = iso(now)
    async with store.transaction() as conn:
        async with conn.execute(
            "INSERT INTO users (id, language, created_at, last_seen) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (id) DO NOTHING",
            (user_id, language, stamp, stamp),
        ) as cursor:
            created = cursor.rowcount == 1
        async with conn.execute(
            "UPDATE users SET last_seen = ?, active = 1 WHERE id = ? RETURNING *",
            (stamp, user_id),
        ) as cursor:
            row = await cursor.fetchone()
    if row is None:  # pragma: no cover - the row was inserted or existed in this transaction
        raise RuntimeError(f"user {user_id} vanished inside a transaction")
    return _user(row, is_new=created)


async def get(store: Store, user_id: int) -> User | None:
    row = await store.fetchone("SELECT * FROM users WHERE id = ?", (user_id,))
    return _user(row) if row else None


async def set_language(store: Store, user_id: int, language: str) -> None:
    await store.execute("UPDATE users SET language = ? WHERE id = ?", (language, user_id))


async def set_timezone(store: Store, user_id: int, timezone: str, *, manual: bool) -> None:
    """Store the person's zone. An automatic guess never overrides a zone chosen by hand."""
    if manual:
        await store.execute(
            "UPDATE users SET timezone = ?, timezone_manual = 1 WHERE id = ?", (timezone, user_id)
        )
    else:
        await store.execute(
            "UPDATE users SET timezone = ? WHERE id = ? AND timezone_manual = 0",
            (timezone, user_id),
        )


async def set_active(store: Store, user_id: int, active: bool) -> None:
    await store.execute("UPDATE users SET active = ? WHERE id = ?", (int(active), user_id))
