"""The question the bot last asked a person in a private chat (/start's "Shall I send you
reminders?", /forget's "Delete everything?", /timezone's "Not in the list? Type your city"),
so that a typed "да", "yes" or "yox" answers it as its button would, and a city typed is the
zone's. Without this, "да" got "I have no answer to that", and "Berlin" "I'm not sure".

In ``user_data`` (memory only): it lasts :data:`WAIT`, the question's button pressed ends it,
and so does any other text (a typed answer counts only right after the question) — but a
reply to the question's message (Telegram's "Reply") answers it later too, within the same
wait. After a restart a typed answer gets what it got before: the knowledge base.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.context import BotContext

WAIT = timedelta(minutes=10)
_KEY = "asked"

#: The questions a typed answer may answer: yes or no …
START_REMINDERS = "reminders"
FORGET = "forget"
#: … or a city (/timezone's "Not in the list? Type your city")
ZONE = "zone"
#: … or a city only (a reminder's "I don't know your zone: … or write your city"; "stop" after
#: it is about the reminders, not the zone)
ZONE_HINT = "zone_hint"
#: … or a plain yes to the reminders card's Subscribe button (a card, no question: "ok"
#: after it is no answer; a review: "ok", "хорошо, понятно" subscribed)
CARD_SUBSCRIBE = "card_subscribe"


@dataclass(frozen=True)
class Question:
    about: str
    until: datetime
    #: the message that asks it, if known: a reply to it answers it
    message_id: int | None = None


#: The question each message asks (the latest per subject), for replies to it.
_BY_MESSAGE = "asked_by_message"


def ask(context: BotContext, about: str, message_id: int | None = None) -> None:
    """The bot just asked ``about`` (with Yes/No buttons), in message ``message_id``."""
    if context.user_data is not None:
        question = Question(about, context.clock.now() + WAIT, message_id)
        context.user_data[_KEY] = question
        if message_id is not None:
            context.user_data[_BY_MESSAGE] = {
                **{
                    k: q
                    for k, q in context.user_data.get(_BY_MESSAGE, {}).items()
                    if q.about != about  # a newer question about the same: the old one is done
                },
                message_id: question,
            }


def answered(context: BotContext, about: str) -> None:
    """The question's button was pressed: a later typed "yes" answers nothing."""
    data = context.user_data
    if data is None:
        return
    if isinstance(q := data.get(_KEY), Question) and q.about == about:
        del data[_KEY]
    asked = data.get(_BY_MESSAGE, {})
    for message_id in [k for k, q in asked.items() if q.about == about]:
        del asked[message_id]


def take(
    context: BotContext, reply_to: int | None = None, message_id: int | None = None
) -> str | None:
    """What the open question is about (None: none, or too old), ending it: one text, typed
    answer or not, closes it. A reply to the message ``reply_to`` asked in is its answer.
    The question a city was typed for (in message ``message_id``) is kept for its
    correction (see :func:`restore`)."""
    data = context.user_data
    if data is None:
        return None
    question = data.pop(_KEY, None)
    if reply_to is not None:
        replied = data.get(_BY_MESSAGE, {}).pop(reply_to, None)
        if replied is not None:
            question = replied
        elif isinstance(question, Question) and question.message_id not in (None, reply_to):
            # a reply to another message, an older question's say: not this one's answer (a
            # review: "да" in reply to the reminders question deleted everything after
            # /forget had asked)
            question = None
    if not isinstance(question, Question) or question.until <= context.clock.now():
        return None
    if question.about == ZONE and message_id is not None:
        data[_TAKEN] = (message_id, question)
    return question.about


def restore(context: BotContext, message_id: int) -> None:
    """Message ``message_id`` was corrected: the city question it answered is open again
    ("Hambrg" typed for the zone, then edited to "Hamburg"; a review: it became a search)."""
    data = context.user_data
    taken = data.pop(_TAKEN, None) if data is not None else None
    if data is not None and taken is not None and taken[0] == message_id:
        data[_KEY] = taken[1]


#: The city question and the message that answered it (see :func:`take`).
_TAKEN = "asked_taken"
