"""Broadcast throughput through the Bot API stand-in, with the rate limiter at 25/s, 100/s, off.

    python -m benchmarks.broadcast                      # 2,500 at 25/s, 10,000 at 100/s and off
    python -m benchmarks.broadcast --quick              # 500 / 2,000 / 10,000: about 45 s

At 25/s, 10,000 recipients would take 400 s, so that run uses 2,500 (100 s); the rate it
measures is the same.

Each limited run sends to every recipient and times it from the start to the last outcome.
For each limit: the achieved rate as a fraction of the limit (target ≥ 0.95). With the limiter
off: the broadcast's rate against a bare loop of ``bot.send_message`` calls to the same people
through the same Application, measured in the same run (target ≥ 0.8: the bookkeeping — the
frozen list, 'sending' and the outcome written per recipient, deliver() — costs ≤ 20 %).
The stand-in answers instantly; ``--latency`` adds a round trip per call.

Each timed part starts after ``gc.collect()``. The stand-in keeps every message it sends, so
each run moves 10,000 objects into the collector's oldest generation, and about every second
run that crosses the threshold for a full collection (50-100 ms, which also frees the
Applications of earlier rounds). Without it that pause fell into whichever part came second
in a round — the broadcast, every time (with the order swapped it fell into the bare loop).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.app import runtime_of
from bot.clock import SystemClock
from bot.config import Settings
from bot.fakeapi import FakeBotAPI
from bot.simulator import Simulator
from bot.store import Store, broadcasts
from handlers.broadcast import runner_of, stop_button

ADMIN = 1
_runs = itertools.count(1)
TEXT = "Solidarity Day concert at the Azerbaijani House in Berlin, 31 Dec, 18:00"


@dataclass(frozen=True)
class Result:
    label: str
    recipients: int
    seconds: float
    delivered: int

    @property
    def rate(self) -> float:
        return self.recipients / self.seconds


async def _people(store: Store, count: int) -> list[int]:
    ids = list(range(100_000, 100_000 + count))
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    await store.executemany(
        "INSERT INTO users (id, language, announcements, created_at, last_seen)"
        " VALUES (?, 'az', ?, ?, ?)",
        [(ADMIN, 0, stamp, stamp)] + [(i, 1, stamp, stamp) for i in ids],
    )
    return ids


async def run_broadcast(rate: float, count: int, latency: float, folder: Path) -> Result:
    """One broadcast to ``count`` people at ``rate`` per second (0: no limit)."""
    db_path = folder / f"bench-{next(_runs)}.sqlite3"
    settings = Settings(db_path=db_path, admins=frozenset({ADMIN}), send_rate=rate)
    api = FakeBotAPI(latency=latency)
    api.record_calls = False
    api.check_requests = False
    async with Simulator.running(settings, api=api, clock=SystemClock()) as sim:
        await _people(sim.store, count)
        now = datetime.now(UTC)
        draft = await broadcasts.create_draft(sim.store, ADMIN, now, text=TEXT)
        total = await broadcasts.freeze_recipients(sim.store, draft, ADMIN, now)
        assert total == count
        runner = runner_of(runtime_of(sim.app))
        gc.collect()  # earlier rounds' garbage is not this run's to collect (see above)
        started = time.perf_counter()
        runner.start(draft)
        await runner.wait()
        seconds = time.perf_counter() - started
        done = await broadcasts.get(sim.store, draft)
    assert done is not None and done.state == "done"
    label = f"limiter {rate:g}/s" if rate else "limiter off"
    return Result(label, count, seconds, done.delivered)


async def run_bare_loop(count: int, latency: float, folder: Path) -> Result:
    """The baseline: ``await bot.send_message(...)`` in a loop, same Application, no bookkeeping
    (the same call as the broadcast's: the text and the stop button under it)."""
    db_path = folder / f"bench-{next(_runs)}.sqlite3"
    settings = Settings(db_path=db_path, admins=frozenset({ADMIN}), send_rate=0)
    api = FakeBotAPI(latency=latency)
    api.record_calls = False
    api.check_requests = False
    async with Simulator.running(settings, api=api, clock=SystemClock()) as sim:
        ids = await _people(sim.store, count)
        bot = sim.app.bot
        button = stop_button("az")  # the same call as the broadcast's: its text and button
        gc.collect()
        started = time.perf_counter()
        for user_id in ids:
            await bot.send_message(user_id, TEXT, reply_markup=button)
        seconds = time.perf_counter() - started
    return Result("bare send_message loop", count, seconds, count)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer recipients at 25/s, 100/s")
    parser.add_argument("--recipients", type=int, default=10_000, help="with the limiter off")
    parser.add_argument("--latency", type=float, default=0.0, help="stand-in round trip, s")
    parser.add_argument("--repeat", type=int, default=3, help="limiter-off rounds (best kept)")
    args = parser.parse_args()
    at_25 = 500 if args.quick else 2_500
    at_100 = 2_000 if args.quick else 10_000

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{'run':<26}{'recipients':>11}{'seconds':>10}{'msg/s':>10}  result")
        for rate, count in ((25.0, at_25), (100.0, at_100)):
            r = await run_broadcast(rate, count, args.latency, folder)
            print(
                f"{r.label:<26}{r.recipients:>11,}{r.seconds:>10.2f}{r.rate:>10.1f}"
                f"  {r.rate / rate:.3f} of the limit (target ≥ 0.95)"
            )
        # alternate the two, keep the best of each: the machine may be busy with other work
        bares, offs = [], []
        for _ in range(args.repeat):
            bares.append(await run_bare_loop(args.recipients, args.latency, folder))
            offs.append(await run_broadcast(0, args.recipients, args.latency, folder))
        bare = min(bares, key=lambda r: r.seconds)
        off = min(offs, key=lambda r: r.seconds)
        print(f"{bare.label:<26}{bare.recipients:>11,}{bare.seconds:>10.2f}{bare.rate:>10.1f}")
        print(
            f"{off.label:<26}{off.recipients:>11,}{off.seconds:>10.2f}{off.rate:>10.1f}"
            f"  {off.rate / bare.rate:.3f} of the bare loop (target ≥ 0.8)"
        )


if __name__ == "__main__":
    asyncio.run(main())
