"""Holidays, who wants reminders of which, and which reminders went out (``reminder_sent``)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from bot.store import Store

#: A reminder whose send failed is tried again by later runs, at most this many times in all.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class HolidayRow:
    id: str
    month: int
    day: int
    faq_id: str | None


@dataclass(frozen=True)
class HolidayText:
    holiday_id: str
    language: str
    name: str
    greeting: str


@dataclass(frozen=True)
class Recipient:
    user_id: int
    language: str


# -- holidays ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Replaced:
    """What :func:`replace_holidays` did."""

    written: list[str]  # ids of the holidays in the file, in its order
    removed: list[str]  # holidays no longer given, gone (with their subscriptions, if any)
    kept: dict[str, int]  # holidays no longer given but kept: id -> subscribers
    #: holidays new to the database: id -> the people subscribed to it with it (see
    #: :data:`_ALL_ON`)
    added: dict[str, int] = field(default_factory=dict)


#: Every stored holiday (suspended ones too) and how many people subscribed to it.
_SUBSCRIBERS = (
    "SELECT h.id, (SELECT count(*) FROM holiday_subscriptions s WHERE s.holiday_id = h.id)"
    " FROM holidays h"
)


#: The people who asked for every holiday (``/subscribe``, "Yes" at /start, or each one
#: ticked) and turned none off since (``users.every_holiday``, migration 0015): a holiday new
#: to the file is theirs too, as /subscribe promised "every holiday". Someone who turned one
#: off chose one by one, and is left to choose the new one.
_ALL_ON = "SELECT id FROM users WHERE every_holiday = 1"
#: After a subscription to one holiday: the flag, if that made it every holiday of the file.
_EVERY_IF_ALL = (
    "UPDATE users SET every_holiday = 1 WHERE id = ?1"
    " AND (SELECT count(*) FROM holiday_subscriptions s JOIN holidays h ON h.id = s.holiday_id"
    "  WHERE s.user_id = ?1 AND h.in_file = 1)"
    " = (SELECT count(*) FROM holidays WHERE in_file = 1)"
)


async def suspended_holidays(store: Store) -> set[str]:
    """Holidays kept out of the file for their subscribers (``in_file = 0``)."""
    return {str(r[0]) for r in await store.fetchall("SELECT id FROM holidays WHERE in_file = 0")}


async def subscribed_to_all(store: Store) -> int:
    """How many people a holiday new to the file would be subscribed to (``--check``)."""
    row = await store.fetchone(f"SELECT count(*) FROM ({_ALL_ON})")
    return int(row[0]) if row else 0


async def subscribers_per_holiday(store: Store) -> dict[str, int]:
    """Holiday id -> subscribers, for every stored holiday (a read: ``import --check``)."""
    return {str(r[0]): int(r[1]) for r in await store.fetchall(_SUBSCRIBERS)}


def not_given(
    stored: dict[str, int], given: set[str], remove_subscribed: bool
) -> tuple[list[str], dict[str, int]]:
    """What :func:`replace_holidays` does with the stored holidays not ``given``: (removed,
    kept suspended: id -> subscribers)."""
    missing = {i: n for i, n in stored.items() if i not in given}
    kept = {} if remove_subscribed else {i: n for i, n in missing.items() if n}
    return sorted(set(missing) - set(kept)), dict(sorted(kept.items()))


async def replace_holidays(
    store: Store,
    holidays: Iterable[HolidayRow],
    texts: Iterable[HolidayText],
    *,
    remove_subscribed: bool = False,
) -> Replaced:
    """Upsert every holiday and text in one transaction; delete holidays not given — except,
    unless ``remove_subscribed``, those people subscribed to: a typo in an id must not delete
    everyone's subscriptions (removing a holiday cascades to them). Those are kept suspended
    (``in_file = 0``): not sent, not offered, until they are given again."""
    rows = list(holidays)
    async with store.transaction() as conn:
        async with conn.execute(_SUBSCRIBERS) as cursor:
            stored = {str(r[0]): int(r[1]) for r in await cursor.fetchall()}
        async with conn.execute("SELECT id FROM holidays WHERE in_file = 0") as cursor:
            suspended = {str(r[0]) for r in await cursor.fetchall()}  # as suspended_holidays
        # new to the database, or back in the file after a while suspended: someone who
        # subscribed to every holiday meanwhile did not get that one, and would otherwise
        # never again have "every" holiday, nor any new one
        new = [h.id for h in rows if h.id not in stored or h.id in suspended]
        everything: list[int] = []
        if new and stored:  # read before this change: who had every holiday offered until now
            async with conn.execute(_ALL_ON) as cursor:
                everything = [int(r[0]) for r in await cursor.fetchall()]
        removed, kept = not_given(stored, {h.id for h in rows}, remove_subscribed)
        await conn.executemany("DELETE FROM holidays WHERE id = ?", [(i,) for i in removed])
        await conn.executemany("UPDATE holidays SET in_file = 0 WHERE id = ?", [(i,) for i in kept])
        await conn.executemany(
            "INSERT INTO holidays (id, month, day, faq_id, in_file) VALUES (?, ?, ?, ?, 1)"
            " ON CONFLICT (id) DO UPDATE SET month = excluded.month, day = excluded.day,"
            " faq_id = excluded.faq_id, in_file = 1",
            [(h.id, h.month, h.day, h.faq_id) for h in rows],
        )
        await conn.executemany(
            "INSERT INTO holiday_texts (holiday_id, language, name, greeting) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (holiday_id, language) DO UPDATE SET name = excluded.name,"
            " greeting = excluded.greeting",
            [(t.holiday_id, t.language, t.name, t.greeting) for t in texts],
        )
        await conn.executemany(
            "INSERT INTO holiday_subscriptions (user_id, holiday_id) VALUES (?, ?)"
            " ON CONFLICT DO NOTHING",
            [(user_id, hid) for hid in new for user_id in everything],
        )
    added = {hid: len(everything) for hid in new} if stored else {}  # not the first load
    return Replaced([h.id for h in rows], removed, kept, added)


async def all_holidays(store: Store) -> list[HolidayRow]:
    rows = await store.lookup(
        "SELECT id, month, day, faq_id FROM holidays WHERE in_file = 1 ORDER BY month, day"
    )
    return [HolidayRow(r["id"], r["month"], r["day"], r["faq_id"]) for r in rows]


async def holiday_texts(store: Store, language: str) -> dict[str, HolidayText]:
    rows = await store.lookup(
        "SELECT holiday_id, language, name, greeting FROM holiday_texts WHERE language = ?",
        (language,),
    )
    return {r["holiday_id"]: HolidayText(*r) for r in rows}


# -- subscriptions -----------------------------------------------------------------------------
async def subscribed_holidays(store: Store, user_id: int) -> set[str]:
    rows = await store.lookup(
        "SELECT holiday_id FROM holiday_subscriptions WHERE user_id = ?", (user_id,)
    )
    return {str(r[0]) for r in rows}


async def subscribed_dates(store: Store, user_id: int) -> list[tuple[int, int]]:
    """(month, day) of each holiday the person gets reminders for (not suspended ones)."""
    rows = await store.lookup(
        "SELECT h.month, h.day FROM holiday_subscriptions s JOIN holidays h"
        " ON h.id = s.holiday_id WHERE s.user_id = ? AND h.in_file = 1",
        (user_id,),
    )
    return [(int(r[0]), int(r[1])) for r in rows]


async def subscribe(store: Store, user_id: int, holiday_id: str) -> bool:
    """Subscribe to one holiday; False if the holiday does not exist (or is suspended)."""
    async with store.transaction() as conn:
        async with conn.execute(
            "SELECT 1 FROM holidays WHERE id = ? AND in_file = 1", (holiday_id,)
        ) as cur:
            if await cur.fetchone() is None:
                return False
        await conn.execute(
            "INSERT INTO holiday_subscriptions (user_id, holiday_id) VALUES (?, ?)"
            " ON CONFLICT DO NOTHING",
            (user_id, holiday_id),
        )
        await conn.execute(_EVERY_IF_ALL, (user_id,))
    return True


async def unsubscribe(store: Store, user_id: int, holiday_id: str) -> None:
    """One holiday off (🔕, /settings): no longer "every holiday" either, so that a holiday
    added later (or this one, back from suspension) does not come to them unasked."""
    async with store.transaction() as conn:
        await conn.execute(
            "DELETE FROM holiday_subscriptions WHERE user_id = ? AND holiday_id = ?",
            (user_id, holiday_id),
        )
        await conn.execute("UPDATE users SET every_holiday = 0 WHERE id = ?", (user_id,))


async def only(store: Store, user_id: int, holiday_ids: Collection[str]) -> None:
    """These holidays' reminders on and every other's off ("only on flag day"), in one
    transaction; no longer "every holiday" (one added later must not come unasked). The
    announcements stay as they were."""
    wanted = sorted(holiday_ids)
    marks = ", ".join("?" for _ in wanted)
    async with store.transaction() as conn:
        await conn.execute(
            f"DELETE FROM holiday_subscriptions WHERE user_id = ? AND holiday_id NOT IN ({marks})",
            (user_id, *wanted),
        )
        await conn.executemany(
            "INSERT INTO holiday_subscriptions (user_id, holiday_id)"
            " SELECT ?, id FROM holidays WHERE id = ? AND in_file = 1 ON CONFLICT DO NOTHING",
            [(user_id, h) for h in wanted],
        )
        await conn.execute("UPDATE users SET every_holiday = 0 WHERE id = ?", (user_id,))


async def set_all(store: Store, user_id: int, on: bool) -> None:
    """Every holiday's reminders and the announcements on (or off), in one transaction."""
    async with store.transaction() as conn:
        if on:
            await conn.execute(
                "INSERT INTO holiday_subscriptions (user_id, holiday_id)"
                " SELECT ?, id FROM holidays WHERE in_file = 1 ON CONFLICT DO NOTHING",
                (user_id,),
            )
        else:
            await conn.execute("DELETE FROM holiday_subscriptions WHERE user_id = ?", (user_id,))
        await conn.execute(
            "UPDATE users SET announcements = ?, asked_subscribe = 1, every_holiday = ?"
            " WHERE id = ?",
            (int(on), int(on), user_id),
        )


