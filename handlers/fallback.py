"""Answers for whatever no other handler took: nobody is left without a reply."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType

from bot import reminders
from bot.commands import admin_commands, command_name, private_commands
from bot.context import BotContext
from bot.store import broadcasts, groups
from handlers.admin import cancelled_text, discard_previews, is_admin

ADMIN_ONLY = frozenset(c.name for c in admin_commands())
PRIVATE_ONLY = frozenset(c.name for c in private_commands())


async def unknown_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    if message.chat.type != ChatType.PRIVATE and "@" not in (message.text or "").split()[0]:
        return  # "/ban" in a group is for a moderation bot there: only "/x@thisbot" is ours
    await message.reply_text(context._("fallback.unknown_command"))


async def private_only(update: Update, context: BotContext) -> None:
    """A personal or admin command sent in a group: it works in a private chat only, so that
    nobody's data, settings or buttons are shown to (or pressed by) the whole group."""
    message = update.effective_message
    if message is None or not message.text:
        return
    await only_in_private(update, context, command_name(message.text))


async def only_in_private(update: Update, context: BotContext, name: str) -> None:
    """ "/name works only in a private chat with me", with a button that opens one."""
    message = update.effective_message
    if message is None:
        return
    if name in ADMIN_ONLY and not await is_admin(update, context, name):
        return  # refused as in a private chat: "works there" would not be true for them
    if name in STOP_REQUESTS and await stop_in_group(update, context):
        return
    await message.reply_text(
        context._("groups.private_only", command=f"/{name}"), reply_markup=_private_chat(context)
    )


def _private_chat(context: BotContext) -> InlineKeyboardMarkup:
    """A button that opens a private chat with the bot."""
    link = InlineKeyboardButton(context._("groups.open_private"), url=context.bot.link)
    return InlineKeyboardMarkup([[link]])


#: "stop messages in this group": the group's, and nothing to do anywhere else.
GROUP_STOP = "group_stop"
#: Requests to stop messages (commands, or in plain words): in a group that gets the
#: announcements, maybe the group's.
STOP_REQUESTS = frozenset({"unsubscribe", "announcements_off", "reminders_off", GROUP_STOP})


async def stop_in_group(update: Update, context: BotContext) -> bool:
    """A request to stop messages in a group that gets the announcements: how they stop
    there (a bot admin's ``/group_broadcasts off``, or the bot removed), and one's own in a
    private chat (True if answered). A review: a member asking there was told only that
    /unsubscribe works in a private chat, which leaves the group's announcements on."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None or chat.type == ChatType.PRIVATE:
        return False
    if not await groups.is_enabled(context.store, chat.id):
        return False
    person = update.effective_user
    if person is not None and context.settings.is_admin(person.id):
        # a bot admin can do it: the one command ("a bot admin sends…" read oddly to one)
        await message.reply_text(context._("groups.status_on"))
        return True
    await message.reply_text(context._("groups.stop_here"), reply_markup=_private_chat(context))
    return True


async def unrecognised(update: Update, context: BotContext) -> None:
    """Private messages of any kind that no feature understood: an album gets one reply, not
    one per item; a voice or video message, a picture or a file is told the bot reads only
    text (a review: each got "I didn't understand that")."""
    message = update.effective_message
    if message is None or message.chat.type != ChatType.PRIVATE:
        return
    if album_answered(context, message):
        return
    await say_unrecognised(message, context)


async def say_unrecognised(message: Message, context: BotContext) -> None:
    """What :func:`unrecognised` says, for a message already counted as its album's one."""
    if message.voice or message.audio or message.video_note:
        key = "fallback.voice"
    elif message.photo or message.video or message.document or message.animation:
        key = "fallback.media"
    elif message.contact:  # a phone number: not needed, and not kept (a privacy review)
        key = "fallback.contact"
    else:
        key = "fallback.unrecognised"
    await message.reply_text(context._(key))


def album_answered(context: BotContext, message: Message) -> bool:
    """Whether ``message`` is an item of an album already answered; if not, it is answered
    now (Telegram sends each item alone: one reply for them all)."""
    if message.media_group_id is None or context.user_data is None:
        return False
    if context.user_data.get(_ALBUM) == message.media_group_id:
        return True
    context.user_data[_ALBUM] = message.media_group_id
    return False


#: The album (``media_group_id``) last answered, per person.
_ALBUM = "answered_album"


async def stale_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is not None:
        await query.answer(context._("button.stale"), show_alert=True)


async def cancel(update: Update, context: BotContext) -> None:
    """/cancel when nothing took it: no search waiting, no announcement being written. To an
    admin while an announcement is being sent: /cancel does not stop that, so say what does."""
    message = update.effective_message
    if message is None or context.cancel_answered:
        return
    text = context._("cancel.nothing")
    person = update.effective_user
    admin = message.chat.type == ChatType.PRIVATE and context.settings.is_admin(
        person.id if person else None
    )
    if admin and person is not None and await discard_previews(context, person.id, message.chat.id):
        await message.reply_text(await cancelled_text(context))
        return
    if admin and (sending := await broadcasts.running_ids(context.store)):
        text = context._("cancel.broadcast_running", id=sending[-1])  # as /cancel_broadcast
    profile = context.profile
    view = await reminders.settings_of(context.store, profile.id, "en") if profile else None
    private = message.chat.type == ChatType.PRIVATE  # a group must not learn who subscribed
    if private and view is not None and view.any_on:  # "stop" by a subscriber: how to stop
        text += "\n" + context._("cancel.unsubscribe")
    await message.reply_text(text)
