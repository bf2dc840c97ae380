"""What Telegram refuses, and that nothing the bot shows is refused.

The Bot API stand-in answers 400 where Telegram would (HTML it cannot parse, a text over 4,096
characters, a bad button), and ``nothing_refused`` (conftest) fails every test in which the bot
made such a call: the person would have got nothing. These tests check the checks, and show
every topic of the real knowledge base in every language.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, NetworkError

from bot.clock import FakeClock
from bot.fakeapi import ChatMessage, refusal
from bot.simulator import Simulator


def html(text: str) -> dict[str, str]:
    return {"chat_id": "1", "text": text, "parse_mode": "HTML"}


@pytest.mark.parametrize(
    "text",
    [
        "<b>Bold</b> and <i>italic <u>under</u></i>",
        '<a href="https://example.org/?a=1&amp;b=2">link</a>',
        "1 &lt; 2 &amp;&amp; 3 &gt; 2 &quot;x&quot; &#39; &#x1F600;",
        "Tom & Jerry",  # a lone & is shown as it is
        "<blockquote>quoted</blockquote> <code>x</code> <pre>y</pre> <tg-spoiler>z</tg-spoiler>",
        '<span class="tg-spoiler">hidden</span>',
        # what tdlib's parse_html takes though the Bot API asks to escape it (a review)
        "2 > 1",
        "&nbsp; is shown as it is",
        "<a>example.org</a>",
    ],
)
def test_html_telegram_accepts(text: str) -> None:
    assert refusal("sendMessage", html(text)) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<br>", 'Unsupported start tag "br"'),
        ("<p>paragraph</p>", 'Unsupported start tag "p"'),
        ("<b>bold", "can't find end tag"),
        ("<b><i>crossed</b></i>", 'unmatched end tag "b"'),
        ("</b>", 'unmatched end tag "b"'),
        ("1 < 2", "unexpected '<'"),
        ("Berlin <Mitte>", 'Unsupported start tag "mitte"'),
        ("<span>plain</span>", 'tag "span" must have class "tg-spoiler"'),
        ("<b></b>", "message text is empty"),
        ("   ", "message text is empty"),
    ],
)
def test_html_telegram_refuses(text: str, reason: str) -> None:
    assert reason in (refusal("sendMessage", html(text)) or "")


def test_without_parse_mode_text_is_taken_as_it_is() -> None:
    assert refusal("sendMessage", {"chat_id": "1", "text": "1 < 2 <br>"}) is None


def test_length_counts_the_characters_shown() -> None:
    assert refusal("sendMessage", html("<b>" + "a" * 4096 + "</b>")) is None  # tags not counted
    assert refusal("sendMessage", html("&amp;" * 4096)) is None
    assert refusal("sendMessage", html("a" * 4097)) == "message is too long"
    assert refusal("sendMessage", html("😀" * 4096)) is None  # characters, not UTF-16 units
    assert refusal("sendMessage", html("😀" * 4097)) == "message is too long"
    assert refusal("editMessageText", html("ə" * 4097)) == "message is too long"
    caption = {"chat_id": "1", "caption": "c" * 1025, "parse_mode": "HTML"}
    assert refusal("copyMessage", caption) == "message caption is too long"
    assert refusal("copyMessage", {"chat_id": "1", "from_chat_id": "2", "message_id": 3}) is None
    assert refusal("answerCallbackQuery", {"text": "t" * 201}) == "MESSAGE_TOO_LONG"
    assert refusal("answerCallbackQuery", {"text": "t" * 200}) is None


def markup(*buttons: dict[str, str]) -> dict[str, object]:
    return {**html("Pick"), "reply_markup": {"inline_keyboard": [list(buttons)]}}


@pytest.mark.parametrize(
    ("button", "reason"),
    [
        ({"text": "Go", "callback_data": "x" * 65}, "BUTTON_DATA_INVALID"),
        ({"text": "Go", "callback_data": "ə" * 33}, "BUTTON_DATA_INVALID"),  # 66 bytes
        ({"text": "Go", "url": "javascript:alert(1)"}, "BUTTON_URL_INVALID"),
        ({"text": "Go"}, "text buttons are unallowed"),
        ({"text": " ", "callback_data": "x"}, "button text is empty"),
        ({"text": "Go", "callback_data": "x", "url": "https://x.org"}, "exactly one"),
    ],
)
def test_buttons_telegram_refuses(button: dict[str, str], reason: str) -> None:
    assert reason in (refusal("sendMessage", markup(button)) or "")
    assert refusal("sendMessage", markup({"text": "Go", "callback_data": "x" * 64})) is None
    assert refusal("sendMessage", markup({"text": "Map", "url": "https://maps.org/?q=1"})) is None


def test_inline_answers_are_checked_as_the_messages_they_become() -> None:
    def card(text: str, data: str = "faq:t:x") -> dict[str, object]:
        content = {"message_text": text, "parse_mode": "HTML"}
        buttons = {"inline_keyboard": [[{"text": "More", "callback_data": data}]]}
        return {"type": "article", "input_message_content": content, "reply_markup": buttons}

    assert refusal("answerInlineQuery", {"results": [card("<b>Flag Day</b>")]}) is None
    assert "can't find end tag" in (
        refusal("answerInlineQuery", {"results": [card("ok"), card("<b>Flag Day")]}) or ""
    )
    assert refusal("answerInlineQuery", {"results": [card("ok", "x" * 65)]}) == (
        "BUTTON_DATA_INVALID"
    )


async def test_a_refused_call_fails_the_test_it_happens_in(
    sim: Simulator, nothing_refused: list[str]
) -> None:
    """The bot gets Telegram's 400, and the test's teardown would fail on it."""
    with pytest.raises(BadRequest, match="(?i)unsupported start tag"):
        await sim.app.bot.send_message(5, "a <br> b")
    bad = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await sim.app.bot.send_message(5, "ok", reply_markup=bad)
    assert [line.split(":")[0:2] for line in nothing_refused] == [
        ["sendMessage", " can't parse entities"],
        ["sendMessage", " BUTTON_DATA_INVALID"],
    ]
    assert not sim.api.chat(5)  # nothing reached the person
    nothing_refused.clear()


async def test_the_stand_in_can_be_told_not_to_check(
    sim: Simulator, nothing_refused: list[str]
) -> None:
    """Benchmarks only: the stand-in's own work is not what they measure."""
    sim.api.check_requests = False
    await sim.app.bot.send_message(5, "a <br> b")
    assert sim.api.last(5).text == "a <br> b"
    assert not nothing_refused


