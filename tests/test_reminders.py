"""Holiday reminders: people subscribe, choose their hour and zone, and get each holiday's
greeting at their own local hour, exactly once — across restarts, crashes and overlaps."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot import holidays, reminders
from bot.clock import FakeClock
from bot.config import Settings
from bot.context import BotContext
from bot.fakeapi import ApiError, FakeBotAPI, NetworkFault, ReplyLost
from bot.simulator import Person, Simulator
from bot.store import Store, users
from bot.store import subscriptions as subs
from handlers import reminders as reminders_handlers
from handlers.reminders import run_reminders
from tests.conftest import hold_first
from tests.test_trust import member_update

FIXTURE = Path(__file__).parent / "data" / "holidays.toml"
SOLIDARITY = "Happy Solidarity Day!"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


async def tick(sim: Simulator) -> reminders.RunReport | None:
    """One run of the scheduler job's body, at the FakeClock's now."""
    return await run_reminders(BotContext(sim.app))


def greetings(api: FakeBotAPI, person: Person) -> list[str]:
    return [c.params["text"] for c in api.sent(person.id) if "🇦🇿 <b>" in c.params["text"]]


async def subscriber(sim: Simulator, uid: int, lang: str = "en", zone: str | None = None) -> Person:
    person = sim.person(uid, lang)
    (reply,) = await sim.send(person, "/subscribe")
    assert reply.text.startswith("✅")
    if zone:
        await sim.send(person, f"/timezone {zone}")
    return person


@pytest.fixture
async def hsim(sim: Simulator) -> Simulator:
    await holidays.load(sim.store, FIXTURE)
    return sim


# -- the schedule ------------------------------------------------------------------------------
async def test_four_zones_get_it_at_their_own_ten_exactly_once_across_a_restart(
    settings: Settings, clock: FakeClock
) -> None:
    api = FakeBotAPI()
    zones = {1: None, 2: "Europe/Berlin", 3: "America/New_York", 4: "Asia/Tokyo"}
    clock.set(utc(2026, 12, 30, 12, 0))
    got_at: dict[int, list[datetime]] = {uid: [] for uid in zones}

    async def walk(sim: Simulator, until: datetime) -> None:
        while clock.now() < until:
            before = {uid: len(greetings(api, sim.person(uid))) for uid in zones}
            await tick(sim)
            for uid in zones:
                new = len(greetings(api, sim.person(uid))) - before[uid]
                got_at[uid] += [clock.now()] * new
            clock.advance(timedelta(minutes=30))

    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await holidays.load(sim.store, FIXTURE)
        for uid, zone in zones.items():
            await subscriber(sim, uid, zone=zone)
        await walk(sim, utc(2026, 12, 31, 8, 0))  # Tokyo and Baku done, the rest not yet
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await walk(sim, utc(2027, 1, 1, 18, 0))

    expected = {
        1: utc(2026, 12, 31, 6, 0),  # no zone yet: Asia/Baku, UTC+4
        2: utc(2026, 12, 31, 9, 0),  # Berlin, UTC+1 in winter
        3: utc(2026, 12, 31, 15, 0),  # New York, UTC-5
        4: utc(2026, 12, 31, 1, 0),  # Tokyo, UTC+9
    }
    assert got_at == {uid: [moment] for uid, moment in expected.items()}
    for uid in zones:
        (text,) = greetings(api, sim.person(uid))
        assert text.startswith("🇦🇿 <b>World Azerbaijanis Solidarity Day</b>")


async def test_a_person_who_chose_eight_oclock_gets_it_at_eight(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock
) -> None:
    aysel = await subscriber(hsim, 10, "az", "Europe/Berlin")
    (screen,) = await hsim.send(aysel, "/settings")
    (hours,) = await hsim.press(aysel, screen, "🕙")
    (screen,) = await hsim.press(aysel, hours, "08:00")
    assert "08:00" in screen.text
    clock.set(utc(2026, 12, 31, 6, 59))  # 07:59 in Berlin
    await tick(hsim)
    assert greetings(api, aysel) == []
    clock.set(utc(2026, 12, 31, 7, 0))  # 08:00 in Berlin
    await tick(hsim)
    assert len(greetings(api, aysel)) == 1
    assert "Həmrəylik Günümüz mübarək! &lt;test&gt;" in greetings(api, aysel)[0]  # text, not markup


async def test_a_zone_typed_as_an_offset_gets_it_at_ten_there(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock
) -> None:
    """ "/timezone UTC+3" was "I don't know that zone"; people know their offset."""
    person = await subscriber(hsim, 11, "ru")
    typed_zones = [("+4", "Etc/GMT-4"), ("мск", "Europe/Moscow")]
    # abbreviations were "I don't know a time zone called GMT"; EST is New York's, in summer too
    typed_zones += [("GMT", "UTC"), ("EST", "America/New_York"), ("cet", "Europe/Berlin")]
    typed_zones += [("eastern", "America/New_York"), ("Pacific Time", "America/Los_Angeles")]
    for typed, zone in typed_zones:
        await hsim.send(person, f"/timezone {typed}")
        profile = await users.get(hsim.store, 11)
        assert profile is not None and profile.timezone == zone, typed
    (reply,) = await hsim.send(person, "/timezone UTC+3")
    assert reply.text.startswith("✅ Часовой пояс: UTC+3.")
    profile = await users.get(hsim.store, 11)
    assert profile is not None and profile.timezone == "Etc/GMT-3"  # POSIX inverts the sign
    (mydata,) = await hsim.send(person, "/mydata")
    # "UTC+3 = Etc/GMT-3" read as a sign the wrong way round (a review)
    stored = "хранится как Etc/GMT-3 (в таких названиях знак по традиции обратный)"
    assert f"UTC+3 — выбран вами; {stored}" in mydata.text
    (reply,) = await hsim.send(person, "/timezone GMT+15")
    assert "UTC+3" not in reply.text  # not a real offset: nothing set
    (reply,) = await hsim.send(person, "/timezone UTC+3:30")  # Iran's: no Etc/ zone has it
    assert reply.text.startswith("✅ Часовой пояс: Тегеран, UTC+3:30.")
    (reply,) = await hsim.send(person, "/timezone UTC+3")
    clock.set(utc(2026, 12, 31, 6, 59))  # 09:59 at UTC+3
    await tick(hsim)
    assert greetings(api, person) == []
    clock.set(utc(2026, 12, 31, 7, 0))
    await tick(hsim)
    assert len(greetings(api, person)) == 1


async def test_catch_up_the_same_local_day_but_never_a_day_late(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock
) -> None:
    berlin = await subscriber(hsim, 20, zone="Europe/Berlin")
    tokyo = await subscriber(hsim, 21, zone="Asia/Tokyo")
    clock.set(utc(2026, 12, 30, 20, 0))  # last run before the downtime: nobody due yet
    await tick(hsim)
    # The bot was down through both 10:00s. It is back at 16:30 UTC: 17:30 on 31 Dec in Berlin
    # (still the holiday: sent) but 01:30 on 1 Jan in Tokyo (a day late: not sent).
    clock.set(utc(2026, 12, 31, 16, 30))
    await tick(hsim)
    assert len(greetings(api, berlin)) == 1
    assert greetings(api, tokyo) == []
    clock.set(utc(2027, 1, 1, 10, 0))
    await tick(hsim)
    assert greetings(api, tokyo) == []


async def test_catch_up_at_one_pm_after_being_down_at_ten(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock
) -> None:
    baku = await subscriber(hsim, 22)  # no zone: Baku time
    clock.set(utc(2026, 12, 31, 9, 0))  # 13:00 in Baku
    await tick(hsim)
    assert len(greetings(api, baku)) == 1


async def test_the_organisations_default_zone_is_used_for_people_without_one(
    settings: Settings, api: FakeBotAPI, clock: FakeClock
) -> None:
    """An operator review: without a zone everyone is on Baku time; a community in Toronto
    would be greeted at 01:00. BOT_DEFAULT_TZ sets the zone of people who set none."""
    import dataclasses

    toronto = dataclasses.replace(settings, default_timezone="America/Toronto")
    try:
        async with Simulator.running(toronto, api=api, clock=clock) as sim:
            await holidays.load(sim.store, FIXTURE)
            person = sim.person(23, "en")
            (reply,) = await sim.send(person, "/subscribe")
            assert "at 10:00 (Toronto)" in reply.text
            assert "so this is Toronto time" in reply.text
            clock.set(utc(2026, 12, 31, 14, 0))  # 09:00 in Toronto, 18:00 in Baku
            await tick(sim)
            assert greetings(api, person) == []
            clock.set(utc(2026, 12, 31, 15, 0))  # 10:00 in Toronto
            await tick(sim)
            assert len(greetings(api, person)) == 1
    finally:
        reminders.use_default_zone(Settings().default_timezone)  # the next test's default
    assert reminders.zone(None).key == "Asia/Baku"


async def test_unsubscribed_never_subscribed_and_blocked_people_get_nothing(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock
) -> None:
    left = await subscriber(hsim, 30)
    await hsim.send(left, "/unsubscribe")
    stranger = hsim.person(31)
    await hsim.send(stranger, "/help")
    blocker = await subscriber(hsim, 32)
    friend = await subscriber(hsim, 33)

    def fault(method: str, params: dict[str, Any]) -> ApiError | None:
        return ApiError.blocked() if params.get("chat_id") == blocker.id else None

    api.fault = fault
    clock.set(utc(2026, 12, 31, 8, 0))
    report = await tick(hsim)
    assert report is not None and (report.sent, report.blocked) == (1, 1)
    assert len(greetings(api, friend)) == 1
    assert greetings(api, left) == [] and greetings(api, stranger) == []
    profile = await users.get(hsim.store, blocker.id)
    assert profile is not None and not profile.active
    attempts = len([c for c in api.calls if c.params.get("chat_id") == blocker.id])
    await tick(hsim)  # blocked: not even tried again
    assert len([c for c in api.calls if c.params.get("chat_id") == blocker.id]) == attempts


async def test_a_failed_send_is_retried_by_a_later_run_and_sent_once(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock
) -> None:
    person = await subscriber(hsim, 40)
    api.fault = lambda method, params: (
        ApiError(400, "Bad Request: something odd") if method == "sendMessage" else None
    )
    clock.set(utc(2026, 12, 31, 6, 0))
    report = await tick(hsim)
    assert report is not None and report.failed == 1 and greetings(api, person) == []
    api.fault = None
    clock.advance(timedelta(minutes=1))
    await tick(hsim)
    await tick(hsim)
    assert len(greetings(api, person)) == 1


@pytest.mark.parametrize("storm", [False, True])
async def test_an_outage_at_the_persons_hour_costs_time_not_the_reminder(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock, no_waiting: None, storm: bool
) -> None:
    """A durability review: Telegram unreachable (or answering 429 past the retries) for three
    runs at someone's 10:00 used up the reminder's three attempts, so it was lost for the
    year though it surely never went out. A send that surely never reached Telegram is given
    back, and the run stops giving out more (the others wait for the next run too)."""
    person = await subscriber(hsim, 44)
    other = await subscriber(hsim, 45)
    down = ApiError.too_many_requests(30) if storm else NetworkFault
    api.fault = lambda method, params: down if method == "sendMessage" else None
    clock.set(utc(2026, 12, 31, 6, 0))  # 10:00 in Baku
    for _ in range(5):
        report = await tick(hsim)
        assert report is not None and report.not_sent >= 1 and report.sent == 0
        clock.advance(timedelta(minutes=1))
    api.fault = None
    await tick(hsim)
    assert len(greetings(api, person)) == 1 and len(greetings(api, other)) == 1
    await tick(hsim)  # and once only
    assert len(greetings(api, person)) == 1 and len(greetings(api, other)) == 1


async def test_a_long_outage_at_the_hour_still_costs_no_one_the_reminder(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock, no_waiting: None
) -> None:
    """An operations review: after 10 give-backs a reminder was charged attempts, and each
    run tried the same first few people, so a 30-minute outage at 10:00 cost 26 of 50 their
    reminder. Telegram out of reach is never charged (a chat it floods with 429s is)."""
    crowd = [await subscriber(hsim, 600 + i) for i in range(20)]
    api.fault = lambda method, params: NetworkFault if method == "sendMessage" else None
    clock.set(utc(2026, 12, 31, 6, 0))  # 10:00 in Baku
    for _ in range(40):
        report = await tick(hsim)
        assert report is not None and report.sent == 0 and report.failed == 0
        clock.advance(timedelta(minutes=1))
    api.fault = None
    for _ in range(3):
        await tick(hsim)
        clock.advance(timedelta(minutes=1))
    assert [len(greetings(api, person)) for person in crowd] == [1] * len(crowd)


async def test_a_holiday_missed_while_the_bot_was_down_is_logged_at_the_next_start(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """An operations review: a holiday missed entirely left no trace at the next start."""
    clock = FakeClock(utc(2026, 12, 20, 9, 0))
    async with Simulator.running(settings, clock=clock) as sim:
        await holidays.load(sim.store, FIXTURE)
        await subscriber(sim, 70)
        await subscriber(sim, 71)
    clock.set(utc(2027, 1, 3, 9, 0))  # down from before 31 December until now
    with caplog.at_level(logging.WARNING, logger="handlers.reminders"):
        async with Simulator.running(settings, clock=clock) as sim:
            await tick(sim)
            await tick(sim)  # said once, at the first run
    said = [r.getMessage() for r in caplog.records if "no reminder recorded" in r.getMessage()]
    assert said == [
        "solidarity_day 2026 is over and 2 subscriber(s) who had joined before it have no"
        " reminder recorded for it: the bot was not running at their hour, or they subscribed"
        " after it (reminders are never sent a day late)"
    ]


async def test_a_holiday_over_after_a_restart_is_still_said(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """A diff review: restarted at 02:00 UTC on 1 January (down all of 31 December in Baku),
    the bot checked once, at start, before the day was over everywhere: no warning ever."""
    clock = FakeClock(utc(2026, 12, 20, 9, 0))
    async with Simulator.running(settings, clock=clock) as sim:
        await holidays.load(sim.store, FIXTURE)
        await subscriber(sim, 72)
    clock.set(utc(2027, 1, 1, 2, 0))
    with caplog.at_level(logging.WARNING, logger="handlers.reminders"):
        async with Simulator.running(settings, clock=clock) as sim:
            await tick(sim)
            assert not [r for r in caplog.records if "no reminder recorded" in r.getMessage()]
            clock.set(utc(2027, 1, 1, 12, 1))
            await tick(sim)
    said = [r.getMessage() for r in caplog.records if "no reminder recorded" in r.getMessage()]
    assert len(said) == 1 and said[0].startswith("solidarity_day 2026 is over and 1 ")


async def test_an_outage_stops_the_run_rather_than_trying_everyone_in_turn(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock, no_waiting: None
) -> None:
    crowd = [await subscriber(hsim, 500 + i) for i in range(40)]
    api.fault = lambda method, params: NetworkFault if method == "sendMessage" else None
    clock.set(utc(2026, 12, 31, 6, 0))

    async def send(due: reminders.Due) -> None:
        await hsim.app.bot.send_message(due.user_id, "greeting")

    report = await reminders.send_due(hsim.store, clock, send, workers=4)
    assert report.selected == len(crowd) and report.sent == 0
    assert 1 <= report.not_sent <= 4  # the four workers' first sends, then no more
    api.fault = None
    clock.advance(timedelta(minutes=1))
    report = await tick(hsim)
    assert report is not None and report.sent == len(crowd)


async def test_a_reminder_whose_answer_was_lost_is_never_sent_again(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock
) -> None:
    """Telegram took the reminder but its answer never came back: it may have arrived, so a
    later run must not send it again."""
    person = await subscriber(hsim, 41)
    api.fault = lambda method, params: ReplyLost if method == "sendMessage" else None
    clock.set(utc(2026, 12, 31, 10, 0))
    report = await tick(hsim)
    assert report is not None and report.unconfirmed == 1 and report.failed == 0
    api.fault = None
    for _ in range(3):
        clock.advance(timedelta(minutes=20))
        await tick(hsim)
    assert len(greetings(api, person)) == 1
    rows = await hsim.store.fetchall("SELECT status FROM reminder_sent WHERE user_id = 41")
    assert [r[0] for r in rows] == ["unknown"]


async def write_holiday(path: Path, month: int, day: int) -> Path:
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "month = 11\nday = 9", f"month = {month}\nday = {day}"
    )
    path.write_text(text, encoding="utf-8")
    return path


async def test_daylight_saving_changes(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock, tmp_path: Path
) -> None:
    # "Flag day" moved to 29 March 2026: Europe/Berlin jumps from 02:00 to 03:00 that night.
    await holidays.load(hsim.store, await write_holiday(tmp_path / "h.toml", 3, 29))
    night_owl = await subscriber(hsim, 50, zone="Europe/Berlin")
    await reminders.set_hour(hsim.store, night_owl.id, 2)  # 02:00 does not exist that day
    summer = await subscriber(hsim, 51, zone="America/New_York")
    clock.set(utc(2026, 3, 29, 0, 59))  # 01:59 CET
    await tick(hsim)
    assert greetings(api, night_owl) == []
    clock.set(utc(2026, 3, 29, 1, 0))  # 03:00 CEST: the first moment at or after 02:00
    await tick(hsim)
    assert len(greetings(api, night_owl)) == 1
    clock.set(utc(2026, 3, 29, 13, 59))  # 09:59 EDT (UTC-4 in summer)
    await tick(hsim)
    assert greetings(api, summer) == []
    clock.set(utc(2026, 3, 29, 14, 0))  # 10:00 EDT
    await tick(hsim)
    assert len(greetings(api, summer)) == 1


async def test_the_repeated_hour_when_clocks_go_back_sends_once(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock, tmp_path: Path
) -> None:
    # 25 October 2026: Berlin lives 02:00–03:00 twice (CEST, then CET).
    await holidays.load(hsim.store, await write_holiday(tmp_path / "h.toml", 10, 25))
    person = await subscriber(hsim, 52, zone="Europe/Berlin")
    await reminders.set_hour(hsim.store, person.id, 2)
    arrivals = []
    for minute in range(-60, 180, 15):  # 23:00–03:00 UTC covers both 02:00s
        clock.set(utc(2026, 10, 25, 0, 0) + timedelta(minutes=minute))
        before = len(greetings(api, person))
        await tick(hsim)
        arrivals += [clock.now()] * (len(greetings(api, person)) - before)
    # the first 02:00 (CEST) is 00:00 UTC; the second (CET), 01:00 UTC, sends nothing
    assert arrivals == [utc(2026, 10, 25, 0, 0)]


# -- never twice -------------------------------------------------------------------------------
async def test_two_overlapping_runs_send_each_reminder_once(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock
) -> None:
    people = [await subscriber(hsim, 100 + i) for i in range(40)]
    clock.set(utc(2026, 12, 31, 7, 0))
    bot = hsim.app.bot
    # the first sends wait until both runs have 8 on the wire: both selected, really overlapping
    waiting = 0
    both_busy = asyncio.Event()

    async def hold(method: str, params: dict[str, Any]) -> None:
        nonlocal waiting
        if method == "sendMessage" and not both_busy.is_set():
            waiting += 1
            if waiting == 16:
                both_busy.set()
            await both_busy.wait()

    api.hold = hold

    async def send(due: reminders.Due) -> None:
        await bot.send_message(due.user_id, f"🇦🇿 <b>x</b> {due.holiday_id}")

    first, second = await asyncio.gather(
        reminders.send_due(hsim.store, clock, send, workers=8),
        reminders.send_due(hsim.store, clock, send, workers=8),
    )
    assert first.sent + second.sent == 40
    assert first.sent > 0 and second.sent > 0
    # every reminder a run selected was sent by it or found claimed by the other
    assert first.skipped == first.selected - first.sent
    assert second.skipped == second.selected - second.sent
    assert first.skipped + second.skipped > 0  # they did race for some
    assert all(len(greetings(api, p)) == 1 for p in people)


async def test_a_hard_crash_mid_run_never_causes_a_second_send(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock, db_path: Path
) -> None:
    people = [await subscriber(hsim, 200 + i) for i in range(30)]
    clock.set(utc(2026, 12, 31, 7, 0))
    bot = hsim.app.bot
    dying = await Store.open(db_path)  # the connection of the process that will crash
    sends = 0
    crashed = asyncio.Event()
    hanging: list[int] = []

    async def send(due: reminders.Due) -> None:
        nonlocal sends
        sends += 1
        if sends == 10:
            hanging.append(due.user_id)
            crashed.set()
            await asyncio.Event().wait()  # this request hangs until the process dies
        await bot.send_message(due.user_id, "🇦🇿 <b>x</b>")

    run = asyncio.create_task(reminders.send_due(dying, clock, send, workers=4))
    await crashed.wait()
    run.cancel()  # the process is killed: nothing after this line of the run executes
    await asyncio.gather(run, return_exceptions=True)
    await dying.close()  # whatever it had not committed is gone, as in a crash
    # The next process starts: claims left in flight are given up, the rest is sent.
    rows = await hsim.store.fetchall("SELECT user_id FROM reminder_sent WHERE status = 'sending'")
    in_flight = {r["user_id"] for r in rows}
    (hung,) = hanging
    assert hung in in_flight  # the hanging send is among the claims in flight
    assert len(in_flight) <= 4  # plus at most the other 3 workers' claims
    assert await reminders.recover(hsim.store) == len(in_flight)
    await tick(hsim)
    counts = {p.id: len(greetings(api, p)) for p in people}
    assert max(counts.values()) == 1
    # only claims in flight at the crash may be missing (whether Telegram got them is unknown)
    assert {uid for uid, n in counts.items() if n == 0} <= in_flight
    assert all(n == 1 for uid, n in counts.items() if uid not in in_flight)


async def test_a_clean_stop_mid_run_loses_nothing_and_updates_are_answered_meanwhile(
    tmp_path: Path, clock: FakeClock
) -> None:
    settings = Settings(db_path=tmp_path / "db.sqlite3", send_rate=100.0)
    api = FakeBotAPI()
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await holidays.load(sim.store, FIXTURE)
        people = [await subscriber(sim, 300 + i) for i in range(120)]
    # after the 10th greeting, greetings stay on the wire until the stop has begun
    on_the_wire = asyncio.Event()
    release = asyncio.Event()

    async def hold(method: str, params: dict[str, Any]) -> None:
        greeting = method == "sendMessage" and "🇦🇿 <b>" in str(params.get("text"))
        if greeting and sum(len(greetings(api, p)) for p in people) >= 10:
            on_the_wire.set()
            await release.wait()

    api.hold = hold
    clock.set(utc(2026, 12, 31, 6, 0))
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        # the start-up run of the job is sending in the background; a person still gets answers
        await on_the_wire.wait()
        reply = await sim.send(sim.person(999), "/help")
        assert reply and "/subscribe" in reply[0].text
        stopping = asyncio.create_task(sim.app.stop())  # SIGTERM
        await asyncio.sleep(0)  # stop() marks the Application stopped before its first await
        assert not sim.app.running
        release.set()  # the requests in flight complete after the stop began
        await stopping
        after_stop = sum(len(greetings(api, p)) for p in people)
        assert 10 < after_stop < len(people)  # stopped mid-run, in-flight sends finished
    api.hold = None
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await tick(sim)
    assert [len(greetings(api, p)) for p in people] == [1] * len(people)


def send_greeting(sim: Simulator) -> reminders.Send:
    async def send(due: reminders.Due) -> None:
        await sim.app.bot.send_message(due.user_id, "🇦🇿 <b>x</b>")

    return send


def holding_the_first_greeting(api: FakeBotAPI) -> tuple[asyncio.Event, asyncio.Event]:
    """(on the wire, release): the first greeting waits on the wire until released."""
    return hold_first(api, lambda method, params: "🇦🇿 <b>" in str(params.get("text")))


async def test_a_run_sends_nothing_to_who_stopped_being_due_while_it_was_sending(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock
) -> None:
    """A run sends for up to an hour what it selected at its start (100,000 at 30/s): who
    unsubscribed, blocked the bot, moved their hour or left for a zone where it is not yet the
    holiday meanwhile is skipped, not sent the greeting anyway."""
    people = [await subscriber(hsim, 400 + i) for i in range(6)]
    clock.set(utc(2026, 12, 31, 7, 0))  # 11:00 in Baku
    on_the_wire, release = holding_the_first_greeting(api)
    run = asyncio.create_task(reminders.send_due(hsim.store, clock, send_greeting(hsim), workers=1))
    await on_the_wire.wait()
    first = next(p for p in people if greetings(api, p) or api.sent(p.id))
    unsubscribed, blocked, later, moved, stays = (p for p in people if p is not first)
    (reply,) = await hsim.send(unsubscribed, "/unsubscribe")
    assert reply.text.startswith("🔕")
    await hsim.feed(member_update(hsim, blocked.id, "member", "kicked"))
    assert await reminders.set_hour(hsim.store, later.id, 23)
    await hsim.send(moved, "/timezone Pacific/Pago_Pago")  # 20:00 on 30 December there
    release.set()
    report = await run
    got = {p.id: len(greetings(api, p)) for p in people}
    assert got == {p.id: int(p in (first, stays)) for p in people}
    assert (report.sent, report.skipped) == (2, 4)


async def test_a_run_sends_nothing_for_a_holiday_suspended_while_it_was_sending(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock, tmp_path: Path
) -> None:
    people = [await subscriber(hsim, 410 + i) for i in range(3)]
    clock.set(utc(2026, 12, 31, 7, 0))
    on_the_wire, release = holding_the_first_greeting(api)
    run = asyncio.create_task(reminders.send_due(hsim.store, clock, send_greeting(hsim), workers=1))
    await on_the_wire.wait()
    flag_day_only = tmp_path / "holidays.toml"  # solidarity_day's id vanished from the file
    flag_day_only.write_text(
        "[[holiday]]" + FIXTURE.read_text(encoding="utf-8").split("[[holiday]]")[2], "utf-8"
    )
    assert (await holidays.load(hsim.store, flag_day_only)).kept == {"solidarity_day": 3}
    release.set()
    report = await run
    assert sum(len(greetings(api, p)) for p in people) == 1
    assert (report.sent, report.skipped) == (1, 2)


async def test_a_run_sends_nothing_once_the_holiday_is_over_where_they_live(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock
) -> None:
    people = [await subscriber(hsim, 420 + i) for i in range(3)]
    for person in people:  # at 00:01 the hour has come again: only the date says it is over
        assert await reminders.set_hour(hsim.store, person.id, 0)
    clock.set(utc(2026, 12, 31, 19, 59))  # 23:59 in Baku
    on_the_wire, release = holding_the_first_greeting(api)
    run = asyncio.create_task(reminders.send_due(hsim.store, clock, send_greeting(hsim), workers=1))
    await on_the_wire.wait()
    clock.advance(timedelta(minutes=2))  # 1 January in Baku: a greeting now is a day late
    release.set()
    report = await run
    assert sum(len(greetings(api, p)) for p in people) == 1
    assert (report.sent, report.skipped) == (1, 2)


@pytest.mark.parametrize("fault", [None, ApiError(400, "Bad Request: odd")])
async def test_a_second_process_starting_keeps_the_outcome_of_a_send_in_flight(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock, fault: ApiError | None
) -> None:
    """A deploy starts the new process before the old one stops: the new one takes the old
    one's claim in flight for a crash's leftover ('unknown'). The old one's outcome still
    counts: sent stays sent; a failure is retried, and the greeting arrives once."""
    person = await subscriber(hsim, 440)
    clock.set(utc(2026, 12, 31, 7, 0))
    api.fault = lambda method, params: fault if "🇦🇿 <b>" in str(params.get("text")) else None
    on_the_wire, release = holding_the_first_greeting(api)
    run = asyncio.create_task(reminders.send_due(hsim.store, clock, send_greeting(hsim), workers=1))
    await on_the_wire.wait()
    assert await reminders.recover(hsim.store) == 1  # the second process starts
    release.set()
    await run
    (row,) = await hsim.store.fetchall("SELECT status FROM reminder_sent WHERE user_id = 440")
    assert row["status"] == ("sent" if fault is None else "failed")
    api.fault = None
    clock.advance(timedelta(minutes=1))
    await tick(hsim)
    assert len(greetings(api, person)) == 1


async def test_a_holiday_added_while_a_run_is_sending_is_sent_too(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock, tmp_path: Path
) -> None:
    person = await subscriber(hsim, 450)
    clock.set(utc(2026, 12, 31, 7, 0))
    on_the_wire, release = holding_the_first_greeting(api)
    run = asyncio.create_task(tick(hsim))
    await on_the_wire.wait()
    # diaspora-bot import holidays, from another shell: a second holiday on the same day
    added = FIXTURE.read_text(encoding="utf-8") + (
        '\n[[holiday]]\nid = "new_day"\nmonth = 12\nday = 31\n'
        '[holiday.name]\naz = "Yeni gün"\nen = "New Day"\nru = "Новый день"\n'
        '[holiday.greeting]\naz = "Salam"\nen = "Hello"\nru = "Привет"\n'
    )
    (tmp_path / "holidays.toml").write_text(added, encoding="utf-8")
    await holidays.load(hsim.store, tmp_path / "holidays.toml")
    assert await reminders.subscribe_holiday(hsim.store, person.id, "new_day")
    release.set()
    report = await run
    assert report is not None and report.errors == 0
    assert len(greetings(api, person)) == 2


# -- due selection -----------------------------------------------------------------------------
async def test_due_selection_groups_by_zone_and_skips_what_was_sent(hsim: Simulator) -> None:
    store: Store = hsim.store
    for uid, zone in ((60, "Europe/Berlin"), (61, "Europe/London"), (62, None)):
        await subscriber(hsim, uid, zone=zone)
    due = await reminders.due_reminders(store, utc(2026, 12, 31, 10, 30))
    assert sorted(d.user_id for d in due) == [60, 61, 62]
    assert {d.year for d in due} == {2026}
    claim = subs.claim(
        store,
        60,
        "solidarity_day",
        2026,
        "2026-12-31T10:30:00Z",
        zone="Europe/Berlin",
        local_hour=11,
    )
    assert await claim
    due = await reminders.due_reminders(store, utc(2026, 12, 31, 10, 30))
    assert sorted(d.user_id for d in due) == [61, 62]
    assert await reminders.due_reminders(store, utc(2026, 12, 30, 10, 30)) == []


async def test_the_job_runs_by_itself_at_start_to_catch_up_downtime(
    settings: Settings, clock: FakeClock
) -> None:
    api = FakeBotAPI()
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await holidays.load(sim.store, FIXTURE)
        person = await subscriber(sim, 400, zone="Europe/London")
    arrived = asyncio.Event()

    def watch(method: str, params: dict[str, Any]) -> None:
        if method == "sendMessage" and "🇦🇿" in str(params.get("text")):
            arrived.set()

    api.fault = watch  # type: ignore[assignment]
    clock.set(utc(2026, 12, 31, 15, 0))  # the bot was down at 10:00 London time
    async with Simulator.running(settings, api=api, clock=clock):
        await asyncio.wait_for(arrived.wait(), timeout=10)
    assert len(greetings(api, person)) == 1


async def test_the_shipped_holidays_file_is_loaded_at_start(sim: Simulator) -> None:
    dates = {h.id: (h.month, h.day) for h in await subs.all_holidays(sim.store)}
    assert dates == {"solidarity_day": (12, 31), "flag_day": (11, 9)}
    texts = await subs.holiday_texts(sim.store, "az")
    assert texts["flag_day"].name == "Dövlət Bayrağı Günü"
    assert holidays.read(holidays.DEFAULT_FILE)  # and it passes validation


@pytest.mark.parametrize(
    ("default", "lang", "said"),
    [
        ("Asia/Baku", "en", "reminders come at Baku time"),
        ("America/Toronto", "en", "reminders come at Toronto time"),
        ("America/Toronto", "ru", "по стандартному поясу бота (Торонто)"),
        # an offset is no city: "по времени города UTC" read wrong
        ("UTC", "ru", "по стандартному поясу бота (UTC)"),
        ("UTC", "en", "reminders come at UTC time"),
        ("Europe/London", "az", "xatırlatma London vaxtı ilə gəlir"),
    ],
)
async def test_the_reminders_card_names_the_organisations_default_zone(
    settings: Settings, default: str, lang: str, said: str
) -> None:
    """The reminders topic (data/faq) writes {default_zone}: it had said Baku time to a
    community whose operator set BOT_DEFAULT_TZ to Toronto."""
    import dataclasses

    try:
        running = dataclasses.replace(settings, default_timezone=default)
        async with Simulator.running(running) as sim:
            person = sim.person(24, lang)
            (menu,) = await sim.send(person, "/topics")
            (card,) = await sim.press_data(person, menu, "faq:m:bot_reminders")  # "More"
            assert said in card.text, card.text
            assert "{default_zone}" not in card.text
    finally:
        reminders.use_default_zone(Settings().default_timezone)


def test_greetings_are_sent_every_year_so_name_no_recent_year() -> None:
    """Both reviews: the Flag Day greeting, sent each 9 November, said "In 2025 Azerbaijanis
    abroad marked it", news growing older every year (a founding year, 1991, may stay)."""
    import re
    import tomllib

    from bot import DATA_DIR

    data = tomllib.loads((DATA_DIR / "holidays.toml").read_text(encoding="utf-8"))
    for holiday in data["holiday"]:
        for lang, text in holiday["greeting"].items():
            assert not re.search(r"\b20\d\d\b", text), (holiday["id"], lang)


