"""Different people are served concurrently; one person's updates stay in order."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import ApplicationHandlerStop, MessageHandler, filters

from bot.context import BotContext
from bot.simulator import Simulator


async def test_a_slow_person_does_not_hold_up_others_and_order_is_kept(sim: Simulator) -> None:
    release = asyncio.Event()
    seen: list[str] = []
    b_done = asyncio.Event()
    a_done = asyncio.Event()

    async def record(update: Update, context: BotContext) -> None:
        assert update.message is not None and update.message.text is not None
        text = update.message.text
        if text == "a1":
            await release.wait()  # person A's first update is slow
        seen.append(text)
        if text == "b1":
            b_done.set()
        if text == "a2":
            a_done.set()
        raise ApplicationHandlerStop

    sim.app.add_handler(MessageHandler(filters.TEXT, record), group=-50)
    a, b = sim.person(601), sim.person(602)
    for person, text in ((a, "a1"), (a, "a2"), (b, "b1")):
        await sim.app.update_queue.put(Update.de_json(sim.text_update(person, text), sim.app.bot))

    await asyncio.wait_for(b_done.wait(), 5)  # B is answered while A's first is still running
    assert seen == ["b1"]
    release.set()
    await asyncio.wait_for(a_done.wait(), 5)
    assert seen == ["b1", "a1", "a2"]  # A's updates in the order A sent them
