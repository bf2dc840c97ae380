from __future__ import annotations

import asyncio
import shutil
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot import fakeapi
from bot.clock import FakeClock
from bot.config import Settings
from bot.fakeapi import BOT_USER, FakeBotAPI
from bot.simulator import Simulator
from bot.store import Store, migrations

ADMIN_ID = 900


@pytest.fixture(autouse=True)
def nothing_refused(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[str]]:
    """Fails any test in which the bot made a call Telegram would refuse (broken HTML, a text
    over 4,096 characters, a bad button): the person would have got nothing. A test of such a
    refusal itself takes this fixture and empties the list."""
    refused: list[str] = []
    check = fakeapi.refusal

    def noted(method: str, params: dict[str, Any]) -> str | None:
        why = check(method, params)
        if why is not None:
            refused.append(f"{method}: {why}: {params!r:.300}")
        return why

    monkeypatch.setattr(fakeapi, "refusal", noted)
    yield refused
    assert not refused, "Telegram would have refused:\n" + "\n".join(refused)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "bot.sqlite3"


@pytest.fixture(scope="session")
def loaded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the data files (gazetteer, places) loaded once per test session.

    Loading the gazetteer takes about a second; every test that starts the bot gets a copy,
    so start-up sees unchanged files and loads nothing.
    """
    from bot.app import load_data

    path = tmp_path_factory.mktemp("template") / "loaded.sqlite3"

    async def build() -> None:
        store = await Store.open(path)
        await load_data(store, FakeClock(datetime(2026, 12, 1, tzinfo=UTC)))
        await store.close()

    asyncio.run(build())
    return path


@pytest.fixture
def settings(db_path: Path, loaded_db: Path) -> Settings:
    shutil.copyfile(loaded_db, db_path)
    # A high send rate: tests check behaviour, benchmarks check speed.
    return Settings(db_path=db_path, admins=frozenset({ADMIN_ID}), send_rate=1000.0)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))


@pytest.fixture
def api() -> FakeBotAPI:
    return FakeBotAPI()


@pytest.fixture
async def sim(settings: Settings, api: FakeBotAPI, clock: FakeClock) -> AsyncIterator[Simulator]:
    async with Simulator.running(settings, api=api, clock=clock) as simulator:
        yield simulator


async def run_due_jobs(sim: Simulator, elapsed: timedelta) -> list[str]:
    """Run now, once and in order, the one-off JobQueue jobs that would be due after
    ``elapsed`` (conversation time-outs, album collection) — time passes without sleeping.

    The JobQueue keeps real time; each job run here is removed from it first, so it cannot
    run again by itself. Repeating jobs (the reminder tick) are left alone. Returns the names
    of the jobs that ran.
    """
    job_queue = sim.app.job_queue
    assert job_queue is not None
    horizon = datetime.now(UTC) + elapsed
    due = [
        job
        for job in job_queue.jobs()
        if type(job.job.trigger).__name__ == "DateTrigger"
        and job.next_t is not None
        and job.next_t <= horizon
    ]
    due.sort(key=lambda job: job.next_t or horizon)
    for job in due:
        job.schedule_removal()
        await job.run(sim.app)
    return [job.name or "" for job in due]


@pytest.fixture
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    """``asyncio.sleep`` returns at once (yielding to the loop once): back-offs, flood waits and
    the rate limiter's pacing keep their order and effect, without the wall-clock time."""
    real_sleep = asyncio.sleep

    async def no_wait(delay: float, result: Any = None) -> Any:
        return await real_sleep(0, result)

    monkeypatch.setattr(asyncio, "sleep", no_wait)


def database_at(db_path: Path, version: int, rows_sql: str) -> None:
    """A database file as an older bot left it: migrations up to ``version``, then
    ``rows_sql`` (the rows that bot had written)."""
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        for number, _name, sql in migrations()[:version]:
            conn.executescript(f"{sql}\nPRAGMA user_version = {number};")
        conn.executescript(rows_sql)


def hold_first(
    api: FakeBotAPI, matches: Callable[[str, dict[str, Any]], bool]
) -> tuple[asyncio.Event, asyncio.Event]:
    """(on the wire, release): the first call that ``matches`` (method, params) reaches the
    stand-in and waits there until ``release`` is set; later calls go through."""
    on_the_wire, release = asyncio.Event(), asyncio.Event()

    async def hold(method: str, params: dict[str, Any]) -> None:
        if not on_the_wire.is_set() and matches(method, params):
            on_the_wire.set()
            await release.wait()

    api.hold = hold
    return on_the_wire, release


def in_reply_to_bot(
    raw: dict[str, Any],
    message_id: int = 1,
    text: str = "…",
    markup: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """``raw`` (a text update) made a reply to the bot's message ``message_id`` (showing
    ``text``, and the inline keyboard ``markup`` if given)."""
    chat = raw["message"]["chat"]
    replied: dict[str, Any] = {
        "message_id": message_id,
        "date": 0,
        "chat": chat,
        "from": BOT_USER,
        "text": text,
    }
    if markup is not None:
        replied["reply_markup"] = markup
    raw["message"]["reply_to_message"] = replied
    return raw
