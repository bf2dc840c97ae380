"""deliver(): one send, with Telegram's failures handled as the bulk senders need."""

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from telegram.error import NetworkError, TimedOut

from bot.app import READ_TIMEOUT, build_application
from bot.config import Settings
from bot.delivery import Outcome, RetryPolicy, deliver, surely_not_sent
from bot.fakeapi import ApiError, Fault, NetworkFault, ReplyLost
from bot.simulator import Simulator
from bot.store import users

FAST = RetryPolicy(attempts=3, backoff=0.0)


async def _person(sim: Simulator, user_id: int) -> None:
    await sim.send(sim.person(user_id, "az"), "/start")


async def _say_hi(sim: Simulator, user_id: int, fault: Callable[[], Fault | None]) -> Outcome:
    """deliver() of one "hi" to a known person while each sendMessage meets ``fault()``."""
    await _person(sim, user_id)
    sim.api.fault = lambda method, params: fault() if method == "sendMessage" else None
    return await deliver(sim.store, user_id, lambda: sim.app.bot.send_message(user_id, "hi"), FAST)


async def test_blocked_person_is_marked_inactive(sim: Simulator) -> None:
    outcome = await _say_hi(sim, 11, lambda: ApiError.blocked())
    assert outcome is Outcome.BLOCKED
    person = await users.get(sim.store, 11)
    assert person is not None and not person.active


async def test_flood_waits_are_waited_out_and_the_message_arrives_once(sim: Simulator) -> None:
    waits = iter([ApiError.too_many_requests(0)] * 2)
    outcome = await _say_hi(sim, 12, lambda: next(waits, None))
    assert outcome is Outcome.DELIVERED
    assert [m.text for m in sim.api.chat(12)][-1] == "hi"
    assert len([c for c in sim.api.sent(12) if c.params.get("text") == "hi"]) == 1


async def test_network_errors_are_retried_then_left_for_later(sim: Simulator) -> None:
    outcome = await _say_hi(sim, 13, lambda: NetworkFault)
    assert outcome is Outcome.NOT_SENT  # surely not sent: the caller may try again later
    tries = [c for c in sim.api.calls if c.method == "sendMessage" and not c.ok]
    assert len(tries) == FAST.attempts


async def test_flood_waits_past_the_retries_are_flooded_not_an_outage(sim: Simulator) -> None:
    """Telegram answered (429): the reminders charge a give-back, as they do not for an
    outage; so also for a 429 without retry_after (a diff review: it was an outage)."""
    outcome = await _say_hi(sim, 16, lambda: ApiError.too_many_requests(0))
    assert outcome is Outcome.FLOODED
    outcome = await _say_hi(sim, 17, lambda: ApiError(429, "Too Many Requests"))
    assert outcome is Outcome.FLOODED


async def test_chat_not_found_counts_as_blocked(sim: Simulator) -> None:
    outcome = await _say_hi(sim, 14, lambda: ApiError.chat_not_found())
    assert outcome is Outcome.BLOCKED


async def test_other_bad_request_fails_without_retrying(sim: Simulator) -> None:
    outcome = await _say_hi(sim, 15, lambda: ApiError(400, "Bad Request: message is too long"))
    assert outcome is Outcome.FAILED
    assert len([c for c in sim.api.calls if c.params.get("text") == "hi"]) == 1  # no retry


async def test_a_deleted_original_is_told_apart(sim: Simulator) -> None:
    outcome = await _say_hi(
        sim, 16, lambda: ApiError(400, "Bad Request: message to copy not found")
    )
    assert outcome is Outcome.SOURCE_GONE


async def test_a_send_whose_answer_was_lost_is_not_sent_again(sim: Simulator) -> None:
    """A read timeout: Telegram may have delivered it. Resending could give a second copy."""
    outcome = await _say_hi(sim, 16, lambda: ReplyLost)
    assert outcome is Outcome.UNCONFIRMED
    assert [m.text for m in sim.api.chat(16)].count("hi") == 1  # it did arrive, once
    assert len([c for c in sim.api.calls if c.params.get("text") == "hi"]) == 1  # no retry


async def test_a_connection_that_could_not_be_made_is_retried_and_arrives_once(
    sim: Simulator,
) -> None:
    failures = iter([NetworkFault, NetworkFault])
    outcome = await _say_hi(sim, 17, lambda: next(failures, None))
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
    outcome = await _say_hi(sim, 18, lambda: ApiError(502, "Bad Gateway"))
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
