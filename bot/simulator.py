"""Drive the real Application as a person would, through the Bot API stand-in.

Used by ``diaspora-bot chat``, the integration tests and the benchmarks::

    async with Simulator.running(settings) as sim:
        aysel = sim.person(101, language_code="az")
        await sim.send(aysel, "/start")
        print(sim.api.last(aysel.id).text)
"""

from __future__ import annotations

import itertools
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from telegram import Update

from bot.app import BotApplication, build_application, runtime_of
from bot.clock import Clock
from bot.config import Settings
from bot.fakeapi import BOT_USER, ApiCall, ChatMessage, FakeBotAPI, chat_id_of
from bot.store import Store


@dataclass(frozen=True)
class Person:
    id: int
    language_code: str | None = "en"
    first_name: str = "Test"
    username: str | None = None

    def as_user(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            user["language_code"] = self.language_code
        if self.username:
            user["username"] = self.username
        return user


async def start_application(app: BotApplication) -> None:
    """What ``run_polling`` does before polling: initialize, post_init, start (job queue)."""
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    await app.start()


async def stop_application(app: BotApplication) -> None:
    """What ``run_polling`` does on exit: stop, shutdown, post_shutdown."""
    if app.running:
        await app.stop()
    if app.post_stop is not None:
        await app.post_stop(app)
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


class Simulator:
    def __init__(self, app: BotApplication, api: FakeBotAPI) -> None:
        self.app = app
        self.api = api
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)

    @classmethod
    @asynccontextmanager
    async def running(
        cls,
        settings: Settings,
        *,
        api: FakeBotAPI | None = None,
        clock: Clock | None = None,
    ) -> AsyncIterator[Simulator]:
        api = api or FakeBotAPI()
        app = build_application(settings, request=api, clock=clock)
        try:
            await start_application(app)
        except BaseException:  # close what was opened (the store), or the process never ends
            await stop_application(app)
            raise
        try:
            yield cls(app, api)
        finally:
            await stop_application(app)

    @property
    def store(self) -> Store:
        store = runtime_of(self.app).store
        if store is None:
            raise RuntimeError("the application is not running")
        return store

    def person(self, user_id: int, language_code: str | None = "en", **kw: Any) -> Person:
        return Person(user_id, language_code, **kw)

    # -- building updates --------------------------------------------------------------------
    def _message(self, person: Person, chat: dict[str, Any] | None = None) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat or {"id": person.id, "type": "private", "first_name": person.first_name},
            "from": person.as_user(),
        }

    def text_update(
        self, person: Person, text: str, chat: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        message = self._message(person, chat)
        message["text"] = text
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0] if text.strip() else text
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": next(self._update_ids), "message": message}

    def location_update(self, person: Person, latitude: float, longitude: float) -> dict[str, Any]:
        message = self._message(person)
        message["location"] = {"latitude": latitude, "longitude": longitude}
        return {"update_id": next(self._update_ids), "message": message}

    def callback_update(self, person: Person, message: ChatMessage, data: str) -> dict[str, Any]:
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": str(next(self._update_ids)),
                "from": person.as_user(),
                "chat_instance": str(message.chat_id),
                "data": data,
                "message": {
                    "message_id": message.message_id,
                    "date": int(time.time()),
                    "chat": {"id": message.chat_id, "type": "private"},
                    "from": BOT_USER,
                    "text": message.text,
                    **({"reply_markup": message.reply_markup} if message.reply_markup else {}),
                },
            },
        }

    def inline_update(self, person: Person, query: str) -> dict[str, Any]:
        return {
            "update_id": next(self._update_ids),
            "inline_query": {
                "id": str(next(self._update_ids)),
                "from": person.as_user(),
                "query": query,
                "offset": "",
            },
        }

    # -- acting ------------------------------------------------------------------------------
    async def feed(self, raw: dict[str, Any]) -> list[ApiCall]:
        """Process one raw update; return the Bot API calls it caused."""
        before = len(self.api.calls)
        await self.app.process_update(Update.de_json(raw, self.app.bot))
        return self.api.calls[before:]

    async def send(self, person: Person, text: str) -> list[ChatMessage]:
        """The person sends ``text``; returns the bot's new or edited messages in that chat."""
        return self._touched(person.id, await self.feed(self.text_update(person, text)))

    async def share_location(
        self, person: Person, latitude: float, longitude: float
    ) -> list[ChatMessage]:
        raw = self.location_update(person, latitude, longitude)
        return self._touched(person.id, await self.feed(raw))

    async def press(self, person: Person, message: ChatMessage, label: str) -> list[ChatMessage]:
        """Press the inline button whose text contains ``label`` on ``message``."""
        for button in message.inline_buttons:
            if label in button.get("text", "") and "callback_data" in button:
                return await self.press_data(person, message, button["callback_data"])
        labels = [b.get("text") for b in message.inline_buttons]
        raise AssertionError(f"no button {label!r} on the message; buttons: {labels}")

    async def press_data(
        self, person: Person, message: ChatMessage, data: str
    ) -> list[ChatMessage]:
        calls = await self.feed(self.callback_update(person, message, data))
        return self._touched(person.id, calls)

    def _touched(self, chat_id: int, calls: list[ApiCall]) -> list[ChatMessage]:
        """The messages in ``chat_id`` that ``calls`` sent or edited, as they look now."""
        return sorted(touched(self.api, chat_id, calls), key=lambda m: m.message_id)

    def alert(self) -> str | None:
        """The text of the last callback answer (a toast or alert), if any."""
        return self.api.callback_answers[-1].get("text") if self.api.callback_answers else None


def touched(api: FakeBotAPI, chat_id: int, calls: list[ApiCall]) -> list[ChatMessage]:
    """The messages in ``chat_id`` that ``calls`` sent or edited, as they look now, in the
    order of their last change (an announcement, then its report edited to "sent")."""
    found: dict[int, ChatMessage] = {}
    for call in calls:
        if call.ok and call.message_id is not None and chat_id_of(call.params) == chat_id:
            message = api.messages.get((chat_id, call.message_id))
            if message is not None:
                found.pop(call.message_id, None)
                found[call.message_id] = message
    return list(found.values())
