"""Holiday reminders at each subscriber's own hour and time zone, exactly once.

Who is due (:func:`due_reminders`)
    The time-zone arithmetic is done once per distinct zone of the active people (a few
    hundred at most), not per person: for each zone, the local date and hour now. Only zones
    where it is a holiday today get one SQL query per holiday, selecting the subscribers whose
    ``reminder_hour <= local hour`` and who have no ``reminder_sent`` row for that holiday and
    local year. People without a zone are treated as Asia/Baku.

    Catch-up comes for free: after downtime everyone whose hour has passed is still selected,
    as long as it is still the holiday in their zone; the next local day nothing matches, so a
    reminder is never a day late. DST needs no special case: a skipped hour (02:00 → 03:00)
    is caught at the next local hour, a repeated hour finds the reminder already recorded.

Sending (:func:`send_due`): claim, then send, then record the outcome
    A bounded pool of workers (enough to keep AIORateLimiter busy) takes the due reminders.
    For each one a worker first INSERTs ``reminder_sent(user, holiday, year)`` with status
    'sending' — the primary key lets exactly one claimer win, across overlapping runs,
    restarts and several processes — then sends through :func:`bot.delivery.deliver`, then
    marks the row 'sent', 'blocked' or 'failed' (a failed one is retried by later runs, at most
    ``MAX_ATTEMPTS`` in all, and only while it is still the holiday). The claim is taken only
    while the person is still due: still an active subscriber, in the zone and past the hour
    the run selected them with, and (checked by the worker) still on the holiday there; a run
    sends for up to an hour what it selected.

    Why claim first: Telegram has no idempotency key, so after a crash nobody can tell whether
    an in-flight message arrived. Send-then-record would re-send every message that was sent
    but not yet recorded (a duplicate: what the issue forbids). Claim-then-send never sends
    twice; its residual window is a hard crash (kill -9, power loss) while a claimed message is
    in flight: at most ``workers`` reminders — those claimed and waiting in the rate limiter or
    on the network at that instant — are then never sent. They are left 'sending'; the next
    start marks them 'unknown' and logs how many. A clean stop (SIGTERM, Ctrl-C) loses nothing:
    ``keep_going`` turns false, workers take no new claims and finish the ones in flight.
    A process that starts while another still sends (a deploy) takes the other's claims in
    flight for a dead process's; the other's outcome, when it comes, replaces 'unknown'.
    A request that timed out, or got a server error, after it was written may have arrived:
    :func:`deliver` returns it as unconfirmed, recorded 'unknown' and never sent again (only a
    connection that was never made is tried again: nothing went out).
"""

from __future__ import annotations

import asyncio
import logging
import re
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.clock import Clock, iso
from bot.delivery import DEFAULT_POLICY, Outcome, RetryPolicy, deliver
from bot.i18n import LANGUAGES
from bot.store import Store, users
from bot.store import subscriptions as subs

log = logging.getLogger(__name__)

DEFAULT_ZONE = "Asia/Baku"
DEFAULT_HOUR = 10
#: The zones offered as buttons in /settings: where most of the diaspora lives.
COMMON_ZONES: tuple[str, ...] = (
    "Asia/Baku",
    "Europe/Istanbul",
    "Europe/Moscow",
    "Asia/Tbilisi",
    "Europe/Kyiv",
    "Europe/Berlin",
    "Europe/London",
    "Europe/Paris",
    "Asia/Almaty",
    "Asia/Tashkent",
    "America/New_York",
    "America/Toronto",
    "America/Los_Angeles",
    "Asia/Dubai",
)


# -- time zones --------------------------------------------------------------------------------
@cache
def _zone_names() -> dict[str, str]:
    """Real places' zones ("Europe/Berlin") and UTC; not "localtime" (the server's own
    zone), "Factory", tzdata's abbreviations such as "EST" (a fixed UTC-5 without summer time:
    see ``_ALIASES``), or "Etc/GMT+5" with its inverted sign."""
    names = {
        name
        for name in available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))
    }
    names.add("UTC")
    return {name.lower(): name for name in names} | {"etc/utc": "UTC"}


