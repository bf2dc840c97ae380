"""``my_chat_member``: Telegram tells the bot when a person blocks or unblocks it."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.constants import ChatType

from bot.context import BotContext
from bot.store import users


async def membership_changed(update: Update, context: BotContext) -> None:
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return
    status = change.new_chat_member.status
    if status in (ChatMember.BANNED, ChatMember.LEFT):
        # blocked: stop every send to them now instead of collecting 403s later
        await users.set_active(context.store, change.chat.id, False)
    elif status == ChatMember.MEMBER:
        await users.set_active(context.store, change.chat.id, True)