async def set_announcements(store: Store, user_id: int, on: bool) -> None:
    await store.write("UPDATE users SET announcements = ? WHERE id = ?", (int(on), user_id))


async def set_reminder_hour(store: Store, user_id: int, hour: int) -> None:
    await store.write("UPDATE users SET reminder_hour = ? WHERE id = ?", (hour, user_id))


async def mark_asked(store: Store, user_id: int) -> bool:
    """Record that /start asked about reminders; True only the first time."""
    changed = await store.write(
        "UPDATE users SET asked_subscribe = 1 WHERE id = ? AND asked_subscribe = 0", (user_id,)
    )
    return changed == 1


# -- the scheduler -----------------------------------------------------------------------------
async def subscriber_zones(store: Store) -> list[str | None]:
    """Distinct time zones of active people (None: not known yet). Uses users_by_zone_hour."""
    rows = await store.fetchall("SELECT DISTINCT timezone FROM users WHERE active = 1")
    return [r[0] for r in rows]


async def due_in_zone(
    store: Store, zone: str | None, holiday_id: str, year: int, max_hour: int
) -> list[Recipient]:
    """Active subscribers of ``holiday_id`` in ``zone`` whose hour has come (``<= max_hour``)
    and who have no claim for ``year`` yet (or only a failed one with attempts left)."""
    rows = await store.fetchall(
        "SELECT u.id, u.language FROM users AS u"
        " JOIN holiday_subscriptions AS s ON s.user_id = u.id AND s.holiday_id = ?"
        " WHERE u.active = 1 AND u.timezone IS ? AND u.reminder_hour <= ?"
        " AND NOT EXISTS (SELECT 1 FROM reminder_sent AS r"
        "   WHERE r.user_id = u.id AND r.holiday_id = ? AND r.year = ?"
        "   AND NOT (r.status = 'failed' AND r.attempts < ?))",
        (holiday_id, zone, max_hour, holiday_id, year, MAX_ATTEMPTS),
    )
    return [Recipient(r[0], r[1]) for r in rows]