#: "UTC+3", "GMT -5", "utc+03:00", "UTC−5" (a typographic minus), "UTC+3:30", "+4".
_OFFSET = re.compile(r"(?:utc|gmt)?\s*([+\-−])\s*(\d{1,2})(?::?([0-5]\d))?", re.IGNORECASE)
#: Abbreviations people use for a zone that has no other name for them.
_ALIASES = {
    "мск": "Europe/Moscow",
    "msk": "Europe/Moscow",
    "msk+1": "Europe/Samara",
    # "/timezone GMT", "EST": the zone people mean by them, with its summer time
    "gmt": "UTC",
    "bst": "Europe/London",
    "cet": "Europe/Berlin",
    "cest": "Europe/Berlin",
    "trt": "Europe/Istanbul",
    "azt": "Asia/Baku",
    "est": "America/New_York",
    "edt": "America/New_York",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    # "/timezone eastern", "eastern time": how Americans name their zones (a review: "I don't
    # know a time zone or city called 'eastern'")
    **{
        f"{name}{suffix}": zone_name
        for name, zone_name in {
            "eastern": "America/New_York",
            "central": "America/Chicago",
            "mountain": "America/Denver",
            "pacific": "America/Los_Angeles",
        }.items()
        for suffix in ("", "_time", "_standard_time", "_daylight_time")
    },
    "moscow_time": "Europe/Moscow",
    "московское_время": "Europe/Moscow",
    "по_москве": "Europe/Moscow",
    "bakı_vaxtı": "Asia/Baku",
    "baki_vaxti": "Asia/Baku",
}
#: Offsets that are not whole hours have no Etc/ zone: the zone of the place that keeps it
#: (Iran's +3:30 first of all, home to millions of Azerbaijanis).
_PART_HOUR_ZONES = {
    "+3:30": "Asia/Tehran",
    "+4:30": "Asia/Kabul",
    "+5:30": "Asia/Kolkata",
    "+5:45": "Asia/Kathmandu",
    "+6:30": "Asia/Yangon",
    "+8:45": "Australia/Eucla",
    "+9:30": "Australia/Darwin",
    "-2:30": "America/St_Johns",  # in summer; -3:30 in winter
    "-3:30": "America/St_Johns",
    "-9:30": "Pacific/Marquesas",
}


def canonical_zone(text: str) -> str | None:
    """The IANA name for ``text`` ("europe/berlin" → "Europe/Berlin"; "UTC+3" → "Etc/GMT-3",
    whose sign POSIX inverts; "UTC+3:30" → "Asia/Tehran"), or None."""
    offset = _OFFSET.fullmatch(text.strip())
    if offset is not None:
        hours = int(offset.group(2))
        west = offset.group(1) != "+"
        if offset.group(3) not in (None, "00"):
            return _PART_HOUR_ZONES.get(f"{'-' if west else '+'}{hours}:{offset.group(3)}")
        if hours == 0:
            return "UTC"
        if hours <= (12 if west else 14):
            return f"Etc/GMT{'+' if west else '-'}{hours}"
        return None
    name = text.strip().replace(" ", "_")
    if not name or len(name) > 64:
        return None
    return _ALIASES.get(name.lower()) or _zone_names().get(name.lower())


def use_default_zone(name: str) -> None:
    """Start-up: the zone of people who have set none (``BOT_DEFAULT_TZ``; Asia/Baku unless
    set): an organisation in Toronto would otherwise greet its members at 01:00."""
    global DEFAULT_ZONE
    if name != DEFAULT_ZONE:
        DEFAULT_ZONE = name
        zone.cache_clear()


@cache
def zone(name: str | None) -> ZoneInfo:
    """The person's zone; the default zone when unknown (or, defensively, when not a real
    zone)."""
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("unknown time zone in the database; using %s", DEFAULT_ZONE)
        return ZoneInfo(DEFAULT_ZONE)


# -- who is due --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Due:
    user_id: int
    language: str
    holiday_id: str
    year: int
    zone: str | None  # as stored when selected (None: Asia/Baku)
    day: date  # the holiday, in that zone

    @property
    def key(self) -> tuple[int, str, int]:
        return (self.user_id, self.holiday_id, self.year)


#: (zone, holiday id, local year, local hour): one query of :func:`due_reminders`.
Group = tuple[str | None, str, int, int]


