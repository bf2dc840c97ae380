"""Runs first for every update: records the person and loads their profile into the context."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.i18n import normalize_language
from bot.store import users


async def remember_user(update: Update, context: BotContext) -> None:
    person = update.effective_user
    if person is None or person.is_bot:
        return
    context.profile = await users.touch(
        context.store, person.id, normalize_language(person.language_code), context.clock.now()
    )
