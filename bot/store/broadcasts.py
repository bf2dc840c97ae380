"""The ``broadcasts`` and ``broadcast_recipients`` tables: drafts, frozen lists, reports."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import aiosqlite

from bot.clock import iso
from bot.store import JOURNAL_SIZE_LIMIT, Store, groups

#: Recipient states (see migration 0006).
PENDING = "pending"
SENDING = "sending"
DELIVERED = "delivered"
BLOCKED = "blocked"
FAILED = "failed"
UNCONFIRMED = "unconfirmed"

TARGETS = ("all", "language", "country", "holiday")


@dataclass(frozen=True)
class Broadcast:
    id: int
    admin_id: int | None
    kind: str  # 'text' (send_message) or 'copy' (copyMessage of the admin's message)
    text: str | None
    from_chat_id: int | None
    source_message_id: int | None
    target: str
    target_value: str | None
    state: str  # draft, running, done, cancelled
    control_message_id: int | None
    created_at: str
    started_at: str | None
    finished_at: str | None
    total: int
    delivered: int
    blocked: int
    failed: int
    unconfirmed: int
    not_sent: int
    album: str | None = None  # kind 'copy' of an album: its message ids, JSON (migration 0008)
    resumed: int = 0  # 1: interrupted and resumed, the duration includes the pause (0014)

    @property
    def album_ids(self) -> list[int]:
        """The album's message ids in the admin's chat, in order (empty if not an album)."""
        return [int(i) for i in json.loads(self.album)] if self.album else []


def _broadcast(row: aiosqlite.Row) -> Broadcast:
    return Broadcast(**{name: row[name] for name in Broadcast.__dataclass_fields__})


async def create_draft(
    store: Store,
    admin_id: int,
    now: datetime,
    *,
    text: str | None = None,
    from_chat_id: int | None = None,
    source_message_id: int | None = None,
    album: list[int] | None = None,
) -> int:
    """A draft: ``text``, or the admin's message to copy (``album``: several, in order)."""
    kind = "text" if text is not None else "copy"
    if album:
        source_message_id = album[0]
    async with (
        store.transaction() as conn,
        conn.execute(
            "INSERT INTO broadcasts (admin_id, kind, text, from_chat_id, source_message_id,"
            " album, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                admin_id,
                kind,
                text,
                from_chat_id,
                source_message_id,
                json.dumps(album) if album else None,
                iso(now),
            ),
        ) as cursor,
    ):
        row = await cursor.fetchone()
    if row is None:  # pragma: no cover - INSERT … RETURNING always returns the row
        raise RuntimeError("the draft was not stored")
    return int(row[0])