async def due_reminders(
    store: Store, now: datetime, *, skip: set[Group] | None = None
) -> list[Due]:
    """Every (person, holiday) whose local reminder moment has come and that is not yet sent.

    Groups in ``skip`` are not queried again, and the groups queried are added to it: a long
    run re-selects every minute only the zones whose local hour has moved on.
    """
    holidays = await subs.all_holidays(store)
    by_date: dict[tuple[int, int], list[str]] = {}
    for h in holidays:
        by_date.setdefault((h.month, h.day), []).append(h.id)
    if not by_date:
        return []
    due: list[Due] = []
    for name in await subs.subscriber_zones(store):
        local = now.astimezone(zone(name))
        for holiday_id in by_date.get((local.month, local.day), ()):
            group = (name, holiday_id, local.year, local.hour)
            if skip is not None:
                if group in skip:
                    continue
                skip.add(group)
            for r in await subs.due_in_zone(store, name, holiday_id, local.year, local.hour):
                due.append(Due(r.user_id, r.language, holiday_id, local.year, name, local.date()))
    return due


# -- sending -----------------------------------------------------------------------------------
@dataclass
class RunReport:
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    unconfirmed: int = 0  # the answer never came: may have arrived, not sent again
    #: surely not sent (Telegram unreachable, flood waits beyond the retries): claimable again
    #: by the next run, and this run stops giving out more
    not_sent: int = 0
    #: not claimed: an overlapping run took it, or it is no longer due (unsubscribed, blocked
    #: the bot, changed hour or time zone, or the holiday ended while the run was sending)
    skipped: int = 0
    errors: int = 0
    selected: int = 0


Send = Callable[[Due], Awaitable[Any]]

_STATUS = {
    Outcome.DELIVERED: "sent",
    Outcome.BLOCKED: "blocked",
    Outcome.FAILED: "failed",
    Outcome.UNCONFIRMED: "unknown",  # may have arrived: never sent again
    Outcome.NOT_SENT: "failed",  # (never: given back for as long as it is the holiday)
    Outcome.FLOODED: "failed",  # after MAX_GIVE_BACKS give-backs (each uses no attempt)
    Outcome.SOURCE_GONE: "failed",  # (reminders copy nothing)
}


#: Times one reminder may be given back because Telegram kept asking to wait for its chat
#: before it is charged an attempt like a failure: one chat that Telegram floods all day is
#: then left after a while, not tried every minute until midnight (a review: 840 runs). An
#: outage (Telegram out of reach) is never charged: each run tried the same first few
#: people, who ran out of attempts after about 12 minutes (an operations review: a 30-minute
#: outage at 10:00 cost 26 of 50 people their reminder). In memory: a restart starts the
#: count again, which costs a few more tries at most.
MAX_GIVE_BACKS = 10
_given_back: weakref.WeakKeyDictionary[Store, dict[tuple[int, str, int], int]] = (
    weakref.WeakKeyDictionary()
)


def _give_back(store: Store, key: tuple[int, str, int]) -> bool:
    """True if the reminder ``key`` may be given back once more (counted, per database)."""
    counts = _given_back.setdefault(store, {})
    if len(counts) > 100_000:  # a long outage over a big list: start counting again
        counts.clear()
    counts[key] = counts.get(key, 0) + 1
    return counts[key] <= MAX_GIVE_BACKS


