"""Updates handled per second through the real Application and the Bot API stand-in, for a
mix of real traffic, beside a bare python-telegram-bot echo bot in the same run.

    python -m benchmarks.throughput [--updates 4000] [--rounds 3]

Mix: 40% free-text questions, 20% shared locations, 20% commands, 20% inline-button presses,
from 1,000 different people (so flood protection never triggers). Both bots run with the
rate limiter off (Telegram's 30 msg/s would otherwise be what is measured), on a fresh SQLite
file in a temporary folder. Target: our rate ≥ 0.7 × the echo bot's.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.config import Settings
from bot.fakeapi import FakeBotAPI
from bot.simulator import Simulator, start_application, stop_application

QUESTIONS = [
    "Həmrəylik günü nə vaxtdır?",
    "When is Solidarity Day?",
    "Когда День флага?",
    "who started solidarity day",
    "how many Azerbaijani Houses are there",
    "hemreylik gunu ne vaxtdir",
    "Что такое Координационный совет?",
    "Bayraq günü",
]
LOCATIONS = [(52.52, 13.405), (50.94, 6.96), (41.01, 28.97), (55.75, 37.62), (40.71, -74.0)]
COMMANDS = ["/help", "/start", "/mydata", "/language"]


def traffic(sim: Simulator, count: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    people = [sim.person(100_000 + i, rng.choice(["az", "en", "ru"])) for i in range(1000)]
    updates = []
    for _ in range(count):
        person = rng.choice(people)
        roll = rng.random()
        if roll < 0.4:
            updates.append(sim.text_update(person, rng.choice(QUESTIONS)))
        elif roll < 0.6:
            updates.append(sim.location_update(person, *rng.choice(LOCATIONS)))
        elif roll < 0.8:
            updates.append(sim.text_update(person, rng.choice(COMMANDS)))
        else:
            updates.append(_press(sim, person, rng))
    return updates


def _press(sim: Simulator, person: Any, rng: random.Random) -> dict[str, Any]:
    from bot.fakeapi import ChatMessage

    message = ChatMessage(person.id, 1, "Choose your language:", None, "sendMessage", {})
    return sim.callback_update(person, message, f"lang:{rng.choice(['az', 'en', 'ru'])}")


async def run_ours(updates_per_round: int, db: Path) -> float:
    settings = Settings(db_path=db, send_rate=1_000_000.0)
    async with Simulator.running(settings) as sim:
        sim.api.record_calls = False
        updates = [Update.de_json(u, sim.app.bot) for u in traffic(sim, updates_per_round)]
        started = time.perf_counter()
        for update in updates:
            await sim.app.process_update(update)
        return len(updates) / (time.perf_counter() - started)


async def run_echo(updates_per_round: int) -> float:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message is not None:
            await update.effective_message.reply_text(update.effective_message.text or "?")

    api = FakeBotAPI()
    api.record_calls = False
    app = ApplicationBuilder().token("1:echo-token-for-benchmark").request(api).build()
    app.add_handler(MessageHandler(filters.ALL, echo))
    await start_application(app)  # type: ignore[arg-type]
    try:
        sim = Simulator(app, api)  # type: ignore[arg-type]
        updates = [Update.de_json(u, app.bot) for u in traffic(sim, updates_per_round)]
        started = time.perf_counter()
        for update in updates:
            await app.process_update(update)
        return len(updates) / (time.perf_counter() - started)
    finally:
        await stop_application(app)  # type: ignore[arg-type]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    ours, echo = [], []
    with tempfile.TemporaryDirectory() as folder:
        for i in range(args.rounds):  # interleaved, so machine noise hits both alike
            echo.append(await run_echo(args.updates))
            ours.append(await run_ours(args.updates, Path(folder) / f"bench{i}.sqlite3"))
    o, e = statistics.median(ours), statistics.median(echo)
    print(f"updates per round: {args.updates}, rounds: {args.rounds} (median shown)")
    print(f"echo bot (bare PTB):  {e:8.0f} updates/s")
    print(f"diaspora-bot mix:     {o:8.0f} updates/s")
    print(f"ratio: {o / e:.2f} (target >= 0.70)")


if __name__ == "__main__":
    asyncio.run(main())
