"""Admin gate (polite refusal + a log line) and ``/stats``."""

from __future__ import annotations

import html
import logging
from datetime import timedelta

from telegram import Update
from telegram.error import TelegramError

from bot import places
from bot.context import BotContext
from bot.i18n import LANGUAGE_NAMES, Translator
from bot.store import broadcasts
from bot.store.stats import CommunityStats, community_stats

log = logging.getLogger(__name__)


async def is_admin(update: Update, context: BotContext, action: str) -> bool:
    """True for admins; anyone else gets a polite refusal, and the attempt is logged.

    The log line carries the action only: no user id (logs at INFO carry none), no text.
    """
    person = update.effective_user
    if context.settings.is_admin(person.id if person else None):
        return True
    log.warning("refused admin action %s to a non-admin", action)
    text = context._("broadcast.admin_only")
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text)
    return False


def country_name(code: str | None, language: str) -> str:
    """``DE`` → ``🇩🇪 Almaniya`` (Babel's names in the admin's language)."""
    if not code:
        return "?"
    code = code.upper()
    flag = (
        "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in code)
        if len(code) == 2 and code.isalpha() and code.isascii()
        else ""
    )
    name = places.country_name(code, language)
    return f"{flag} {name}".strip()


def render_stats(stats: CommunityStats, _: Translator, language: str) -> str:
    lines = [
        _("broadcast.stats_title"),
        _("broadcast.stats_users", count=stats.users),
        _("broadcast.stats_active", count=stats.active),
        _("broadcast.stats_announcements", count=stats.announcements),
        _("broadcast.stats_new", count=stats.new_this_week),
        _("groups.stats_enabled", count=stats.groups),
        "",
        _("broadcast.stats_by_language"),
    ]
    lines += [f"  {LANGUAGE_NAMES.get(code, code)}: {n}" for code, n in stats.by_language]
    unknown = _("broadcast.stats_country_unknown")
    lines += ["", _("broadcast.stats_by_country")]
    lines += [
        f"  {country_name(code, language) if code else unknown}: {n}"
        for code, n in stats.by_country
    ]
    lines += ["", _("broadcast.stats_by_holiday")]
    if stats.by_holiday:
        # a holiday's name is the holidays file's text: "<" there is no HTML tag
        lines += [f"  {html.escape(name)}: {n}" for name, n in stats.by_holiday]
    else:
        lines.append("  —")
    return "\n".join(lines)


async def show_stats(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or not await is_admin(update, context, "stats"):
        return
    now = context.clock.now()
    stats = await community_stats(context.store, now, now - timedelta(days=7), context.lang)
    await message.reply_text(render_stats(stats, context._, context.lang))


async def preview_note(context: BotContext, admin_id: int) -> str | None:
    """What a /cancel that ended something else (a new /broadcast, a /houses search) says to
    an admin with an announcement previewed before it: still there, and how to drop it. Not
    discarded: a photo or an album would have to be sent again (a review)."""
    if not await broadcasts.has_drafts(context.store, admin_id):
        return None
    return context._("broadcast.preview_waiting")


async def cancelled_text(context: BotContext) -> str:
    """What /cancel says once it dropped an announcement being prepared: "Cancelled. Nothing
    was sent to anyone", unless another one is being sent (a persona review: the admin read
    "nothing was sent" while #2 went on to 1,000 people): then that this one will not go,
    and how to stop the one that is going."""
    sending = await broadcasts.running_ids(context.store)
    if not sending:
        return context._("broadcast.cancelled_draft")
    return "\n".join(
        (
            context._("broadcast.cancelled_this_one"),
            context._("cancel.broadcast_running", id=sending[-1]),
        )
    )


async def discard_previews(context: BotContext, admin_id: int, chat_id: int) -> bool:
    """/cancel after an announcement's preview, when nothing else waits (the conversation
    ended with the preview, its Send button still there): the admin's drafts are deleted and
    their previews' buttons go (True if there were any). A review: "nothing to cancel", and
    the Send pressed later sent it to everyone."""
    previews = await broadcasts.discard_drafts(context.store, admin_id)
    # the reply to /cancel says "Cancelled. Nothing was sent": the preview says it was this one
    cancelled = context._("broadcast.preview_cancelled")
    for message_id in previews:
        if message_id is None:
            continue
        try:
            await context.bot.edit_message_text(cancelled, chat_id, message_id)
        except TelegramError as exc:  # deleted by the admin, too old: its Send is stale anyway
            log.info("a cancelled preview was not edited: %s", exc)
    return bool(previews)