async def get(store: Store, broadcast_id: int) -> Broadcast | None:
    row = await store.fetchone("SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))
    return _broadcast(row) if row else None


async def has_admin(store: Store, broadcast_id: int) -> bool:
    """False once the admin who sent it used /forget (``admin_id`` set NULL)."""
    row = await store.lookup_one("SELECT admin_id FROM broadcasts WHERE id = ?", (broadcast_id,))
    return row is not None and row["admin_id"] is not None


async def recent(store: Store, limit: int = 10) -> list[Broadcast]:
    rows = await store.fetchall(
        "SELECT * FROM broadcasts WHERE state != 'draft' ORDER BY id DESC LIMIT ?",
        (limit,),
    )
    return [_broadcast(r) for r in rows]


async def running_ids(store: Store) -> list[int]:
    rows = await store.fetchall("SELECT id FROM broadcasts WHERE state = 'running' ORDER BY id")
    return [int(r[0]) for r in rows]


async def forget_old_recipients(store: Store, finished_before: datetime) -> int:
    """Who got which finished broadcast is not kept for long; the report's counts stay."""
    return await store.execute(
        "DELETE FROM broadcast_recipients WHERE broadcast_id IN"
        " (SELECT id FROM broadcasts WHERE finished_at IS NOT NULL AND finished_at < ?)",
        (iso(finished_before),),
    )


async def mark_resumed(store: Store, broadcast_id: int) -> None:
    """Its sending was interrupted and goes on now (or ends, if it was cancelled meanwhile):
    the time from Send to the end includes a pause."""
    await store.execute(
        "UPDATE broadcasts SET resumed = 1 WHERE id = ? AND finished_at IS NULL", (broadcast_id,)
    )


async def cancelled_without_report(store: Store) -> list[int]:
    """Cancelled while the bot was going down, before the report was written."""
    rows = await store.fetchall(
        "SELECT id FROM broadcasts WHERE state = 'cancelled' AND finished_at IS NULL ORDER BY id"
    )
    return [int(r[0]) for r in rows]


async def set_target(
    store: Store, broadcast_id: int, admin_id: int, target: str, value: str | None
) -> bool:
    """Change a draft's audience; False if it is no longer this admin's draft."""
    changed = await store.execute(
        "UPDATE broadcasts SET target = ?, target_value = ?"
        " WHERE id = ? AND admin_id = ? AND state = 'draft'",
        (target, value, broadcast_id, admin_id),
    )
    return changed == 1


async def made_from(store: Store, admin_id: int, chat_id: int, message_id: int) -> Broadcast | None:
    """The admin's latest announcement made from their message ``message_id`` in ``chat_id``
    (its text, or the message copied), whatever its state; None if there is none."""
    row = await store.fetchone(
        "SELECT * FROM broadcasts WHERE admin_id = ? AND from_chat_id = ? AND source_message_id = ?"
        " ORDER BY id DESC LIMIT 1",
        (admin_id, chat_id, message_id),
    )
    return _broadcast(row) if row else None


async def set_text(
    store: Store, broadcast_id: int, admin_id: int, text: str, source_message_id: int | None = None
) -> bool:
    """A text draft's new text (the admin edited their message, or sent the text again:
    ``source_message_id``, the message it now comes from); False if it is no longer this
    admin's text draft (sent meanwhile, discarded)."""
    changed = await store.execute(
        "UPDATE broadcasts SET text = ?, source_message_id = coalesce(?, source_message_id)"
        " WHERE id = ? AND admin_id = ? AND state = 'draft' AND kind = 'text'",
        (text, source_message_id, broadcast_id, admin_id),
    )
    return changed == 1


async def latest_text_draft(store: Store, admin_id: int) -> Broadcast | None:
    """The admin's newest text draft not sent, if any."""
    row = await store.fetchone(
        "SELECT * FROM broadcasts WHERE admin_id = ? AND state = 'draft' AND kind = 'text'"
        " ORDER BY id DESC LIMIT 1",
        (admin_id,),
    )
    return _broadcast(row) if row else None


async def set_control_message(store: Store, broadcast_id: int, message_id: int) -> None:
    await store.execute(
        "UPDATE broadcasts SET control_message_id = ? WHERE id = ?", (message_id, broadcast_id)
    )


async def discard(store: Store, broadcast_id: int, admin_id: int) -> bool:
    """Delete a draft that was cancelled (nothing of it is kept)."""
    changed = await store.execute(
        "DELETE FROM broadcasts WHERE id = ? AND admin_id = ? AND state = 'draft'",
        (broadcast_id, admin_id),
    )
    return changed == 1


async def has_drafts(store: Store, admin_id: int) -> bool:
    """Whether the admin has a previewed announcement not sent nor cancelled."""
    row = await store.fetchone(
        "SELECT 1 FROM broadcasts WHERE admin_id = ? AND state = 'draft' LIMIT 1", (admin_id,)
    )
    return row is not None


async def set_waiting(store: Store, admin_id: int, now: datetime) -> None:
    """/broadcast waits for the admin's announcement from ``now`` (see migration 0017)."""
    await store.write(
        "INSERT INTO broadcast_waits (admin_id, since) SELECT id, ? FROM users WHERE id = ?"
        " ON CONFLICT (admin_id) DO UPDATE SET since = excluded.since",
        (iso(now), admin_id),
    )


async def end_waiting(store: Store, admin_id: int) -> None:
    """The admin's /broadcast no longer waits (the announcement came, /cancel, a time-out)."""
    await store.write("DELETE FROM broadcast_waits WHERE admin_id = ?", (admin_id,))


async def waits_cut_short(store: Store, started: datetime, longest: timedelta) -> list[int]:
    """The admins whose /broadcast was waiting when this process ``started`` (and would have
    waited on, for ``longest`` at most): the restart ended it. Every wait from before the
    start is deleted."""
    rows = await store.write_returning(
        "DELETE FROM broadcast_waits WHERE since < ? RETURNING admin_id, since", (iso(started),)
    )
    return sorted(r["admin_id"] for r in rows if r["since"] >= iso(started - longest))


async def other_drafts(store: Store, admin_id: int, broadcast_id: int) -> list[int]:
    """The ids of the admin's drafts other than ``broadcast_id``, oldest first."""
    rows = await store.fetchall(
        "SELECT id FROM broadcasts WHERE admin_id = ? AND state = 'draft' AND id != ? ORDER BY id",
        (admin_id, broadcast_id),
    )
    return [r["id"] for r in rows]


async def discard_drafts(store: Store, admin_id: int) -> list[int | None]:
    """Delete the admin's drafts not sent (/cancel after the preview: its Send button must not
    send it later); the ids of their previews' control messages (None: none was shown)."""
    rows = await store.write_returning(
        "DELETE FROM broadcasts WHERE admin_id = ? AND state = 'draft'"
        " RETURNING control_message_id",
        (admin_id,),
    )
    return [r["control_message_id"] for r in rows]


async def delete_old_drafts(store: Store, before: datetime) -> int:
    """Drafts nobody confirmed or cancelled (the conversation timed out, the bot restarted)."""
    return await store.execute(
        "DELETE FROM broadcasts WHERE state = 'draft' AND created_at < ?", (iso(before),)
    )


# -- the audience ------------------------------------------------------------------------------
# One literal statement per target (no SQL built from strings). Recipients are active people
# who turned announcements on, narrowed by language, country or one holiday's subscribers.
_AUDIENCE = {
    "all": "SELECT id FROM users WHERE active = 1 AND announcements = 1 AND ? IS NULL",
    "language": "SELECT id FROM users WHERE active = 1 AND announcements = 1 AND language = ?",
    "country": "SELECT id FROM users WHERE active = 1 AND announcements = 1 AND country = ?",
    "holiday": "SELECT id FROM users WHERE active = 1 AND announcements = 1 AND id IN"
    " (SELECT user_id FROM holiday_subscriptions WHERE holiday_id = ?)",
}
_COUNT_AUDIENCE = {
    "all": "SELECT count(*) FROM users WHERE active = 1 AND announcements = 1 AND ? IS NULL",
    "language": "SELECT count(*) FROM users WHERE active = 1 AND announcements = 1"
    " AND language = ?",
    "country": "SELECT count(*) FROM users WHERE active = 1 AND announcements = 1 AND country = ?",
    "holiday": "SELECT count(*) FROM users WHERE active = 1 AND announcements = 1 AND id IN"
    " (SELECT user_id FROM holiday_subscriptions WHERE holiday_id = ?)",
}
_FREEZE = {
    "all": "INSERT INTO broadcast_recipients (broadcast_id, user_id) SELECT ?, id FROM users"
    " WHERE active = 1 AND announcements = 1 AND ? IS NULL",
    "language": "INSERT INTO broadcast_recipients (broadcast_id, user_id) SELECT ?, id FROM users"
    " WHERE active = 1 AND announcements = 1 AND language = ?",
    "country": "INSERT INTO broadcast_recipients (broadcast_id, user_id) SELECT ?, id FROM users"
    " WHERE active = 1 AND announcements = 1 AND country = ?",
    "holiday": "INSERT INTO broadcast_recipients (broadcast_id, user_id) SELECT ?, id FROM users"
    " WHERE active = 1 AND announcements = 1 AND id IN"
    " (SELECT user_id FROM holiday_subscriptions WHERE holiday_id = ?)",
}


def _value(target: str, value: str | None) -> str | None:
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}")
    return None if target == "all" else value