async def claim(
    store: Store,
    user_id: int,
    holiday_id: str,
    year: int,
    stamp: str,
    *,
    zone: str | None,
    local_hour: int,
) -> bool:
    """Take the right to send this reminder. Exactly one caller ever gets True per key
    (a failed earlier attempt can be claimed again while attempts remain), and only while the
    person is still an active subscriber of the holiday, in ``zone``, with a reminder hour
    that has come (``<= local_hour``), and the holiday is not suspended meanwhile."""
    changed = await store.write(
        "INSERT INTO reminder_sent (user_id, holiday_id, year, status, claimed_at)"
        " SELECT ?1, ?2, ?3, 'sending', ?4 WHERE EXISTS (SELECT 1 FROM users AS u"
        "   JOIN holiday_subscriptions AS s ON s.user_id = u.id AND s.holiday_id = ?2"
        "   JOIN holidays AS h ON h.id = s.holiday_id AND h.in_file = 1"
        "   WHERE u.id = ?1 AND u.active = 1 AND u.timezone IS ?6 AND u.reminder_hour <= ?7)"
        " ON CONFLICT (user_id, holiday_id, year) DO UPDATE SET"
        "   status = 'sending', attempts = attempts + 1, claimed_at = excluded.claimed_at,"
        "   done_at = NULL"
        " WHERE reminder_sent.status = 'failed' AND reminder_sent.attempts < ?5",
        (user_id, holiday_id, year, stamp, MAX_ATTEMPTS, zone, local_hour),
    )
    return changed == 1