async def test_a_stop_does_not_wait_out_the_flood_waits_of_a_send(
    settings: Settings, clock: FakeClock
) -> None:
    """A durability review: a clean stop under a 429 storm waited out about 24 flood waits, long
    enough for systemd to kill the bot and leave its claims "unknown" (never sent again). Now
    only PTB's limiter's own retries are waited; the reminder is given back, and sent after."""
    api = FakeBotAPI()
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await holidays.load(sim.store, FIXTURE)
        person = await subscriber(sim, 88)
    clock.set(utc(2026, 12, 31, 7, 0))
    flooding = asyncio.Event()

    def fault(method: str, params: dict[str, Any]) -> ApiError | None:
        if "🇦🇿 <b>" in str(params.get("text")):
            flooding.set()
            return ApiError.too_many_requests(1)
        return None

    api.fault = fault
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await asyncio.wait_for(flooding.wait(), 10)
        await sim.app.stop()  # SIGTERM
        refused = sum(1 for c in api.calls if not c.ok)
        rows = await sim.store.fetchall("SELECT status FROM reminder_sent WHERE user_id = 88")
        assert [r[0] for r in rows] == ["failed"]  # given back, not "unknown"
    assert refused <= 4  # the limiter's three retries and the first try; it had been 24
    api.fault = None
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await tick(sim)
    assert len(greetings(api, person)) == 1


