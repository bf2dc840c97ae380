"""The global error handler: log the failure, tell the person, never raise."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import Forbidden, TelegramError

from bot.context import BotContext
from bot.i18n import gettext, normalize_language
from bot.updatelog import mark_failed, update_kind

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    mark_failed()
    log.error("handler failed on a %s update: %r", update_kind(update), error, exc_info=error)
    if not isinstance(update, Update) or isinstance(error, Forbidden):
        return
    person = update.effective_user
    lang = context.profile.language if context.profile else None
    if lang is None:
        lang = normalize_language(person.language_code if person else None)
    text = gettext(lang, "errors.generic")
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif update.effective_message is not None and (
            update.effective_message.chat.type == ChatType.PRIVATE
        ):
            await update.effective_message.reply_text(text)
    except TelegramError as exc:  # the apology itself failed; nothing more to do
        log.warning("could not tell the person about the error: %r", exc)
