"""``my_chat_member``: Telegram tells the bot when a person blocks or unblocks it, and when it
is removed from a group; a group that becomes a supergroup gets a new chat id."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.constants import ChatType

from bot.context import BotContext
from bot.store import groups, users

log = logging.getLogger(__name__)

GROUP_TYPES = (ChatType.GROUP, ChatType.SUPERGROUP)


async def membership_changed(update: Update, context: BotContext) -> None:
    change = update.my_chat_member
    if change is None:
        return
    member = change.new_chat_member
    status = member.status
    gone = status in (ChatMember.BANNED, ChatMember.LEFT)
    if change.chat.type in GROUP_TYPES:
        # removed from a group, or muted there: no announcement goes there until an admin
        # turns them on again (each would fail)
        muted = status == ChatMember.RESTRICTED and not (
            getattr(member, "is_member", True) and getattr(member, "can_send_messages", True)
        )
        if (gone or muted) and await groups.disable(context.store, change.chat.id):
            log.info("the bot left or was muted in a group that received announcements; off")
        return
    if change.chat.type != ChatType.PRIVATE:
        return
    if gone:
        # blocked: stop every send to them now instead of collecting 403s later
        await users.set_active(context.store, change.chat.id, False)
    elif status == ChatMember.MEMBER:
        await users.set_active(context.store, change.chat.id, True)


async def group_migrated(update: Update, context: BotContext) -> None:
    """A group became a supergroup: its announcements setting moves to the new chat id.

    Telegram sends a service message to both chats; whichever comes first moves the row.
    """
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id is not None:
        await groups.move(context.store, message.chat.id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id is not None:
        await groups.move(context.store, message.migrate_from_chat_id, message.chat.id)