async def test_the_reminder_job_may_tick_while_a_long_run_sends(sim: Simulator) -> None:
    """A durability review: with APScheduler's one instance, each tick during an hour-long run
    logged "maximum number of running instances reached"; the job returns by itself when a
    run holds its lock (run_reminders)."""
    (job,) = sim.app.job_queue.get_jobs_by_name(reminders_handlers.JOB_NAME)
    assert job.job.max_instances == 2


async def test_a_flood_wait_past_midnight_is_not_sent_a_day_late(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock, no_waiting: None
) -> None:
    """A durability review: a catch-up claimed at 23:58 went out on 1 January after flood
    waits. Past the waits PTB's limiter makes itself, deliver() checks the day again."""
    person = await subscriber(hsim, 66, zone="Europe/Berlin")
    clock.set(utc(2026, 12, 31, 22, 58))  # 23:58 on 31 December in Berlin
    waits = 0

    def fault(method: str, params: dict[str, Any]) -> ApiError | None:
        nonlocal waits
        if "🇦🇿 <b>" in str(params.get("text")) and waits < 6:
            waits += 1
            clock.advance(timedelta(minutes=1))  # each flood wait takes a minute
            return ApiError.too_many_requests(60)
        return None

    api.fault = fault
    report = await tick(hsim)
    assert report is not None and report.not_sent == 1 and greetings(api, person) == []
    assert waits == 4  # the limiter's 3 retries, and no more once it was 1 January there
    clock.advance(timedelta(minutes=5))
    await tick(hsim)  # and not later either
    assert greetings(api, person) == []


