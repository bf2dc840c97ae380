"""Updates handled per second through the real Application and the Bot API stand-in, for a
mix of real traffic, beside two bare python-telegram-bot bots in the same run.

    python -m benchmarks.throughput [--updates 4000] [--rounds 3] [--only location]

Mix: 40% free-text questions, 20% shared locations, 20% commands, 20% inline-button presses,
from 1,000 different people who have all met the bot before (each sent /start and opened
/language once before the clock starts), so this is the steady state, and flood protection
never triggers. ``--only KIND`` sends one kind instead. Updates are put on the Application's
update queue, as long polling does, and the clock stops when the last one is fully handled
(``update_queue.join()``).

Baselines, each a bare PTB Application with PTB's defaults (one update at a time, no rate
limiter) on the same stand-in:

- the echo bot: repeats a message's text, answers a button press;
- the replay bot: makes, for each update, exactly the Bot API calls our bot made for it (same
  texts, keyboards, edits, answers; recorded beforehand) with no logic: the floor for any bot
  that shows people what ours shows.

Ours runs as configured for production (per-person concurrent processing, its rate limiter,
here at 1,000,000/s so that Telegram's 30 msg/s is not what is measured), on a fresh SQLite
file. Target (issue #7): our rate ≥ 0.7 × the echo bot's.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import Settings
from bot.fakeapi import ApiCall, ChatMessage, FakeBotAPI
from bot.simulator import Person, Simulator, start_application, stop_application

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
#: ``--only KIND``: every update of that kind (a roll that always lands in its slice)
KINDS = {"question": 0.2, "location": 0.5, "command": 0.7, "button": 0.9}
ONLY: str | None = None


def people(sim: Simulator, count: int = 1000, seed: int = 7) -> list[Person]:
    rng = random.Random(seed)
    return [sim.person(100_000 + i, rng.choice(["az", "en", "ru"])) for i in range(count)]


def traffic(
    sim: Simulator,
    crowd: list[Person],
    count: int,
    pickers: dict[int, ChatMessage] | None = None,
    seed: int = 7,
) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    updates = []
    for _ in range(count):
        person = rng.choice(crowd)
        roll = rng.random() if ONLY is None else KINDS[ONLY]
        if roll < 0.4:
            updates.append(sim.text_update(person, rng.choice(QUESTIONS)))
        elif roll < 0.6:
            updates.append(sim.location_update(person, *rng.choice(LOCATIONS)))
        elif roll < 0.8:
            updates.append(sim.text_update(person, rng.choice(COMMANDS)))
        else:
            picker = (pickers or {}).get(person.id) or ChatMessage(
                person.id, 1, "Choose your language:", None, "sendMessage", {}
            )
            language = rng.choice(["az", "en", "ru"])
            updates.append(sim.callback_update(person, picker, f"lang:{language}"))
    return updates


async def warm_up(sim: Simulator, crowd: list[Person]) -> dict[int, ChatMessage]:
    """Everyone has met the bot before and has a language picker open (steady state)."""
    pickers = {}
    for person in crowd:
        await sim.send(person, "/start")
        (pickers[person.id],) = await sim.send(person, "/language")
    return pickers


async def drain(app: Any, updates: list[Update]) -> float:
    """Updates per second from queueing the first to finishing the last."""
    started = time.perf_counter()
    for update in updates:
        app.update_queue.put_nowait(update)
    # PTB calls task_done() on the update queue once an update is fully handled (its
    # concurrent task included), so join() returns when the last one is done
    await app.update_queue.join()
    return len(updates) / (time.perf_counter() - started)


async def run_ours(updates_per_round: int, db: Path) -> float:
    settings = Settings(db_path=db, send_rate=1_000_000.0)
    async with Simulator.running(settings) as sim:
        crowd = people(sim)
        pickers = await warm_up(sim, crowd)
        sim.api.record_calls = False
        sim.api.check_requests = False
        raw = traffic(sim, crowd, updates_per_round, pickers)
        updates = [Update.de_json(u, sim.app.bot) for u in raw]
        return await drain(sim.app, updates)


async def run_echo(updates_per_round: int) -> float:
    """The echo bot repeats a message's text, and answers a button press (as any bot must,
    or the person's Telegram shows a spinner on the button)."""

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message is not None:
            await update.effective_message.reply_text(update.effective_message.text or "?")

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.callback_query is not None:
            await update.callback_query.answer()

    api = FakeBotAPI()
    api.record_calls = False
    api.check_requests = False
    app = ApplicationBuilder().token("1:echo-token-for-benchmark").request(api).build()
    app.add_handler(MessageHandler(filters.ALL, echo))
    app.add_handler(CallbackQueryHandler(answer))
    await start_application(app)  # type: ignore[arg-type]
    try:
        sim = Simulator(app, api)  # type: ignore[arg-type]
        raw = traffic(sim, people(sim), updates_per_round)
        updates = [Update.de_json(u, app.bot) for u in raw]
        return await drain(app, updates)
    finally:
        await stop_application(app)  # type: ignore[arg-type]