async def count_audience(store: Store, target: str, value: str | None) -> int:
    row = await store.fetchone(_COUNT_AUDIENCE[target], (_value(target, value),))
    return int(row[0]) if row else 0


async def audience_ids(store: Store, target: str, value: str | None) -> list[int]:
    rows = await store.fetchall(_AUDIENCE[target], (_value(target, value),))
    return [int(r[0]) for r in rows]


async def languages_in_audience(store: Store) -> list[tuple[str, int]]:
    rows = await store.fetchall(
        "SELECT language, count(*) FROM users WHERE active = 1 AND announcements = 1"
        " GROUP BY language ORDER BY count(*) DESC, language"
    )
    return [(str(r[0]), int(r[1])) for r in rows]


async def countries_in_audience(store: Store, limit: int) -> list[tuple[str, int]]:
    rows = await store.fetchall(
        "SELECT country, count(*) FROM users WHERE active = 1 AND announcements = 1"
        " AND country IS NOT NULL GROUP BY country ORDER BY count(*) DESC, country LIMIT ?",
        (limit,),
    )
    return [(str(r[0]), int(r[1])) for r in rows]


async def holidays_in_audience(store: Store, language: str) -> list[tuple[str, str, int]]:
    """(holiday id, its name in ``language`` or the id, subscribers who get announcements)."""
    rows = await store.fetchall(
        "SELECT h.id, coalesce(t.name, h.id),"
        " (SELECT count(*) FROM holiday_subscriptions s JOIN users u ON u.id = s.user_id"
        "  WHERE s.holiday_id = h.id AND u.active = 1 AND u.announcements = 1)"
        " FROM holidays h LEFT JOIN holiday_texts t ON t.holiday_id = h.id AND t.language = ?"
        " WHERE h.in_file = 1 ORDER BY h.month, h.day, h.id",
        (language,),
    )
    return [(str(r[0]), str(r[1]), int(r[2])) for r in rows]


