"""An in-memory stand-in for the Telegram Bot API.

:class:`FakeBotAPI` is a :class:`telegram.request.BaseRequest`: give it to
``ApplicationBuilder().request(...)`` and the real ``Bot`` talks to it instead of the network.
It answers the methods the bot uses, remembers every call and every message as the person
would see it (edits applied), and can inject Telegram's failures (429 with ``retry_after``,
403 blocked, 400 chat not found, network errors) for tests and benchmarks.

``diaspora-bot chat``, the tests and the benchmarks all use it.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

BOT_ID = 7000000001
BOT_USERNAME = "diaspora_test_bot"
BOT_USER: dict[str, Any] = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "Diaspora",
    "username": BOT_USERNAME,
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}

# Methods that deliver something to a chat (each counts as one outgoing message).
SEND_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendLocation",
        "sendVenue",
        "sendDocument",
        "copyMessage",
        "copyMessages",
        "forwardMessage",
    }
)


@dataclass(frozen=True)
class ApiError:
    """A failure to return instead of a result."""

    status: int
    description: str
    retry_after: int | None = None
    migrate_to_chat_id: int | None = None  # the group became this supergroup

    @classmethod
    def too_many_requests(cls, retry_after: int = 1) -> ApiError:
        return cls(429, f"Too Many Requests: retry after {retry_after}", retry_after)

    @classmethod
    def blocked(cls) -> ApiError:
        return cls(403, "Forbidden: bot was blocked by the user")

    @classmethod
    def chat_not_found(cls) -> ApiError:
        return cls(400, "Bad Request: chat not found")

    @classmethod
    def migrated(cls, new_chat_id: int) -> ApiError:
        return cls(
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            migrate_to_chat_id=new_chat_id,
        )


class Rejected(Exception):
    """Raised inside a stand-in method to answer with a Bot API error."""

    def __init__(self, error: ApiError) -> None:
        super().__init__(error.description)
        self.error = error


class NetworkFault(Exception):
    """Return this (as a fault) to make the call fail as if no connection could be made:
    the request never reached Telegram."""


class ReplyLost(Exception):
    """Return this (as a fault) to make the call reach Telegram and take effect, but its
    answer never come back (a read timeout): the caller cannot know it arrived."""


Fault = ApiError | type[NetworkFault] | type[ReplyLost]
FaultRule = Callable[[str, dict[str, Any]], Fault | None]


@dataclass
class ApiCall:
    method: str
    params: dict[str, Any]
    ok: bool
    message_id: int | None = None  # the message sent or edited, if any
    at: float = field(default_factory=time.monotonic)


@dataclass
class ChatMessage:
    """A message the bot put in a chat, as it looks now."""

    chat_id: int
    message_id: int
    text: str
    reply_markup: dict[str, Any] | None
    method: str
    params: dict[str, Any]

    @property
    def inline_buttons(self) -> list[dict[str, Any]]:
        """Inline buttons in reading order (left to right, top to bottom)."""
        markup = self.reply_markup or {}
        return [b for row in markup.get("inline_keyboard", []) for b in row]

    @property
    def keyboard(self) -> list[str]:
        """Reply-keyboard button labels, if the message carried one."""
        markup = self.reply_markup or {}
        return [
            b["text"] if isinstance(b, dict) else str(b)
            for row in markup.get("keyboard", [])
            for b in row
        ]


def _chat(chat_id: Any) -> dict[str, Any]:
    try:
        cid = int(chat_id)
    except (TypeError, ValueError):
        return {"id": -1001, "type": "channel", "title": str(chat_id)}
    if cid > 0:
        return {"id": cid, "type": "private", "first_name": "User"}
    return {"id": cid, "type": "supergroup" if cid < -1000000000000 else "group", "title": "Group"}


class FakeBotAPI(BaseRequest):
    def __init__(self, *, latency: float = 0.0, fault: FaultRule | None = None) -> None:
        self.latency = latency
        self.fault = fault
        #: awaited before each call is answered: a test holds chosen requests "on the wire"
        self.hold: Callable[[str, dict[str, Any]], Awaitable[None]] | None = None
        self.calls: list[ApiCall] = []
        self.messages: dict[tuple[int, int], ChatMessage] = {}
        self.callback_answers: list[dict[str, Any]] = []
        self.inline_answers: list[dict[str, Any]] = []
        self._ids = itertools.count(1000)
        self.record_calls = True
        #: refuse what Telegram refuses (see :func:`refusal`); off only in benchmarks, where
        #: the stand-in's own work is not what is measured
        self.check_requests = True

    # -- BaseRequest -------------------------------------------------------------------------
    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if self.latency:
            await asyncio.sleep(self.latency)
        if self.hold is not None:
            await self.hold(endpoint, params)
        fault = self.fault(endpoint, params) if self.fault else None
        if fault is NetworkFault:
            self._record(endpoint, params, ok=False)
            # as PTB's HTTPXRequest raises it: from the httpx error
            raise NetworkError("httpx.ConnectError: stand-in") from httpx.ConnectError("refused")
        if isinstance(fault, ApiError):
            return self._error(endpoint, params, fault)
        answer = getattr(self, f"_api_{endpoint}", None)
        if answer is None:
            missing = ApiError(400, f"Bad Request: the stand-in does not implement {endpoint}")
            return self._error(endpoint, params, missing)
        refused = refusal(endpoint, params) if self.check_requests else None
        if refused is not None:
            return self._error(endpoint, params, ApiError(400, f"Bad Request: {refused}"))
        try:
            result = answer(params)
        except Rejected as exc:
            return self._error(endpoint, params, exc.error)
        message_id = result.get("message_id") if isinstance(result, dict) else None
        self._record(endpoint, params, ok=True, message_id=message_id)
        if fault is ReplyLost:
            raise TimedOut() from httpx.ReadTimeout("stand-in: the answer never came")
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _error(self, endpoint: str, params: dict[str, Any], error: ApiError) -> tuple[int, bytes]:
        self._record(endpoint, params, ok=False)
        body: dict[str, Any] = {
            "ok": False,
            "error_code": error.status,
            "description": error.description,
        }
        if error.retry_after is not None:
            body["parameters"] = {"retry_after": error.retry_after}
        if error.migrate_to_chat_id is not None:
            body["parameters"] = {"migrate_to_chat_id": error.migrate_to_chat_id}
        return error.status, json.dumps(body).encode()

    def _record(
        self, endpoint: str, params: dict[str, Any], *, ok: bool, message_id: int | None = None
    ) -> None:
        if self.record_calls:
            self.calls.append(ApiCall(endpoint, params, ok, message_id))

    # -- queries for tests -------------------------------------------------------------------
    def sent(self, chat_id: int | None = None, method: str | None = None) -> list[ApiCall]:
        """Successful delivering calls, optionally to one chat / of one method."""
        return [
            c
            for c in self.calls
            if c.ok
            and (c.method == method if method else c.method in SEND_METHODS)
            and (chat_id is None or chat_id_of(c.params) == chat_id)
        ]

    def chat(self, chat_id: int) -> list[ChatMessage]:
        """The bot's messages in one chat, oldest first, as they look now."""
        return sorted(
            (m for (cid, _), m in self.messages.items() if cid == chat_id),
            key=lambda m: m.message_id,
        )

    def last(self, chat_id: int) -> ChatMessage:
        messages = self.chat(chat_id)
        if not messages:
            raise AssertionError(f"the bot sent nothing to chat {chat_id}")
        return messages[-1]

    # -- Bot API methods ---------------------------------------------------------------------
    def _message(self, params: dict[str, Any], text: str, method: str) -> dict[str, Any]:
        chat = _chat(params.get("chat_id"))
        message_id = next(self._ids)
        markup = params.get("reply_markup")
        self.messages[(chat["id"], message_id)] = ChatMessage(
            chat["id"], message_id, text, markup, method, params
        )
        result: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
        }
        if method == "sendMessage":
            result["text"] = text
        elif text:
            result["caption"] = text
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            result["reply_markup"] = markup
        return result

    def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return BOT_USER

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._message(params, str(params.get("text", "")), "sendMessage")

    def _api_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._message(params, str(params.get("caption", "")), "sendPhoto")

    def _api_sendLocation(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._message(params, "", "sendLocation")

    def _api_sendVenue(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._message(params, f"{params.get('title')}\n{params.get('address')}", "sendVenue")

    def _api_copyMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        msg = self._message(params, str(params.get("caption", "")), "copyMessage")
        return {"message_id": msg["message_id"]}

    def _api_copyMessages(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """An album (or several messages) copied at once: one new message per id."""
        copied = []
        for message_id in params.get("message_ids", []):
            item = {**params, "message_id": message_id}
            copied.append({"message_id": self._message(item, "", "copyMessages")["message_id"]})
        return copied

    def _api_forwardMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._message(params, "", "forwardMessage")

    def _edit(self, params: dict[str, Any], **changes: Any) -> dict[str, Any] | bool:
        if "inline_message_id" in params:
            return True
        key = (chat_id_of(params), int(params.get("message_id", 0)))
        message = self.messages.get(key)
        if message is None:
            raise Rejected(ApiError(400, "Bad Request: message to edit not found"))
        markup = params.get("reply_markup")
        if all(getattr(message, k) == v for k, v in changes.items()) and (
            markup == message.reply_markup
        ):
            raise Rejected(
                ApiError(
                    400,
                    "Bad Request: message is not modified: specified new message content and "
                    "reply markup are exactly the same as a current content and reply markup "
                    "of the message",
                )
            )
        for name, value in changes.items():
            setattr(message, name, value)
        message.reply_markup = markup
        result: dict[str, Any] = {
            "message_id": message.message_id,
            "date": int(time.time()),
            "chat": _chat(message.chat_id),
            "from": BOT_USER,
            "text": message.text,
        }
        if isinstance(message.reply_markup, dict):
            result["reply_markup"] = message.reply_markup
        return result

    def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        return self._edit(params, text=str(params.get("text", "")))

    def _api_editMessageCaption(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        return self._edit(params, text=str(params.get("caption", "")))

    def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        return self._edit(params)

    def _api_deleteMessage(self, params: dict[str, Any]) -> bool:
        self.messages.pop((chat_id_of(params), int(params.get("message_id", 0))), None)
        return True

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        self.callback_answers.append(params)
        return True

    def _api_answerInlineQuery(self, params: dict[str, Any]) -> bool:
        self.inline_answers.append(params)
        return True

    def _api_sendChatAction(self, params: dict[str, Any]) -> bool:
        return True

    def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        return True

    def _api_deleteMyCommands(self, params: dict[str, Any]) -> bool:
        return True

    def _api_setChatMenuButton(self, params: dict[str, Any]) -> bool:
        return True

    def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        return True

    def _api_getUpdates(self, params: dict[str, Any]) -> list[Any]:
        return []

    def _api_close(self, params: dict[str, Any]) -> bool:
        return True

    def _api_getChat(self, params: dict[str, Any]) -> dict[str, Any]:
        return _chat(params.get("chat_id"))


def chat_id_of(params: dict[str, Any]) -> int:
    try:
        return int(params.get("chat_id", 0))
    except (TypeError, ValueError):
        return -1001


# -- what Telegram refuses ---------------------------------------------------------------------
#: https://core.telegram.org/bots/api#formatting-options (HTML style)
_HTML_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a"}
    | {"tg-emoji", "code", "pre", "blockquote"}
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>")
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_NAMED_ENTITIES = frozenset({"lt", "gt", "amp", "quot"})
_SPOILER = re.compile(r"""class\s*=\s*["']?tg-spoiler\b""")
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64  # bytes
CALLBACK_ANSWER_LIMIT = 200
_TEXT_PARAM = {
    "sendMessage": "text",
    "editMessageText": "text",
    "sendPhoto": "caption",
    "sendDocument": "caption",
    "editMessageCaption": "caption",
    "copyMessage": "caption",
}


def html_text(source: str) -> str:
    """The text a person sees for ``source`` in Telegram's HTML style; ValueError with
    Telegram's reason when Telegram would refuse to parse it."""
    shown: list[str] = []
    open_tags: list[str] = []
    at = 0
    while at < len(source):
        char = source[at]
        if char == "<":
            tag = _TAG.match(source, at)
            if tag is None:
                offset = len(source[:at].encode())
                raise ValueError(f"can't parse entities: unexpected '<' at byte offset {offset}")
            closing, name, attributes = tag.group(1), tag.group(2).lower(), tag.group(3)
            if name not in _HTML_TAGS:
                offset = len(source[:at].encode())
                kind = "end" if closing else "start"
                raise ValueError(
                    f'can\'t parse entities: Unsupported {kind} tag "{name}" '
                    f"at byte offset {offset}"
                )
            if closing:
                if not open_tags or open_tags[-1] != name:
                    raise ValueError(f'can\'t parse entities: unmatched end tag "{name}"')
                open_tags.pop()
            else:
                if name == "span" and not _SPOILER.search(attributes):
                    raise ValueError(
                        'can\'t parse entities: tag "span" must have class "tg-spoiler"'
                    )
                open_tags.append(name)
            at = tag.end()
        elif char == "&" and (entity := _ENTITY.match(source, at)) is not None:
            # Telegram's own four and numeric ones; any other ("&nbsp;") is shown as it is
            name = entity.group(1)
            known = name.startswith("#") or name in _NAMED_ENTITIES
            shown.append(html.unescape(entity.group(0)) if known else entity.group(0))
            at = entity.end()
        else:
            shown.append(char)
            at += 1
    if open_tags:
        raise ValueError(
            "can't parse entities: can't find end tag corresponding to start tag "
            f'"{open_tags[-1]}"'
        )
    return "".join(shown)


def _length(text: str) -> int:
    """Telegram counts characters (Unicode code points, tdlib's utf8_length)."""
    return len(text)


def _button_refusal(button: Any, inline: bool) -> str | None:
    if not isinstance(button, dict):
        return None if not inline and isinstance(button, str) and button else "invalid button"
    if not str(button.get("text", "")).strip():
        return "can't parse keyboard button: button text is empty"
    if not inline:
        return None
    actions = [k for k in button if k != "text"]
    if not actions:
        return "text buttons are unallowed in the inline keyboard"
    if len(actions) > 1:
        return "can't parse inline keyboard button: exactly one of the optional fields must be used"
    data = button.get("callback_data")
    if data is not None and not 1 <= len(str(data).encode()) <= CALLBACK_DATA_LIMIT:
        return "BUTTON_DATA_INVALID"
    url = button.get("url")
    if url is not None and not str(url).startswith(("http://", "https://", "tg://")):
        return "BUTTON_URL_INVALID"
    return None


def refusal(method: str, params: dict[str, Any]) -> str | None:
    """Why Telegram would answer 400 to this call (the checks a bot can get wrong: text
    length and HTML, buttons), or None."""
    return _refusal(method, params)


def _refusal(method: str, params: dict[str, Any]) -> str | None:
    name = _TEXT_PARAM.get(method)
    if name is not None and (name in params or name == "text"):
        text = str(params.get(name, ""))
        style = params.get("parse_mode")
        if style == "HTML":
            try:
                text = html_text(text)
            except ValueError as exc:
                return str(exc)
        limit = MESSAGE_LIMIT if name == "text" else CAPTION_LIMIT
        if name == "text" and not text.strip():
            return "message text is empty"
        if _length(text) > limit:
            return "message is too long" if name == "text" else "message caption is too long"
    if method == "answerCallbackQuery" and _length(str(params.get("text", ""))) > 200:
        return "MESSAGE_TOO_LONG"
    if method == "answerInlineQuery":
        results = params.get("results")
        if isinstance(results, str):
            results = json.loads(results)
        for result in results or []:  # each shared card is a message, with its buttons
            content = dict(result.get("input_message_content") or {})
            if "message_text" in content:
                content["text"] = content.pop("message_text")
                content["reply_markup"] = result.get("reply_markup")
                if (why := _refusal("sendMessage", content)) is not None:
                    return why
            elif (why := _markup_refusal(result.get("reply_markup"))) is not None:
                return why
    return _markup_refusal(params.get("reply_markup"))


def _markup_refusal(markup: Any) -> str | None:
    if isinstance(markup, str):
        try:
            markup = json.loads(markup)
        except ValueError:
            return "can't parse reply keyboard markup JSON object"
    if isinstance(markup, dict):
        inline = "inline_keyboard" in markup
        rows = markup.get("inline_keyboard" if inline else "keyboard")
        for row in rows or []:
            for button in row:
                if (why := _button_refusal(button, inline)) is not None:
                    return why
    return None
