"""``/group_broadcasts on|off``: an admin turns the community's announcements on or off for
the group the command is sent in. Groups never get announcements unless an admin did this."""

from __future__ import annotations

import logging

from telegram import Update

from bot.context import BotContext
from bot.store import groups
from handlers.admin import is_admin
from handlers.membership import GROUP_TYPES

log = logging.getLogger(__name__)

ON = ("on", "1", "yes")
OFF = ("off", "0", "no")


async def group_broadcasts(update: Update, context: BotContext) -> None:
    message = update.effective_message
    chat = update.effective_chat
    person = update.effective_user
    if message is None or chat is None or person is None:
        return
    if not await is_admin(update, context, "group_broadcasts"):
        return
    _ = context._
    if chat.type not in GROUP_TYPES:
        await message.reply_text(_("groups.only_in_groups"))
        return
    choice = (context.args or [""])[0].lower()
    if choice in ON:
        await groups.enable(context.store, chat.id, person.id, context.clock.now())
        log.info("an admin turned announcements on for a group")
        await message.reply_text(_("groups.enabled"))
    elif choice in OFF:
        await groups.disable(context.store, chat.id)
        log.info("an admin turned announcements off for a group")
        await message.reply_text(_("groups.disabled"))
    else:
        enabled = await groups.is_enabled(context.store, chat.id)
        await message.reply_text(_("groups.status_on") if enabled else _("groups.status_off"))
