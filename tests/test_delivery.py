"""deliver(): one send, with Telegram's failures handled as the bulk senders need."""

from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram.error import NetworkError, TimedOut

from bot.app import READ_TIMEOUT, build_application
from bot.config import Settings
from bot.delivery import Outcome, RetryPolicy, deliver, surely_not_sent
from bot.fakeapi import ApiError, NetworkFault, ReplyLost
from bot.simulator import Simulator
from bot.store import users

FAST = RetryPolicy(attempts=3, backoff=0.0)


async def _person(sim: Simulator, user_id: int) -> None:
    await sim.send(sim.person(user_id, "az"), "/start")


async def test_blocked_person_is_marked_inactive(sim: Simulator) -> None:
    await _person(sim, 11)
    sim.api.fault = lambda method, params: ApiError.blocked() if method == "sendMessage" else None
    outcome = await deliver(sim.store, 11, lambda: sim.app.bot.send_message(11, "hi"), FAST)
    assert outcome is Outcome.BLOCKED
    person = await users.get(sim.store, 11)
    assert person is not None and not person.active


async def test_flood_waits_are_waited_out_and_the_message_arrives_once(sim: Simulator) -> None:
    await _person(sim, 12)
    calls = {"n": 0}

    def flaky(method: str, params: dict[str, Any]) -> ApiError | None:
        if method != "sendMessage":
            return None
        calls["n"] += 1
        return ApiError.too_many_requests(0) if calls["n"] <= 2 else None

    sim.api.fault = flaky
    outcome = await deliver(sim.store, 12, lambda: sim.app.bot.send_message(12, "hi"), FAST)
    assert outcome is Outcome.DELIVERED
    assert [m.text for m in sim.api.chat(12)][-1] == "hi"
    assert len([c for c in sim.api.sent(12) if c.params.get("text") == "hi"]) == 1


async def test_network_errors_are_retried_then_given_up(sim: Simulator) -> None:
    await _person(sim, 13)
    sim.api.fault = lambda method, params: NetworkFault if method == "sendMessage" else None
    outcome = await deliver(sim.store, 13, lambda: sim.app.bot.send_message(13, "hi"), FAST)
    assert outcome is Outcome.FAILED
    tries = [c for c in sim.api.calls if c.method == "sendMessage" and not c.ok]
    assert len(tries) == FAST.attempts


async def test_chat_not_found_counts_as_blocked(sim: Simulator) -> None:
    await _person(sim, 14)
    sim.api.fault = lambda method, params: (
        ApiError.chat_not_found() if method == "sendMessage" else None
    )
    outcome = await deliver(sim.store, 14, lambda: sim.app.bot.send_message(14, "hi"), FAST)
    assert outcome is Outcome.BLOCKED


async def test_other_bad_request_fails_without_retrying(sim: Simulator) -> None:
    await _person(sim, 15)
    sim.api.fault = lambda method, params: (
        ApiError(400, "Bad Request: message is too long") if method == "sendMessage" else None
    )
    outcome = await deliver(sim.store, 15, lambda: sim.app.bot.send_message(15, "hi"), FAST)
    assert outcome is Outcome.FAILED
    assert len([c for c in sim.api.calls if c.params.get("text") == "hi"]) == 1  # no retry


async def test_a_send_whose_answer_was_lost_is_not_sent_again(sim: Simulator) -> None:
    """A read timeout: Telegram may have delivered it. Resending could give a second copy."""
    await _person(sim, 16)
    sim.api.fault = lambda method, params: ReplyLost if method == "sendMessage" else None
    outcome = await deliver(sim.store, 16, lambda: sim.app.bot.send_message(16, "hi"), FAST)
    assert outcome is Outcome.UNCONFIRMED
    assert [m.text for m in sim.api.chat(16)].count("hi") == 1  # it did arrive, once
    assert len([c for c in sim.api.calls if c.params.get("text") == "hi"]) == 1  # no retry


async def test_a_connection_that_could_not_be_made_is_retried_and_arrives_once(
    sim: Simulator,
) -> None:
    await _person(sim, 17)
    failures = iter([NetworkFault, NetworkFault])
    sim.api.fault = lambda method, params: next(failures, None) if method == "sendMessage" else None
    outcome = await deliver(sim.store, 17, lambda: sim.app.bot.send_message(17, "hi"), FAST)
    assert outcome is Outcome.DELIVERED
    assert [m.text for m in sim.api.chat(17)].count("hi") == 1


@pytest.mark.parametrize(
    ("error", "cause", "not_sent"),
    [
        (TimedOut("Pool timeout"), httpx.PoolTimeout("pool"), True),
        (TimedOut(), httpx.ConnectTimeout("connect"), True),
        (NetworkError("httpx.ConnectError"), httpx.ConnectError("refused"), True),
        (NetworkError("Too Many Requests: retry after 0"), None, True),  # refused by Telegram
        (TimedOut(), httpx.ReadTimeout("read"), False),
        (TimedOut(), httpx.WriteTimeout("write"), False),
        (NetworkError("httpx.ReadError"), httpx.ReadError("reset"), False),
        (NetworkError("httpx.RemoteProtocolError"), httpx.RemoteProtocolError("closed"), False),
        (NetworkError("Bad Gateway"), None, False),  # a 502 may come after the send
        (NetworkError("Gateway Timeout (504)"), ValueError("not JSON"), False),
        (NetworkError("Unknown error in HTTP implementation"), RuntimeError("?"), False),
    ],
)
def test_only_errors_before_the_request_left_count_as_not_sent(
    error: Exception, cause: BaseException | None, not_sent: bool
) -> None:
    """As PTB's HTTPXRequest raises them: TimedOut/NetworkError *from* the httpx error."""
    error.__cause__ = cause
    assert surely_not_sent(error) is not_sent


async def test_a_server_error_after_the_send_is_not_sent_again(sim: Simulator) -> None:
    """Telegram's front end answers 502 although the message went out: no second copy."""
    await _person(sim, 18)
    sim.api.fault = lambda method, params: (
        ApiError(502, "Bad Gateway") if method == "sendMessage" else None
    )
    outcome = await deliver(sim.store, 18, lambda: sim.app.bot.send_message(18, "hi"), FAST)
    assert outcome is Outcome.UNCONFIRMED
    assert len([c for c in sim.api.calls if c.params.get("text") == "hi"]) == 1  # no retry


def test_the_real_bot_waits_long_enough_before_calling_a_send_unconfirmed(tmp_path: Path) -> None:
    """A read timeout makes a bulk send 'maybe delivered' (never resent): Telegram being slow
    for more than PTB's default 5 s must not cost people their announcement."""
    settings = Settings(
        token="123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0", db_path=tmp_path / "db"
    )
    app = build_application(settings)
    assert app.bot.request.read_timeout == READ_TIMEOUT >= 15