async def finish(
    store: Store, user_id: int, holiday_id: str, year: int, status: str, stamp: str
) -> None:
    """Record the outcome of our claim. A row another process's start marked 'unknown' while
    we were sending (it took it for a crash's leftover) gets the outcome we know."""
    await store.write(
        "UPDATE reminder_sent SET status = ?, done_at = ?"
        " WHERE user_id = ? AND holiday_id = ? AND year = ?"
        " AND status IN ('sending', 'unknown')",
        (status, stamp, user_id, holiday_id, year),
    )


async def give_back(store: Store, user_id: int, holiday_id: str, year: int, stamp: str) -> None:
    """Our claim surely never reached Telegram (no connection, a flood wait that outlasted
    the retries): claimable again by a later run, without using up one of its attempts. An
    outage at someone's hour had cost them the year's reminder after three runs (a review)."""
    await store.write(
        "UPDATE reminder_sent SET status = 'failed', attempts = attempts - 1, done_at = ?"
        " WHERE user_id = ? AND holiday_id = ? AND year = ?"
        # 'unknown': a deploy's new process took our claim for a crash's leftover
        " AND status IN ('sending', 'unknown')",
        (stamp, user_id, holiday_id, year),
    )


async def abandon_in_flight(store: Store) -> int:
    """Claims left 'sending' by a process that died: whether Telegram got them is unknown.
    They become 'unknown' and are NOT sent again (never twice beats never lost here)."""
    return await store.execute(
        "UPDATE reminder_sent SET status = 'unknown' WHERE status = 'sending'"
    )


async def not_greeted(store: Store, holiday_id: str, year: int, before: str) -> int:
    """Active subscribers of ``holiday_id`` who joined before ``before`` (an ISO date) and
    have no reminder recorded for ``year``."""
    row = await store.fetchone(
        "SELECT count(*) FROM holiday_subscriptions s JOIN users u ON u.id = s.user_id"
        " WHERE s.holiday_id = ? AND u.active = 1 AND u.created_at < ? AND NOT EXISTS ("
        " SELECT 1 FROM reminder_sent r WHERE r.user_id = s.user_id"
        " AND r.holiday_id = s.holiday_id AND r.year = ?)",
        (holiday_id, before, year),
    )
    return int(row[0]) if row else 0


async def sent_count(store: Store, holiday_id: str, year: int) -> dict[str, int]:
    rows = await store.fetchall(
        "SELECT status, count(*) FROM reminder_sent WHERE holiday_id = ? AND year = ?"
        " GROUP BY status",
        (holiday_id, year),
    )
    return {str(r[0]): int(r[1]) for r in rows}
