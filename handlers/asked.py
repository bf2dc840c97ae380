"""The question the bot last asked a person in a private chat (/start's "Shall I send you
reminders?", /forget's "Delete everything?", /timezone's "Not in the list? Type your city"),
so that a typed "да", "yes" or "yox" answers it as its button would, and a city typed is the
zone's. Without this, "да" got "I have no answer to that", and "Berlin" "I'm not sure".

In ``user_data`` (memory only): it lasts :data:`WAIT`, the question's button pressed ends it,
and so does any other text (a typed answer counts only right after the question). After a
restart a typed answer gets what it got before: the knowledge base.
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


@dataclass(frozen=True)
class Question:
    about: str
    until: datetime


def ask(context: BotContext, about: str) -> None:
    """The bot just asked ``about`` (with Yes/No buttons)."""
    if context.user_data is not None:
        context.user_data[_KEY] = Question(about, context.clock.now() + WAIT)


def answered(context: BotContext, about: str) -> None:
    """The question's button was pressed: a later typed "yes" answers nothing."""
    data = context.user_data
    if data is not None and isinstance(q := data.get(_KEY), Question) and q.about == about:
        del data[_KEY]


def take(context: BotContext) -> str | None:
    """What the open question is about (None: none, or too old), ending it: one text, typed
    answer or not, closes it."""
    if context.user_data is None:
        return None
    question = context.user_data.pop(_KEY, None)
    if not isinstance(question, Question) or question.until <= context.clock.now():
        return None
    return question.about
