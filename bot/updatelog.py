"""One structured log line per update: type, handler, duration in ms, outcome.

Never the message text, coordinates or ids of people at INFO — only what kind of update it
was and how it went. ``instrument(app)`` wraps every registered callback so the line can
name the handler that ran.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseHandler, ConversationHandler

log = logging.getLogger("bot.updates")

UPDATE_KINDS = (
    "message",
    "edited_message",
    "callback_query",
    "inline_query",
    "chosen_inline_result",
    "my_chat_member",
    "chat_member",
    "channel_post",
    "edited_channel_post",
    "chat_join_request",
    "poll",
    "poll_answer",
    "pre_checkout_query",
    "shipping_query",
    "message_reaction",
    "business_message",
)


def update_kind(update: object) -> str:
    if not isinstance(update, Update):
        return type(update).__name__
    for kind in UPDATE_KINDS:
        if getattr(update, kind, None) is not None:
            return kind
    return "other"


@dataclass
class _Record:
    handlers: list[str] = field(default_factory=list)
    failed: bool = False


_current: ContextVar[_Record | None] = ContextVar("bot_update_record", default=None)


def mark_failed() -> None:
    """Called by the error handler: the update's outcome is 'error'."""
    record = _current.get()
    if record is not None:
        record.failed = True


class LoggedApplication(Application[Any, Any, Any, Any, Any, Any]):
    async def process_update(self, update: object) -> None:
        if _current.get() is not None:
            # handled inside another update (an edit answered as the message it corrects):
            # its handlers are that update's, on its one line
            await super().process_update(update)
            return
        record = _Record()
        token = _current.set(record)
        started = time.perf_counter()
        try:
            await super().process_update(update)
        except Exception:
            record.failed = True
            raise
        finally:
            _current.reset(token)
            log.info(
                "update type=%s handler=%s ms=%.1f outcome=%s",
                update_kind(update),
                ",".join(record.handlers) or "-",
                (time.perf_counter() - started) * 1000,
                "error" if record.failed else "ok",
            )


Callback = Callable[..., Coroutine[Any, Any, Any]]


def _tracked(callback: Callback) -> Callback:
    name = f"{callback.__module__.rsplit('.', 1)[-1]}.{callback.__name__}"

    @functools.wraps(callback)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        record = _current.get()
        if record is not None:
            record.handlers.append(name)
        return await callback(*args, **kwargs)

    return wrapper


def _instrument_handler(handler: BaseHandler[Any, Any, Any]) -> None:
    if isinstance(handler, ConversationHandler):
        inner = [*handler.entry_points, *handler.fallbacks]
        for state_handlers in handler.states.values():
            inner += state_handlers
        for sub in inner:
            _instrument_handler(sub)
    elif not getattr(handler.callback, "_bot_tracked", False):
        handler.callback = _tracked(handler.callback)
        handler.callback._bot_tracked = True  # type: ignore[attr-defined]


def instrument(app: Application[Any, Any, Any, Any, Any, Any], *, skip_groups: int = 0) -> None:
    """Wrap the callbacks of handlers in groups >= ``skip_groups`` (the gate is not named)."""
    for group, handlers in app.handlers.items():
        if group < skip_groups:
            continue
        for handler in handlers:
            _instrument_handler(handler)