async def freeze_recipients(
    store: Store, broadcast_id: int, admin_id: int, now: datetime
) -> int | None:
    """Start a draft: write one row per recipient and mark it running, in one transaction.

    Returns the number of recipients, or None when it is not this admin's draft any more
    (a second press of Confirm, a discarded draft).
    """
    async with store.transaction() as conn:
        async with conn.execute(
            "UPDATE broadcasts SET state = 'running', started_at = ?"
            " WHERE id = ? AND admin_id = ? AND state = 'draft' RETURNING target, target_value",
            (iso(now), broadcast_id, admin_id),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        target, value = str(row[0]), row[1]
        async with conn.execute(_FREEZE[target], (broadcast_id, _value(target, value))) as cursor:
            total = cursor.rowcount
        if target == "all":  # groups get announcements to everyone, never narrower ones
            total += await groups.freeze_enabled(conn, broadcast_id)
        await conn.execute("UPDATE broadcasts SET total = ? WHERE id = ?", (total, broadcast_id))
    return total


# -- sending -----------------------------------------------------------------------------------
def open_feed(path: Path) -> sqlite3.Connection:
    """A plain, blocking connection for one broadcast run's claims (``bot.broadcast._Feed``).

    Its transactions are short (one batch of recipients) and run on the event loop's thread:
    a trip to aiosqlite's thread costs more than the statement, because that thread must win
    the GIL from a busy event loop. It never waits for a lock (``busy_timeout`` 0): the
    caller retries after an ``await`` instead of blocking the loop.
    """
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 0")
    conn.execute("PRAGMA synchronous = NORMAL")  # as the Store: WAL survives a killed process
    # checkpoints (file I/O, fsync) are left to the Store's connection, on aiosqlite's thread
    # (the run reports each commit: Store.note_commit)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
    return conn


def advance(
    feed: sqlite3.Connection,
    broadcast_id: int,
    *,
    claim: int,
    outcomes: Sequence[tuple[int, str]] = (),
    release: Sequence[int] = (),
) -> list[tuple[int, str]]:
    """One transaction that moves a run's recipients along; raises at once if another writer
    holds the lock (see :func:`bot.store.is_busy`), having changed nothing.

    - ``outcomes``: (user id, ``delivered`` | ``blocked`` | ``failed`` | ``unconfirmed``) of
      ``sending`` rows;
    - ``release``: ``sending`` rows that were claimed but never sent go back to ``pending``;
    - ``claim``: up to this many ``pending`` rows, in user id order, become ``sending`` — or
      ``blocked`` when the person has blocked the bot since Confirm (people who used
      ``/forget`` have no row any more) or an admin turned the group off. A group with no
      setting at all became a supergroup since Confirm: it is claimed, and the refused
      send to its old id leads to the supergroup.

    Returns the claimed (user id, new state), in user id order; fewer than ``claim`` means
    none is left pending.
    """
    by_state: dict[str, list[int]] = {DELIVERED: [], BLOCKED: [], FAILED: [], UNCONFIRMED: []}
    for user_id, state in outcomes:
        by_state[state].append(user_id)
    feed.execute("BEGIN IMMEDIATE")
    try:
        if outcomes or release:
            # '+state': look the rows up by primary key, not through the index being changed.
            # 'unconfirmed': another process starting meanwhile (a deploy) took our rows in
            # flight for a crash's leftovers; what we know of them replaces that.
            feed.execute(
                "UPDATE broadcast_recipients SET state = CASE"
                " WHEN user_id IN (SELECT value FROM json_each(?2)) THEN 'delivered'"
                " WHEN user_id IN (SELECT value FROM json_each(?3)) THEN 'blocked'"
                " WHEN user_id IN (SELECT value FROM json_each(?4)) THEN 'failed'"
                " WHEN user_id IN (SELECT value FROM json_each(?6)) THEN 'unconfirmed'"
                " ELSE 'pending' END"
                " WHERE broadcast_id = ?1 AND +state IN ('sending', 'unconfirmed')"
                " AND user_id IN (SELECT value FROM json_each(?5))",
                (
                    broadcast_id,
                    json.dumps(by_state[DELIVERED]),
                    json.dumps(by_state[BLOCKED]),
                    json.dumps(by_state[FAILED]),
                    json.dumps([*(u for u, _ in outcomes), *release]),
                    json.dumps(by_state[UNCONFIRMED]),
                ),
            )
        if release:
            # a deploy's new process may have finished the broadcast while this one held
            # these rows (it counted them unconfirmed): open it again, so that the next check
            # for broadcasts to resume sends them and reports again (a review: never sent)
            feed.execute(
                "UPDATE broadcasts SET state = 'running', finished_at = NULL"
                " WHERE id = ?1 AND state = 'done' AND EXISTS (SELECT 1 FROM"
                " broadcast_recipients WHERE broadcast_id = ?1 AND state = 'pending')",
                (broadcast_id,),
            )
        claimed: list[tuple[int, str]] = []
        if claim > 0:
            claimed = feed.execute(
                "UPDATE broadcast_recipients SET state ="
                " iif(iif(user_id < 0,"  # a group: still enabled; a person: still active
                # a group without a row became a supergroup (groups.move): the send to its
                # old id meets ChatMigrated, and bot.delivery follows it there (or not)
                " coalesce((SELECT enabled FROM broadcast_groups WHERE chat_id = user_id), 1),"
                # ... and still wants announcements: "🔕" or /unsubscribe pressed after Send
                # went on to get it, up to an hour later on a long list (a review)
                " (SELECT active AND announcements FROM users WHERE id = user_id)),"
                " 'sending', 'blocked')"
                " WHERE broadcast_id = ?1 AND +state = 'pending' AND user_id IN"
                " (SELECT user_id FROM broadcast_recipients WHERE broadcast_id = ?1"
                "  AND state = 'pending' ORDER BY user_id LIMIT ?2)"
                " RETURNING user_id, state",
                (broadcast_id, claim),
            ).fetchall()
        feed.execute("COMMIT")
    except BaseException:
        if feed.in_transaction:
            feed.execute("ROLLBACK")
        raise
    return sorted(claimed)


async def is_recipient(store: Store, broadcast_id: int, chat_id: int) -> bool:
    row = await store.lookup_one(
        "SELECT 1 FROM broadcast_recipients WHERE broadcast_id = ? AND user_id = ?",
        (broadcast_id, chat_id),
    )
    return row is not None


async def unconfirm_interrupted(store: Store, broadcast_id: int) -> int:
    """Rows left 'sending' by a crash: they may have arrived, so they are never sent again."""
    return await store.execute(
        "UPDATE broadcast_recipients SET state = 'unconfirmed'"
        " WHERE broadcast_id = ? AND state = 'sending'",
        (broadcast_id,),
    )


async def state_counts(store: Store, broadcast_id: int) -> dict[str, int]:
    rows = await store.fetchall(
        "SELECT state, count(*) FROM broadcast_recipients WHERE broadcast_id = ? GROUP BY state",
        (broadcast_id,),
    )
    return {str(r[0]): int(r[1]) for r in rows}


async def request_cancel(store: Store, broadcast_id: int) -> bool:
    """Mark a running broadcast cancelled (a restart will not resume it)."""
    changed = await store.execute(
        "UPDATE broadcasts SET state = 'cancelled' WHERE id = ? AND state = 'running'",
        (broadcast_id,),
    )
    return changed == 1


async def finish(store: Store, broadcast_id: int, now: datetime) -> Broadcast | None:
    """Write the report from the recipients' states; 'running' becomes 'done'. A broadcast
    whose admin used /forget while it was sent (``admin_id`` NULL) is deleted instead, with
    its recipients: its copies named the admin's chat and messages. Returns the report."""
    async with store.transaction() as conn:
        async with conn.execute(
            "UPDATE broadcasts SET finished_at = ?,"
            " state = CASE state WHEN 'running' THEN 'done' ELSE state END,"
            # people who used /forget meanwhile left with their rows: the report counts
            # the recipients that remain, so its numbers add up
            " total = (SELECT count(*) FROM broadcast_recipients r"
            "   WHERE r.broadcast_id = broadcasts.id),"
            " delivered = (SELECT count(*) FROM broadcast_recipients r"
            "   WHERE r.broadcast_id = broadcasts.id AND r.state = 'delivered'),"
            " blocked = (SELECT count(*) FROM broadcast_recipients r"
            "   WHERE r.broadcast_id = broadcasts.id AND r.state = 'blocked'),"
            " failed = (SELECT count(*) FROM broadcast_recipients r"
            "   WHERE r.broadcast_id = broadcasts.id AND r.state = 'failed'),"
            " unconfirmed = (SELECT count(*) FROM broadcast_recipients r"
            "   WHERE r.broadcast_id = broadcasts.id AND r.state IN ('unconfirmed', 'sending')),"
            " not_sent = (SELECT count(*) FROM broadcast_recipients r"
            "   WHERE r.broadcast_id = broadcasts.id AND r.state = 'pending')"
            # once: a second finish (a cancel racing the end) writes and reports nothing
            " WHERE id = ? AND state IN ('running', 'cancelled') AND finished_at IS NULL"
            " RETURNING *",
            (iso(now), broadcast_id),
        ) as cursor:
            row = await cursor.fetchone()
        if row is not None and row["admin_id"] is None:
            await conn.execute("DELETE FROM broadcasts WHERE id = ?", (broadcast_id,))
    return _broadcast(row) if row else None