async def capture_replies(updates_per_round: int, db: Path) -> list[list[ApiCall]]:
    """The Bot API calls our bot makes for each update of the mix, one update at a time."""
    async with Simulator.running(Settings(db_path=db, send_rate=1_000_000.0)) as sim:
        crowd = people(sim)
        pickers = await warm_up(sim, crowd)
        return [await sim.feed(raw) for raw in traffic(sim, crowd, updates_per_round, pickers)]


async def run_same_replies(replies: list[list[ApiCall]]) -> float:
    """A bare PTB bot that makes, for each update, exactly the calls ours made (same texts,
    keyboards, edits and answers) with no logic at all: the floor for what our bot shows."""
    # do_api_request warns that a named method exists; the replay has only names and params
    warnings.filterwarnings("ignore", message="Please use 'Bot.")
    api = FakeBotAPI()
    app = ApplicationBuilder().token("1:replay-token-for-benchmark").request(api).build()
    await start_application(app)  # type: ignore[arg-type]
    try:
        sim = Simulator(app, api)  # type: ignore[arg-type]
        crowd = people(sim)
        pickers = {}
        for person in crowd:  # the same steady state: a language picker open in every chat
            sent = await app.bot.send_message(person.id, "Choose your language:")
            pickers[person.id] = api.messages[(person.id, sent.message_id)]
        api.record_calls = False
        api.check_requests = False
        raw = traffic(sim, crowd, len(replies), pickers)
        updates = [Update.de_json(u, app.bot) for u in raw]
        script = {u.update_id: calls for u, calls in zip(updates, replies, strict=True)}

        async def replay(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            query = update.callback_query
            for call in script[update.update_id]:
                params = dict(call.params)
                if query is not None and "callback_query_id" in params:
                    params["callback_query_id"] = query.id
                if query is not None and query.message and "message_id" in params:
                    params["message_id"] = query.message.message_id
                # a call that failed for ours ("message is not modified") fails here too
                with contextlib.suppress(TelegramError):
                    await context.bot.do_api_request(
                        call.method,
                        api_kwargs=params,
                        return_type=Message if call.message_id else None,
                    )

        app.add_handler(TypeHandler(Update, replay))
        return await drain(app, updates)
    finally:
        await stop_application(app)  # type: ignore[arg-type]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", choices=sorted(KINDS), help="one kind of update, not the mix")
    args = parser.parse_args()
    global ONLY
    ONLY = args.only
    ours, echo, same = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        replies = await capture_replies(args.updates, Path(folder) / "capture.sqlite3")
        for i in range(args.rounds):  # interleaved, so machine noise hits all alike
            echo.append(await run_echo(args.updates))
            same.append(await run_same_replies(replies))
            ours.append(await run_ours(args.updates, Path(folder) / f"bench{i}.sqlite3"))
    o, e, r = statistics.median(ours), statistics.median(echo), statistics.median(same)
    calls = sum(len(c) for c in replies) / len(replies)
    print(
        f"updates per round: {args.updates}, rounds: {args.rounds} (median shown),"
        f" {args.only or 'the mix'}"
    )
    print(f"echo bot (bare PTB):             {e:8.0f} updates/s")
    print(f"bare PTB, our replies replayed:  {r:8.0f} updates/s ({calls:.2f} API calls/update)")
    print(f"diaspora-bot:                    {o:8.0f} updates/s")
    print(f"ratio to the echo bot: {o / e:.2f} (target >= 0.70)")
    print(f"ratio to the replay bot: {o / r:.2f} (the cost of our logic and storage)")
    print(f"replay bot to echo bot: {r / e:.2f} (the cost of the replies themselves)")


if __name__ == "__main__":
    asyncio.run(main())