async def send_due(
    store: Store,
    clock: Clock,
    send: Send,
    *,
    workers: int,
    keep_going: Callable[[], bool] = lambda: True,
    refresh: float = 60.0,
    policy: RetryPolicy = DEFAULT_POLICY,
) -> RunReport:
    """Send every due reminder; keep selecting newly due ones every ``refresh`` seconds while
    a long run goes on; return when nothing is left or ``keep_going()`` turns false."""
    report = RunReport()
    queue: asyncio.Queue[Due] = asyncio.Queue()
    queued: set[tuple[int, str, int]] = set()
    # Zones already selected at their current local hour are not selected again in this run;
    # whoever became due there meanwhile (subscribed, changed their hour) is sent by the next
    # run, still on the day.
    selected: set[Group] = set()

    async def fill() -> None:
        for item in await due_reminders(store, clock.now(), skip=selected):
            if item.key not in queued:
                queued.add(item.key)
                queue.put_nowait(item)
                report.selected += 1

    async def one(item: Due) -> None:
        # A long run sends what it selected up to an hour earlier: the claim checks again that
        # it is still the holiday and the hour there, and still the person's subscription,
        # zone and hour, in the same statement.
        now = clock.now()
        local = now.astimezone(zone(item.zone))
        if local.date() != item.day or not await subs.claim(
            store, *item.key, iso(now), zone=item.zone, local_hour=local.hour
        ):
            report.skipped += 1
            return
        try:

            def still_due() -> bool:  # a flood wait past midnight there: not a day late
                today = clock.now().astimezone(zone(item.zone)).date()
                return keep_going() and today == item.day

            outcome = await deliver(
                store, item.user_id, lambda: send(item), policy, keep_going=still_due
            )
        except Exception:
            # Not a Telegram error (deliver handles those): we cannot know whether it went out.
            log.exception("a reminder send failed unexpectedly; it will not be retried")
            await subs.finish(store, *item.key, "unknown", iso(clock.now()))
            report.errors += 1
            return
        if outcome is Outcome.NOT_SENT or (
            outcome is Outcome.FLOODED and _give_back(store, item.key)
        ):
            # Telegram is down or flooding: the next run (a minute on) tries again, still on
            # the day; this one gives out no more, or an outage would try everyone in turn
            # (unless it is the day that ended there, mid-wait: nothing wrong with Telegram)
            await subs.give_back(store, *item.key, iso(clock.now()))
            report.not_sent += 1
            if clock.now().astimezone(zone(item.zone)).date() == item.day:
                halted.set()
            return
        status = _STATUS[outcome]
        await subs.finish(store, *item.key, status, iso(clock.now()))
        if outcome is Outcome.DELIVERED:
            report.sent += 1
        elif outcome is Outcome.BLOCKED:
            report.blocked += 1
        elif outcome is Outcome.UNCONFIRMED:
            report.unconfirmed += 1
        else:
            report.failed += 1

    async def worker() -> None:
        while keep_going() and not halted.is_set():
            try:
                item = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            try:
                await one(item)
            except Exception:  # a database error: log it, keep the run going
                log.exception("could not process one reminder")
                report.errors += 1

    halted = asyncio.Event()
    await fill()
    pool: set[asyncio.Task[None]] = set()
    try:
        while not queue.empty() and keep_going() and not halted.is_set():
            pool = {asyncio.create_task(worker()) for _ in range(min(workers, queue.qsize()))}
            while pool:
                _, pool = await asyncio.wait(pool, timeout=refresh)
                if pool and keep_going() and not halted.is_set():
                    await fill()  # zones reaching their hour while this run is still sending
            if keep_going() and not halted.is_set():
                await fill()
    finally:
        for task in pool:
            task.cancel()
        await asyncio.gather(*pool, return_exceptions=True)
    return report


# -- a person's settings -----------------------------------------------------------------------
@dataclass(frozen=True)
class HolidayChoice:
    id: str
    month: int
    day: int
    name: str
    subscribed: bool


@dataclass(frozen=True)
class ReminderSettings:
    holidays: list[HolidayChoice]
    announcements: bool
    hour: int
    timezone: str  # the zone reminders use (Asia/Baku when none is set)
    timezone_set: bool

    @property
    def any_holiday(self) -> bool:
        """Whether any holiday's reminder is on (so reminders come at all)."""
        return any(h.subscribed for h in self.holidays)

    @property
    def any_on(self) -> bool:
        return self.announcements or self.any_holiday


async def settings_of(store: Store, user_id: int, language: str) -> ReminderSettings | None:
    user = await users.get(store, user_id)
    if user is None:
        return None
    texts = await subs.holiday_texts(store, language)
    chosen = await subs.subscribed_holidays(store, user_id)
    holidays = [
        HolidayChoice(
            h.id, h.month, h.day, texts[h.id].name if h.id in texts else h.id, h.id in chosen
        )
        for h in await subs.all_holidays(store)
    ]
    return ReminderSettings(
        holidays=holidays,
        announcements=user.announcements,
        hour=user.reminder_hour,
        timezone=user.timezone or DEFAULT_ZONE,
        timezone_set=user.timezone is not None,
    )


async def is_known(store: Store, user_id: int) -> bool:
    """Whether the person is stored (only people who wrote to the bot privately are)."""
    return await users.get(store, user_id) is not None


async def subscribe_all(store: Store, user_id: int) -> None:
    """/subscribe: every holiday's reminders and the announcements on."""
    await subs.set_all(store, user_id, True)


