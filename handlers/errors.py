"""The global error handler: log the failure, tell the person, never raise."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, TelegramError

from bot.context import BotContext
from bot.i18n import gettext, normalize_language
from bot.updatelog import mark_failed, update_kind

log = logging.getLogger(__name__)

#: Telegram answering getUpdates with 409 Conflict this long: another process polls with the
#: same token (a test run in a terminal beside the service), and each gets only some of the
#: messages. The bot stops rather than go on half-answering; a shorter spell is a restart's
#: old long poll still open at Telegram.
CONFLICT_GIVE_UP = timedelta(seconds=60)
#: A pause between conflicts this long starts a new spell.
CONFLICT_GAP = timedelta(minutes=2)
#: ``bot_data`` key: why the bot stopped itself (``diaspora-bot run`` says it and exits 1).
FATAL = "fatal"
_CONFLICTS = "errors.conflicts"


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    mark_failed()
    # fetching updates failed (no update, no job; not a BadRequest, which is Telegram
    # refusing one of our own calls, as a job's or a task's error also comes with no update)
    polling = update is None and context.job is None and not isinstance(error, BadRequest)
    if polling and isinstance(error, Conflict):
        _conflict(context, error)
        return
    if polling and isinstance(error, NetworkError):  # TimedOut too
        # PTB retries with a growing pause. One line, not a 90-line chained traceback per
        # retry (an operator review: 656 lines in 25 s).
        log.warning("cannot fetch updates from the Bot API (%s); retrying", error.message)
        return
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


def _conflict(context: BotContext, error: Conflict) -> None:
    """One line per 409 Conflict; after :data:`CONFLICT_GIVE_UP` of them, stop the bot."""
    if "webhook" in error.message.lower():  # "can't use getUpdates while webhook is active"
        reason = (
            "a webhook is set for this bot's token (another deployment started with"
            " --webhook?), so Telegram refuses long polling; stop that one, or run this one"
            " with --webhook too"
        )
        log.error("stopping: %s", reason)
        context.bot_data[FATAL] = reason
        context.application.stop_running()
        return
    now = context.clock.now()
    first, last = context.bot_data.get(_CONFLICTS, (now, now))
    if now - last > CONFLICT_GAP:
        first = now
    context.bot_data[_CONFLICTS] = (first, now)
    if now - first < CONFLICT_GIVE_UP:
        log.warning(
            "another process is polling with this bot's token (Telegram: 409 Conflict); only"
            " one may run: stop the other one"
        )
        return
    reason = (
        f"another process has been polling with this bot's token for {_seconds(now - first)};"
        " only one may run (a bot started in a terminal beside the service?): stop the other"
        " one, then start this one again"
    )
    log.error("stopping: %s", reason)
    context.bot_data[FATAL] = reason
    context.application.stop_running()


def _seconds(span: timedelta) -> str:
    return f"{int(span.total_seconds())} s"
