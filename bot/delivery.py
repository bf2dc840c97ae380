"""Delivering one message to one person, the way every bulk send (reminders, broadcasts) must.

The Application's AIORateLimiter paces all requests (``BOT_SEND_RATE`` per second overall) and
already retries a 429 a few times after ``retry_after``. On top of that, :func:`deliver`:

- 403 (the person blocked the bot, or deleted the account) or 400 "chat not found":
  marks the person inactive (a group: turns its announcements off) so no later send tries
  again, and returns ``BLOCKED``;
- 429 that survived the limiter's retries: waits ``retry_after`` and tries again; after too
  many waits returns ``FLOODED`` (surely not sent; Telegram answered, so no outage);
- a connection that could not be made (refused, connect or pool timeout), or a 429 without
  ``retry_after``: the request never took effect, so it retries with exponential back-off,
  then returns ``NOT_SENT`` (for the 429s, ``FLOODED``): Telegram is out of reach, the
  message surely did not go, and the caller may try again later;
- any other network error, timeout or server error (a read timeout, a connection dropped
  after the request was written, a 502/504 from Telegram's front end): Telegram may have
  delivered it, and the Bot API offers no way to ask. Sending again could give the person a
  second copy, so it returns ``UNCONFIRMED`` at once;
- a group where the bot may no longer post at all (400 "not enough rights to send text
  messages", "CHAT_WRITE_FORBIDDEN"): turns its announcements off, ``BLOCKED``; a group that
  only forbids media (a photo announcement) counts it ``FAILED`` and stays on;
- a group that became a supergroup (PTB's ``ChatMigrated``): its setting moves to the new chat
  id (unless the supergroup has one of its own: then the old id's is dropped) and, given
  ``send_to``, the message goes there if the supergroup's setting is on and ``send_to``
  agrees (a broadcast that has the new id among its own recipients declines: no second copy);
  otherwise ``BLOCKED``;
- 400 "message to copy not found" (the admin deleted the announcement's original):
  ``SOURCE_GONE``: nobody else can get it either;
- any other 400 (bad markup, message too long): ``FAILED`` at once, retrying cannot help.

It never raises a Telegram error; the caller records the outcome.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from bot.store import Store, groups, users

log = logging.getLogger(__name__)

_UNREACHABLE = ("chat not found", "user is deactivated", "peer_id_invalid", "user not found")
#: 400s that mean the bot may not post in this group at all (muted, rights taken away):
#: retrying cannot help until an admin there changes it, so announcements are turned off.
#: ("not enough rights to send photos" is not one: text would still go through.)
_MAY_NOT_POST = (
    "not enough rights to send text",
    "have no rights to send a message",
    "chat_write_forbidden",
    "need administrator rights in the channel",
    "chat_send_plain_forbidden",  # only media may be posted there
    "topic_closed",  # a forum's General topic, closed
)


class Outcome(enum.Enum):
    DELIVERED = "delivered"
    BLOCKED = "blocked"
    FAILED = "failed"
    #: the request may have reached Telegram (or not); it is not sent again
    UNCONFIRMED = "unconfirmed"
    #: Telegram could not be reached (or the bot is stopping): surely not sent, try later
    NOT_SENT = "not_sent"
    #: Telegram kept asking to wait (429) for this chat: surely not sent, try later. Telegram
    #: answered, so this is no outage: a caller may give up on the chat after a while
    FLOODED = "flooded"
    #: the message to copy is gone: no one can get it
    SOURCE_GONE = "source_gone"


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # tries when no connection could be made
    backoff: float = 1.0  # seconds before the 2nd try; doubles each time
    max_retry_after_waits: int = 5  # 429s waited out here (after the limiter's own retries)

    def delay(self, attempt: int) -> float:
        return float(self.backoff * (2 ** (attempt - 1)))


DEFAULT_POLICY = RetryPolicy()

#: The most concurrent sends of a run (reminders, a broadcast).
MAX_WORKERS = 100


def workers_for(rate: float) -> int:
    """Enough concurrent sends that the limiter, not the round trip, sets the pace: a request
    to Telegram takes up to ~0.2 s, so ``rate × 0.2`` of them must be in flight; at least 4,
    at most 100 (also for no limit, ``rate`` 0). It is also the most a hard crash can leave
    claimed and unsent, so no more: reminders had ``rate / 2`` (13 at 25/s), and a kill lost
    that many greetings, none of them sent yet (an operations review)."""
    if rate <= 0:
        return MAX_WORKERS
    return max(4, min(MAX_WORKERS, math.ceil(rate * 0.2)))


def _seconds(value: object) -> float:
    """``retry_after`` is an int in PTB 22 and a timedelta in later versions."""
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]


#: httpx errors raised before any byte of the request was sent: a retry cannot duplicate.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def surely_not_sent(error: BaseException) -> bool:
    """True if the request behind this PTB ``NetworkError`` never took effect at Telegram.

    PTB's HTTPXRequest raises ``TimedOut``/``NetworkError`` *from* the httpx error, which
    tells a connect or pool failure (nothing sent) from a read timeout or a dropped connection
    (maybe delivered). An error status with no httpx error behind it is Telegram's answer: a
    429 refused the request, but a 5xx from its front end may come after the Bot API server
    sent the message. Anything else unknown counts as maybe delivered.
    """
    cause = error.__cause__
    while cause is not None:
        if isinstance(cause, _NOT_SENT):
            return True
        cause = cause.__cause__
    return error.__cause__ is None and "too many requests" in str(error).lower()


def is_unreachable(error: BadRequest, chat_id: int = 0) -> bool:
    """A 400 that means the chat is gone for good, or (a group) the bot may not post there;
    Telegram gives no code, only text."""
    text = error.message.lower()
    if groups.is_group(chat_id) and any(marker in text for marker in _MAY_NOT_POST):
        return True
    return any(marker in text for marker in _UNREACHABLE)


async def _unreachable(store: Store, chat_id: int) -> None:
    if groups.is_group(chat_id):
        await groups.disable(store, chat_id)
    else:
        await users.set_active(store, chat_id, False)


async def deliver(
    store: Store,
    user_id: int,
    send: Callable[[], Awaitable[Any]],
    policy: RetryPolicy = DEFAULT_POLICY,
    send_to: Callable[[int], Awaitable[bool]] | None = None,
    keep_going: Callable[[], bool] = lambda: True,
) -> Outcome:
    """Run ``send`` (one Bot API call to ``user_id``) until it succeeds or cannot.

    ``send_to(chat_id)`` makes the same call to another chat (a group's new id), or returns
    False without sending when that chat must not get it (it has its own copy). Once
    ``keep_going()`` is False (the bot is stopping), a flood wait or a back-off is not waited
    out: NOT_SENT at once, as nothing went out. A stop under a 429 storm had waited out about
    24 of them, long enough for systemd to kill the bot and leave its sends "unknown"."""
    network_failures = 0
    waits = 0
    chat_id = user_id  # a group's id changes when it becomes a supergroup
    while True:
        try:
            if chat_id == user_id or send_to is None:
                await send()
            elif not await send_to(chat_id):
                return Outcome.BLOCKED  # the new chat gets (or got) its own copy
            return Outcome.DELIVERED
        except Forbidden:
            await _unreachable(store, chat_id)
            return Outcome.BLOCKED
        except RetryAfter as exc:
            waits += 1
            if waits > policy.max_retry_after_waits:
                log.warning("giving up on a recipient after %d flood waits", waits - 1)
                return Outcome.FLOODED
            if not keep_going():
                return Outcome.NOT_SENT
            log.info(
                "Telegram asked to wait %g s (429); this send waits and goes again",
                _seconds(exc.retry_after),
            )
            await asyncio.sleep(_seconds(exc.retry_after))
        except ChatMigrated as exc:
            if chat_id != user_id or not groups.is_group(chat_id):
                log.warning("a send was refused: the chat moved again")
                return Outcome.FAILED
            # the setting moves, unless the supergroup has its own (or the migration message
            # moved it meanwhile); the supergroup's setting then decides
            await groups.move(store, chat_id, exc.new_chat_id)
            if send_to is None:
                return Outcome.FAILED
            if not await groups.is_enabled(store, exc.new_chat_id):
                return Outcome.BLOCKED
            chat_id = exc.new_chat_id
        except BadRequest as exc:
            if is_unreachable(exc, chat_id):
                await _unreachable(store, chat_id)
                return Outcome.BLOCKED
            if "message to copy not found" in exc.message.lower():
                return Outcome.SOURCE_GONE
            log.warning("a send was refused: %s", exc.message)
            return Outcome.FAILED
        except (TimedOut, NetworkError) as exc:
            if not surely_not_sent(exc):
                log.warning("a send may or may not have arrived (%s); not sending it again", exc)
                return Outcome.UNCONFIRMED
            network_failures += 1
            if network_failures >= policy.attempts:
                if exc.__cause__ is None:  # 429s without retry_after: Telegram answered
                    log.warning("giving up on a recipient after %d refusals", network_failures)
                    return Outcome.FLOODED
                log.warning(
                    "Telegram out of reach after %d network errors: %r", network_failures, exc
                )
                return Outcome.NOT_SENT
            if not keep_going():
                return Outcome.NOT_SENT
            await asyncio.sleep(policy.delay(network_failures))