async def unsubscribe_all(store: Store, user_id: int) -> None:
    """/unsubscribe: every holiday's reminders and the announcements off."""
    await subs.set_all(store, user_id, False)


async def subscribe_holiday(store: Store, user_id: int, holiday_id: str) -> bool:
    return await subs.subscribe(store, user_id, holiday_id)


async def only_holidays(store: Store, user_id: int, holiday_ids: list[str]) -> None:
    """ "only on flag day": these holidays' reminders on, every other's off."""
    await subs.only(store, user_id, holiday_ids)


async def stop_holiday(store: Store, user_id: int, holiday_id: str, language: str) -> str | None:
    """The 🔕 button: unsubscribe from one holiday — a suspended one too (its id no longer in
    the file), so it cannot come back when the id does; the holiday's name, or None for a
    holiday that is neither known nor subscribed to."""
    subscribed = holiday_id in await subs.subscribed_holidays(store, user_id)
    text = (await subs.holiday_texts(store, language)).get(holiday_id)
    if subscribed:
        await subs.unsubscribe(store, user_id, holiday_id)
    elif text is None:
        return None
    return text.name if text else holiday_id


#: How long after a holiday the next start still says who it missed.
MISSED_FOR = timedelta(days=7)


async def missed_lately(
    store: Store, now: datetime, skip: set[tuple[str, int]]
) -> list[tuple[str, int, int]]:
    """(holiday id, year, people) for each holiday over everywhere within :data:`MISSED_FOR`
    (but those in ``skip``): the active subscribers who were there before the day and have no
    reminder recorded for it, 0 or more. The bot was down at their hour, or they subscribed
    after it (an operations review: a holiday missed entirely left no trace). Reminders are
    never sent a day late; this only says so."""
    found = []
    for holiday in await subs.all_holidays(store):
        for year in (now.year, now.year - 1):
            try:
                day = date(year, holiday.month, holiday.day)
            except ValueError:  # 29 February
                continue
            # over in the last zone (UTC-12): 12:00 UTC the next day
            over = datetime(year, day.month, day.day, tzinfo=UTC) + timedelta(days=1, hours=12)
            if (holiday.id, year) not in skip and over <= now < over + MISSED_FOR:
                people = await subs.not_greeted(store, holiday.id, year, day.isoformat())
                found.append((holiday.id, year, people))
    return found


async def holiday_texts(store: Store) -> dict[str, dict[str, subs.HolidayText]]:
    """Every holiday's name and greeting, by language and holiday id."""
    return {lang: await subs.holiday_texts(store, lang) for lang in LANGUAGES}


async def recover(store: Store) -> int:
    """At start: claims a dead process left in flight become 'unknown' (see the module doc)."""
    return await subs.abandon_in_flight(store)


async def set_holiday(store: Store, user_id: int, holiday_id: str, on: bool) -> bool:
    """Turn one holiday's reminders on or off; False if there is no such holiday."""
    if not on:
        if not any(h.id == holiday_id for h in await subs.all_holidays(store)):
            return False
        await subs.unsubscribe(store, user_id, holiday_id)
        return True
    return await subs.subscribe(store, user_id, holiday_id)


async def set_announcements(store: Store, user_id: int, on: bool) -> None:
    await subs.set_announcements(store, user_id, on)


async def set_hour(store: Store, user_id: int, hour: int) -> bool:
    if not 0 <= hour <= 23:
        return False
    await subs.set_reminder_hour(store, user_id, hour)
    return True


async def set_zone(store: Store, user_id: int, text: str, country: str | None = None) -> str | None:
    """Set the zone chosen by hand (never overridden by a location), and the ``country`` of
    the city typed for it (announcements by country); the IANA name or None."""
    name = canonical_zone(text)
    if name is not None:
        await users.set_timezone(store, user_id, name, country)
    return name


async def should_ask(store: Store, user_id: int) -> bool:
    """/start asks a person about reminders once: True the first time, unless subscribed
    (and not while there are no holidays at all: the question would name none)."""
    if not await subs.all_holidays(store):
        return False
    first = await subs.mark_asked(store, user_id)
    return first and not await subs.subscribed_holidays(store, user_id)


def local_date(month: int, day: int) -> date:
    """A date to format a holiday's day and month with (a leap year, for 29 February)."""
    return date(2024, month, day)
