"""The longest one update holds the event loop, for inputs anyone can send, beside a normal
question in the same run.

    python -m benchmarks.worst_input [--runs 5]

The bot handles updates on one asyncio thread, so one slow update delays everyone's answers.
Each input goes through the real Application and the Bot API stand-in, from a new person
(median of ``--runs`` runs, in ms): its wall time, and the longest the event loop was held
without yielding meanwhile (a ticker task measures the largest gap between its turns; work
on aiosqlite's thread counts in the first, not the second). The baseline is "When is
Solidarity Day?". The inputs are
those an adversarial review found slowest: 4,096-character messages (Telegram's limit) of
spaces, digits, dots or month names after a request; the same after ``/subscribe``; a
256-character inline query; shared locations far from any city (the Southern Ocean,
Antarctica), against Berlin; Ukrainian, which is read as Russian first.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.config import Settings
from bot.simulator import Person, Simulator

LIMIT = 4096


def fill(prefix: str, unit: str, size: int = LIMIT) -> str:
    return (prefix + unit * size)[:size]


TEXTS = {
    "normal question": "When is Solidarity Day?",
    "'remind me' + spaces": fill("remind me ", " "),
    "'remind me' + dots": fill("remind me ", "."),
    "'when is' + spaces": fill("when is ", " "),
    "'what about' + spaces": fill("what about ", " "),
    "'is solidarity day on' + '1 '": fill("is solidarity day on ", "1 "),
    "'remind me' + '31 dekabr '": fill("remind me ", "31 dekabr "),
    "'/subscribe 1' + spaces": fill("/subscribe 1", " "),
    "'/subscribe' + '1 '": fill("/subscribe ", "1 "),
    "zero-width spaces": fill("", "a\u200b"),
    "'at 9 ' repeated": fill("", "at 9 "),
    "'Berlin ' repeated": fill("", "Berlin "),
    # Ukrainian, read as Russian first (bot/ukrainian.py): every word rewritten, and names
    # looked up in the gazetteer as typed
    "Ukrainian question repeated": fill("", "Що таке День прапора? "),
    "'Тернопіль Київ ' repeated": fill("", "Тернопіль Київ "),
    "'що будь' + spaces": fill("що будь", " "),
}
LOCATIONS = {
    "location: Berlin": (52.52, 13.405),
    "location: Southern Ocean (-60, 60)": (-60.0, 60.0),
    "location: Antarctica (-70, 120)": (-70.0, 120.0),
    "location: mid-Atlantic (50, -30)": (50.0, -30.0),
}


async def measure(
    sim: Simulator, ids: itertools.count[int], act: Callable[[Person], Awaitable[object]], runs: int
) -> tuple[float, float]:
    """Median wall time and median longest loop block, in ms."""
    walls, blocks = [], []
    for _ in range(runs):
        person = sim.person(next(ids), "en")
        done = asyncio.Event()
        task = asyncio.create_task(ticker(done))
        await asyncio.sleep(0)
        started = time.perf_counter()
        await act(person)
        walls.append((time.perf_counter() - started) * 1000)
        done.set()
        blocks.append(await task * 1000)
    return statistics.median(walls), statistics.median(blocks)


async def ticker(done: asyncio.Event) -> float:
    """The largest gap between this task's turns on the loop until ``done``, in seconds."""
    longest = 0.0
    last = time.perf_counter()
    while not done.is_set():
        await asyncio.sleep(0)
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    return longest


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ids = itertools.count(500_000)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(db_path=Path(folder) / "worst.sqlite3", send_rate=1_000_000.0)
        async with Simulator.running(settings) as sim:
            sim.api.record_calls = False
            # warm caches (country names, compiled patterns) that a running bot has warm
            for text in TEXTS.values():
                await sim.send(sim.person(next(ids), "en"), text)
            for lat, lon in LOCATIONS.values():
                await sim.share_location(sim.person(next(ids), "en"), lat, lon)
            results: dict[str, tuple[float, float]] = {}
            for label, text in TEXTS.items():

                async def send(person: Person, text: str = text) -> object:
                    return await sim.send(person, text)

                results[label] = await measure(sim, ids, send, args.runs)

            async def inline(person: Person) -> object:
                return await sim.feed(sim.inline_update(person, fill("when is ", "1 ", 256)))

            results["inline query, 256 characters"] = await measure(sim, ids, inline, args.runs)
            for label, (lat, lon) in LOCATIONS.items():

                async def share(person: Person, lat: float = lat, lon: float = lon) -> object:
                    return await sim.share_location(person, lat, lon)

                results[label] = await measure(sim, ids, share, args.runs)
    base = results["normal question"][0]
    print(f"median of {args.runs} runs per input, one new person each")
    print(f"{'wall ms':>9} {'x question':>10} {'loop held ms':>13}  input")
    for label, (wall, block) in results.items():
        print(f"{wall:9.1f} {wall / base:10.1f} {block:13.1f}  {label}")
    worst = max(results, key=lambda k: results[k][1])
    print(f"longest loop block: {results[worst][1]:.1f} ms ({worst})")


if __name__ == "__main__":
    asyncio.run(main())