async def test_a_claim_another_process_marked_unknown_is_given_back_when_not_sent(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock, no_waiting: None
) -> None:
    """A review of the give-back: in a deploy, the new process's start marks our claim
    'unknown' while we are in a network back-off; surely not sent, it is given back (it had
    stayed 'unknown', never sent)."""
    person = await subscriber(hsim, 7)
    clock.set(utc(2026, 12, 31, 6, 0))
    api.fault = lambda method, params: NetworkFault if method == "sendMessage" else None
    marked = False

    async def send(due: reminders.Due) -> None:
        nonlocal marked
        if not marked:
            marked = True
            await subs.abandon_in_flight(hsim.store)  # the other process starts
        await hsim.app.bot.send_message(due.user_id, "greeting")

    report = await reminders.send_due(hsim.store, clock, send, workers=4)
    assert report.not_sent == 1
    api.fault = None
    clock.advance(timedelta(minutes=1))
    await tick(hsim)
    assert len(greetings(api, person)) == 1


async def test_one_chat_flooded_all_day_is_left_after_a_while(
    hsim: Simulator, api: FakeBotAPI, clock: FakeClock, no_waiting: None
) -> None:
    """A review of the give-back: one chat Telegram floods all day (no outage) was tried
    every minute until midnight, each run stopping for everyone else too."""
    flooded = await subscriber(hsim, 3)
    others = [await subscriber(hsim, 100 + i) for i in range(3)]
    api.fault = lambda method, params: (
        ApiError.too_many_requests(5)
        if method == "sendMessage" and params.get("chat_id") == flooded.id
        else None
    )
    clock.set(utc(2026, 12, 31, 6, 0))
    for _ in range(60):
        await tick(hsim)
        clock.advance(timedelta(minutes=1))
    assert all(len(greetings(api, p)) == 1 for p in others)
    rows = await hsim.store.fetchall("SELECT status, attempts FROM reminder_sent WHERE user_id = 3")
    assert [tuple(r) for r in rows] == [("failed", subs.MAX_ATTEMPTS)]  # left, not retried
    tried = len([c for c in api.calls if c.params.get("chat_id") == flooded.id])
    # a run's send is 24 calls (PTB's limiter: 4 per try; deliver: 6 tries); 60 runs had been
    assert tried <= (reminders.MAX_GIVE_BACKS + subs.MAX_ATTEMPTS + 1) * 24 < 60 * 24
