"""Holiday reminders at scale: 100,000 subscribers all due in the same minute.

    python -m benchmarks.reminders [--users 100000] [--rate 25] [--seconds 30] [--latency 0.05]

Measures, against the issue's targets:
- select + enqueue: finding every due (person, holiday) in SQLite and queueing it (< 2 s);
- an idle tick: the same query on a day that is not a holiday (what runs every minute);
- the delivery rate of the real scheduler job through the Application's AIORateLimiter and the
  Bot API stand-in with ``--latency`` seconds per request, for ``--seconds`` seconds, then a
  clean stop (>= 95 % of ``--rate``);
- as a baseline in the same run: a bare ``for`` loop of ``send_message`` through the same
  rate-limited bot and latency;
- peak RSS of the whole process (< 150 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot import holidays, reminders
from bot.clock import FakeClock
from bot.config import Settings
from bot.fakeapi import FakeBotAPI
from bot.simulator import Simulator
from handlers.reminders import reminder_job

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "data" / "holidays.toml"
REAL = Path(__file__).resolve().parent.parent / "data" / "holidays.toml"
# 10:00 on 31 December in every one of these is 09:00 UTC (London: a 09:00 reminder hour).
ZONES = [
    ("Europe/Berlin", 10),
    ("Europe/Paris", 10),
    ("Europe/Vienna", 10),
    ("Europe/Warsaw", 10),
    ("Africa/Lagos", 10),
    ("Europe/London", 9),
    ("Asia/Baku", 13),
    (None, 13),  # no zone: Asia/Baku
]
DUE_AT = datetime(2026, 12, 31, 9, 0, 30, tzinfo=UTC)


def rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


async def populate(sim: Simulator, count: int) -> None:
    await holidays.load(sim.store, REAL if REAL.is_file() else FIXTURE)
    stamp = "2026-12-01T00:00:00Z"
    rows = []
    for i in range(count):
        zone, hour = ZONES[i % len(ZONES)]
        rows.append((1_000_000 + i, ("az", "en", "ru")[i % 3], zone, hour, stamp, stamp))
    await sim.store.executemany(
        "INSERT INTO users (id, language, timezone, reminder_hour, created_at, last_seen)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    await sim.store.execute(
        "INSERT INTO holiday_subscriptions (user_id, holiday_id)"
        " SELECT id, 'solidarity_day' FROM users"
    )


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(db_path=Path(folder) / "bench.sqlite3", send_rate=args.rate)
        clock = FakeClock(datetime(2026, 12, 30, 12, 0, tzinfo=UTC))
        api = FakeBotAPI(latency=args.latency)
        api.check_requests = False
        async with Simulator.running(settings, api=api, clock=clock) as sim:
            started = time.perf_counter()
            await populate(sim, args.users)
            built = time.perf_counter() - started
            print(f"subscribers:            {args.users:,} (built in {built:.1f} s)")

            started = time.perf_counter()
            idle = await reminders.due_reminders(sim.store, clock.now())
            idle_ms = (time.perf_counter() - started) * 1000
            print(f"idle tick (no holiday): {idle_ms:.1f} ms, {len(idle)} due")

            started = time.perf_counter()
            due = await reminders.due_reminders(sim.store, DUE_AT)
            queue: asyncio.Queue[reminders.Due] = asyncio.Queue()
            for item in due:
                queue.put_nowait(item)
            elapsed = time.perf_counter() - started
            print(
                f"select + enqueue:       {elapsed:.2f} s for {queue.qsize():,} due (target < 2 s)"
            )
            del due, queue

            # Baseline: a bare loop through the same rate-limited bot, same latency.
            bot = sim.app.bot
            sent = 0
            started = time.perf_counter()
            while time.perf_counter() - started < args.seconds / 3:
                await bot.send_message(2_000_000 + sent, "baseline")
                sent += 1
            baseline = sent / (time.perf_counter() - started)
            print(f"baseline bare loop:     {baseline:.1f} msg/s (limit {args.rate:g})")

            # The scheduler job itself, at the due minute, for --seconds, then a clean stop.
            clock.set(DUE_AT)
            before = len(api.calls)
            job_queue = sim.app.job_queue
            assert job_queue is not None
            job_queue.run_once(reminder_job, when=0, name="benchmark")
            await asyncio.sleep(args.seconds)
        # leaving the block stopped the Application: the job finished its in-flight sends
        calls = [c for c in api.calls[before:] if c.ok and c.method == "sendMessage"]
        window = calls[-1].at - calls[0].at if len(calls) > 1 else float("nan")
        rate = (len(calls) - 1) / window
        steady = [c for c in calls if c.at - calls[0].at >= 2.0]
        steady_rate = (len(steady) - 1) / (steady[-1].at - steady[0].at) if len(steady) > 1 else 0.0
        print(
            f"scheduler job:          {rate:.2f} msg/s over {window:.1f} s, {steady_rate:.2f} msg/s"
            f" after the first 2 s ({steady_rate / args.rate:.0%} of the limit; target >= 95%)"
        )
        once = len({c.params["chat_id"] for c in calls}) == len(calls)
        print(f"sent before the stop:   {len(calls):,}; nobody twice: {once}")
        print(f"peak RSS:               {rss_mb():.0f} MB (target < 150 MB)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=25.0, help="BOT_SEND_RATE")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long the job sends")
    parser.add_argument("--latency", type=float, default=0.05, help="stand-in seconds per call")
    asyncio.run(main(parser.parse_args()))
