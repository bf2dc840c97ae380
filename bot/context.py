"""Typed ``CallbackContext``: handlers reach the store, settings, clock and the person's
profile as ``context.store``, ``context.settings``, ``context.clock``, ``context.profile``."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.flood import FloodGuard
from bot.i18n import DEFAULT_LANGUAGE, Translator, translator
from bot.store import Store
from bot.store.users import User


@dataclass
class Runtime:
    """Long-lived resources, kept in ``bot_data["runtime"]``; the store opens in post_init."""

    settings: Settings
    clock: Clock = field(default_factory=SystemClock)
    store: Store | None = None
    flood: FloodGuard = field(default_factory=FloodGuard)
    #: Inline queries have their own allowance: Telegram sends one per keystroke while someone
    #: types "@bot when is solidarity day", and counted with messages they silenced the
    #: person's private chat for 30 s without a word (an adversarial review)
    inline_flood: FloodGuard = field(default_factory=lambda: FloodGuard(limit=60))
    extras: dict[str, Any] = field(default_factory=dict)
    #: post_init while it runs: a stop during start-up (SIGTERM) must end it before the store
    #: closes, or it fails on the closed store with nobody to read the error
    starting: asyncio.Task[Any] | None = None


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """One per update; the user gate (group -100) fills :attr:`profile`."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.profile: User | None = None
        self.cancel_answered = False  # a /cancel already answered by an earlier group
        #: the command a text asks for in plain words, once read (see bot.intents.request_of)
        self.request: str | None = None
        self.request_read = False
        #: the yes/no question this message may answer (see handlers.asked), set by the gate
        self.asked: str | None = None
        #: the card the bot's previous reply in this private chat showed (handlers.faq), taken
        #: by the gate: "tell me more" follows that reply only
        self.last_card: tuple[str, datetime, bool] | None = None

    @property
    def runtime(self) -> Runtime:
        runtime = self.bot_data.get("runtime")
        if not isinstance(runtime, Runtime):
            raise RuntimeError("bot_data['runtime'] is not set; build with build_application()")
        return runtime

    @property
    def store(self) -> Store:
        store = self.runtime.store
        if store is None:
            raise RuntimeError("the store is not open yet (post_init has not run)")
        return store

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def clock(self) -> Clock:
        return self.runtime.clock

    @property
    def lang(self) -> str:
        return self.profile.language if self.profile else DEFAULT_LANGUAGE

    @property
    def _(self) -> Translator:
        """The translator for the person's language: ``context._("help.title")``."""
        return translator(self.lang)