@pytest.mark.parametrize("language", ["az", "en", "ru"])
async def test_every_topic_and_its_longer_text_is_shown(sim: Simulator, language: str) -> None:
    """Every topic of data/faq, its answer and its longer text, from the topics menu."""
    menu_of = sim.person(1, language)
    (menu,) = await sim.send(menu_of, "/topics")
    topics = [b["callback_data"] for b in menu.inline_buttons]
    assert len(topics) >= 20
    for n, data in enumerate(topics):
        person = sim.person(1000 + n, language)  # each their own: flood protection
        picker = ChatMessage(person.id, 1, menu.text, menu.reply_markup, "sendMessage", {})
        sim.api.messages[(person.id, 1)] = picker
        (answer,) = await sim.press_data(person, picker, data)
        assert answer.text.count("\n") >= 2, (data, answer.text)  # a title, then the answer
        more = [b for b in answer.inline_buttons if b["callback_data"].startswith("faq:m:")]
        if more:
            short = answer.text
            (longer,) = await sim.press_data(person, answer, more[0]["callback_data"])
            assert len(longer.text) > len(short), data


async def test_another_process_polling_with_the_token_stops_the_bot_after_a_minute(
    sim: Simulator,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An operator review: a second `run` with the same token (a test in a terminal beside the
    service) got 409 Conflict on every getUpdates, logged a 30-line traceback each time under
    "handler failed on a NoneType update", and both processes went on, each answering only
    some of the messages. Now one line each; a minute of them, and the bot stops."""
    from telegram.ext import Application

    from handlers.errors import CONFLICT_GIVE_UP, FATAL

    stopped: list[bool] = []
    monkeypatch.setattr(Application, "stop_running", lambda self: stopped.append(True))
    conflict = Conflict("Conflict: terminated by other getUpdates request")
    caplog.set_level(logging.WARNING, logger="handlers.errors")
    await sim.app.process_error(update=None, error=conflict)
    clock.advance(CONFLICT_GIVE_UP / 2)
    await sim.app.process_error(update=None, error=conflict)
    assert not stopped and FATAL not in sim.app.bot_data
    assert all(r.exc_info is None and "409 Conflict" in r.getMessage() for r in caplog.records)
    clock.advance(CONFLICT_GIVE_UP / 2)
    await sim.app.process_error(update=None, error=conflict)
    assert stopped == [True]
    assert "only one may run" in sim.app.bot_data[FATAL]


async def test_a_conflict_after_a_long_pause_starts_a_new_count(
    sim: Simulator, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restart's old long poll still open at Telegram gives a conflict or two; days apart,
    they never add up to a stop."""
    from telegram.ext import Application

    from handlers.errors import CONFLICT_GAP

    stopped: list[bool] = []
    monkeypatch.setattr(Application, "stop_running", lambda self: stopped.append(True))
    for _ in range(5):
        await sim.app.process_error(update=None, error=Conflict("Conflict"))
        clock.advance(CONFLICT_GAP + timedelta(seconds=1))
    assert not stopped


async def test_failing_to_fetch_updates_is_one_line_not_a_traceback(
    sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """The network down while running: a 90-line chained traceback per retry (an operator
    review: 656 log lines in 25 s)."""
    caplog.set_level(logging.WARNING, logger="handlers.errors")
    await sim.app.process_error(update=None, error=NetworkError("httpx.ConnectError: refused"))
    (record,) = [r for r in caplog.records if r.name == "handlers.errors"]
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert "httpx.ConnectError: refused" in record.getMessage()


async def test_a_bad_request_with_no_update_is_no_polling_failure(
    sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """A review: a BadRequest is a NetworkError to PTB, and a job's or a task's error comes
    with no update; "Message is too long" from one was logged as "cannot fetch updates",
    without its traceback."""
    caplog.set_level(logging.WARNING, logger="handlers.errors")
    await sim.app.process_error(update=None, error=BadRequest("Message is too long"))
    (record,) = [r for r in caplog.records if r.name == "handlers.errors"]
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert "cannot fetch updates" not in record.getMessage()


async def test_a_webhook_set_elsewhere_stops_polling_at_once_saying_so(
    sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from telegram.ext import Application

    from handlers.errors import FATAL

    stopped: list[bool] = []
    monkeypatch.setattr(Application, "stop_running", lambda self: stopped.append(True))
    conflict = Conflict("Conflict: can't use getUpdates method while webhook is active")
    await sim.app.process_error(update=None, error=conflict)
    assert stopped == [True] and "a webhook is set" in sim.app.bot_data[FATAL]
