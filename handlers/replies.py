"""Answering through a message the person pressed a button on.

Editing fails when the message is gone (deleted, too old) and when nothing would change
(the same button pressed twice); neither is the person's problem, so :func:`edit_or_send`
falls back to a new message or does nothing, instead of raising out of the handler.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InlineKeyboardMarkup, Message
from telegram.error import BadRequest

log = logging.getLogger(__name__)

#: Telegram's longest message, in characters.
MESSAGE_LIMIT = 4096


def fit_blocks(blocks: list[str], tail: str = "") -> tuple[str, int]:
    """Whole blocks joined by blank lines, up to Telegram's 4096 characters, then ``tail``
    (always kept), and how many blocks were kept: long imported fields or a long list must not
    make the answer fail, and a block is never cut inside, so no HTML tag is left open."""
    kept: list[str] = []
    size = len(tail) + 2 + 3  # the tail, and room for "…"
    for block in blocks:
        if size + len(block) + 2 > MESSAGE_LIMIT:
            kept.append("…")
            break
        kept.append(block)
        size += len(block) + 2
    count = len(kept) - (kept[-1:] == ["…"])
    return "\n\n".join([*kept, tail] if tail else kept), count


def topic_of(query: CallbackQuery) -> int | None:
    """The forum topic of the pressed message, for a new message to go there too (not to the
    group's General topic)."""
    message = query.message
    if isinstance(message, Message) and message.is_topic_message:
        return message.message_thread_id
    return None


async def edit_or_send(
    query: CallbackQuery, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    try:
        await query.edit_message_text(text, reply_markup=reply_markup)
        return
    except BadRequest as exc:
        if "not modified" in exc.message.lower():
            return
        log.debug("could not edit a message (%s); sending a new one", exc.message)
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    await query.get_bot().send_message(
        chat_id, text, reply_markup=reply_markup, message_thread_id=topic_of(query)
    )


async def edit_buttons(query: CallbackQuery, reply_markup: InlineKeyboardMarkup) -> None:
    """Swap the buttons under the pressed message; unchanged or vanished is not an error
    (a vanished message has nothing to put buttons under, so the text is sent again)."""
    try:
        await query.edit_message_reply_markup(reply_markup)
    except BadRequest as exc:
        if "not modified" in exc.message.lower():
            return
        message = query.message
        text = getattr(message, "text", None) or getattr(message, "caption", None)
        if message is not None and text:
            await query.get_bot().send_message(
                message.chat.id, text, reply_markup=reply_markup, message_thread_id=topic_of(query)
            )
