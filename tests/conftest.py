from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.config import Settings
from bot.fakeapi import FakeBotAPI
from bot.simulator import Simulator

ADMIN_ID = 900


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "bot.sqlite3"


@pytest.fixture
def settings(db_path: Path) -> Settings:
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
