"""Admins broadcast an announcement: preview, audience, Confirm, rate-limited sending that
survives a restart, progress and report."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import sqlite3
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot import reminders
from bot.app import runtime_of
from bot.broadcast import BroadcastRunner, Progress
from bot.clock import FakeClock
from bot.config import Settings
from bot.delivery import workers_for
from bot.fakeapi import ApiError, FakeBotAPI, NetworkFault, ReplyLost, chat_id_of
from bot.simulator import Person, Simulator, touched
from bot.store import Store, broadcasts, subscriptions
from bot.store import users as store_users
from bot.store.broadcasts import Broadcast
from handlers.broadcast import runner_of
from tests.conftest import ADMIN_ID, hold_first, run_due_jobs

CONCERT = "Solidarity Day concert at the Azerbaijani House in Berlin, 31 Dec, 18:00"

#: The alert for a Send or Cancel pressed on what is no longer a draft.
NOT_A_DRAFT = (
    "This announcement is no longer a draft: it is being sent, was sent or was cancelled."
    " Its state: /broadcasts"
)
NOT_A_DRAFT_AZ = (
    "Bu elan artıq qaralama deyil: göndərilir, göndərilib və ya ləğv edilib. Vəziyyəti: /broadcasts"
)


async def add_people(
    sim: Simulator,
    ids: Iterable[int],
    *,
    language: str = "en",
    country: str | None = None,
    announcements: bool = True,
) -> None:
    """People who have used the bot; /subscribe is another feature, so set the flag directly."""
    await sim.store.executemany(
        "INSERT INTO users (id, language, country, announcements, created_at, last_seen)"
        " VALUES (?, ?, ?, ?, '2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z')",
        [(i, language, country, int(announcements)) for i in ids],
    )


def runner(sim: Simulator) -> BroadcastRunner:
    return runner_of(runtime_of(sim.app))


def copies(api: FakeBotAPI, text: str = CONCERT) -> Counter[int]:
    """How many copies of the announcement each chat got."""
    return Counter(
        chat_id_of(c.params)
        for c in api.sent(method="sendMessage")
        if c.params.get("text") == text and chat_id_of(c.params) != ADMIN_ID
    )


async def compose(sim: Simulator, admin: Person, text: str = CONCERT) -> Any:
    """The admin writes /broadcast <text>; returns the control message (after the preview)."""
    preview, control = await sim.send(admin, f"/broadcast {text}")
    assert preview.text == text
    return control


async def broadcast_to(sim: Simulator, people: Iterable[int]) -> None:
    """``people`` get the announcement CONCERT from the admin, sent to the end."""
    await add_people(sim, people)
    admin = sim.person(ADMIN_ID, "en")
    await confirm(sim, admin, await compose(sim, admin))
    await runner(sim).wait()


async def photo_broadcast_to(
    sim: Simulator, people: Iterable[int], caption: str | None = None
) -> Any:
    """``people`` get a photo from the admin (copied), sent to the end; the control message."""
    await add_people(sim, people)
    admin = sim.person(ADMIN_ID, "en")
    await sim.send(admin, "/broadcast")
    await sim.feed(photo_update(sim, admin, caption=caption))
    control = sim.api.chat(ADMIN_ID)[-1]
    await confirm(sim, admin, control)
    await runner(sim).wait()
    return control


async def confirm(sim: Simulator, admin: Person, control: Any) -> None:
    await sim.press(admin, control, "Send")


async def sending_to(sim: Simulator, people: range, reached: asyncio.Event) -> Any:
    """An admin sends CONCERT to ``people``; returns the control message once the stand-in
    has been ``reached`` (the test then stops the bot, or presses something, mid-way)."""
    await add_people(sim, people)
    admin = sim.person(ADMIN_ID, "en")
    control = await compose(sim, admin)
    await confirm(sim, admin, control)
    await asyncio.wait_for(reached.wait(), 10)
    return control


async def resumed_and_done(sim: Simulator) -> None:
    """After a restart: the runner resumed the interrupted announcement and finished it."""
    await asyncio.wait_for(runner(sim).resumed.wait(), 10)
    await runner(sim).wait()


def photo_update(
    sim: Simulator, person: Person, caption: str | None = None, album: str | None = None
) -> dict[str, Any]:
    """A photo message (with ``album``: one item of that media group)."""
    raw = sim.text_update(person, "")
    message = raw["message"]
    del message["text"]
    unique = f"u{message['message_id']}"
    message["photo"] = [
        {"file_id": f"p-{unique}", "file_unique_id": unique, "width": 9, "height": 9}
    ]
    if caption is not None:
        message["caption"] = caption
    if album is not None:
        message["media_group_id"] = album
    return raw


# -- preview and Confirm -----------------------------------------------------------------------
async def test_admin_sees_a_preview_and_nothing_is_sent_before_confirm(sim: Simulator) -> None:
    await add_people(sim, [1, 2, 3])
    await add_people(sim, [4], announcements=False)
    admin = sim.person(ADMIN_ID, "en")
    preview, control = await sim.send(admin, f"/broadcast <b>{CONCERT}</b>")
    assert preview.text == f"&lt;b&gt;{CONCERT}&lt;/b&gt;"  # shown as typed, HTML-safe
    assert "Recipients: <b>3</b>" in control.text
    labels = [b["text"] for b in control.inline_buttons]
    assert "✅ Send (3)" in labels and "✖️ Cancel" in labels
    assert [c for c in sim.api.sent() if chat_id_of(c.params) != ADMIN_ID] == []

    await confirm(sim, admin, control)
    await runner(sim).wait()
    assert set(copies(sim.api, f"&lt;b&gt;{CONCERT}&lt;/b&gt;").items()) == {(1, 1), (2, 1), (3, 1)}
    report = sim.api.chat(ADMIN_ID)[-1]
    assert "Announcement #1 is sent" in report.text
    assert "Delivered: 3" in report.text and "Failed: 0" in report.text


async def test_cancel_sends_nothing_and_forgets_the_draft(sim: Simulator) -> None:
    await add_people(sim, [1, 2])
    admin = sim.person(ADMIN_ID, "az")
    control = await compose(sim, admin)
    (edited,) = await sim.press(admin, control, "Ləğv et")
    assert edited.text == "Ləğv edildi. Heç kimə heç nə göndərilmədi."
    assert copies(sim.api) == Counter()
    assert await broadcasts.get(sim.store, 1) is None
    await sim.press_data(admin, control, "bc:ok:1")  # an old copy of the message
    assert sim.alert() == NOT_A_DRAFT_AZ


async def test_second_press_of_confirm_does_not_send_twice(sim: Simulator) -> None:
    await add_people(sim, range(1, 6))
    admin = sim.person(ADMIN_ID, "en")
    control = await compose(sim, admin)
    await confirm(sim, admin, control)
    await sim.press_data(admin, control, "bc:ok:1")
    assert sim.alert() == NOT_A_DRAFT
    await runner(sim).wait()
    assert set(copies(sim.api).values()) == {1} and len(copies(sim.api)) == 5


EXPIRED = (
    "This draft has expired: drafts are kept for a day. Write the announcement again with"
    " /broadcast."
)


@pytest.mark.parametrize(
    "failure",
    [
        ApiError(400, "Bad Request: query is too old and response timeout expired"),
        NetworkFault,
    ],
)
async def test_send_is_sent_once_though_telegram_lost_the_answer_to_the_press(
    settings: Settings, clock: FakeClock, failure: Any
) -> None:
    """A failed answer to the Send press left the announcement frozen and unsent until the
    resume check 10 minutes later; the admin, told "already sent" on a second press, wrote it
    again, and then everyone got it twice (a deployer's review)."""
    failing = {"on": False}

    def telegram(method: str, params: dict[str, Any]) -> Any:
        if failing["on"] and method in ("answerCallbackQuery", "editMessageText"):
            return failure
        return None

    api = FakeBotAPI(fault=telegram)
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await add_people(sim, range(1, 31))
        admin = sim.person(ADMIN_ID, "en")
        control = await compose(sim, admin)
        (send,) = [b["callback_data"] for b in control.inline_buttons if "Send" in b["text"]]
        failing["on"] = True
        await sim.press_data(admin, control, send)
        failing["on"] = False
        await runner(sim).wait()
        assert copies(api) == Counter(range(1, 31))
        clock.advance(timedelta(seconds=5))  # not a double tap: pressed again later
        await sim.press_data(admin, control, send)  # the preview may still show Send
        assert sim.alert() == NOT_A_DRAFT
        await runner(sim).resume_all()
        await runner(sim).wait()
        assert copies(api) == Counter(range(1, 31))  # still once each


async def test_the_report_of_a_small_broadcast_is_not_overwritten_by_sending(
    sim: Simulator,
) -> None:
    """With the sending started before the press was answered, a one-recipient broadcast
    finished first, and the "Sending…" edit then replaced its report (a review)."""
    await add_people(sim, [1])
    admin = sim.person(ADMIN_ID, "en")
    control = await compose(sim, admin)

    async def slow_answer(method: str, params: dict[str, Any]) -> None:
        if method == "answerCallbackQuery":  # a slow round trip: a started sending ends first
            await runner(sim).wait()

    sim.api.hold = slow_answer
    await sim.press(admin, control, "Send")
    await runner(sim).wait()
    assert control.text.startswith("✅") and copies(sim.api) == Counter([1])


async def test_send_on_an_expired_preview_says_it_expired(sim: Simulator, clock: FakeClock) -> None:
    """It said "This announcement was already sent or cancelled"."""
    await add_people(sim, [1, 2])
    admin = sim.person(ADMIN_ID, "en")
    control = await compose(sim, admin)
    clock.advance(timedelta(days=1, minutes=1))
    await confirm(sim, admin, control)  # not deleted yet, but too old to send
    assert sim.alert() == EXPIRED
    await runner(sim).resume_all()  # the periodic check deletes it
    assert await broadcasts.get(sim.store, 1) is None
    clock.advance(timedelta(seconds=5))  # each press later than a double tap
    await confirm(sim, admin, control)
    assert sim.alert() == EXPIRED
    newer = await compose(sim, admin, "Another announcement")
    reused = await broadcasts.get(sim.store, 1)  # SQLite gave the newer draft the same id
    assert reused is not None and reused.text == "Another announcement"
    clock.advance(timedelta(seconds=5))
    await confirm(sim, admin, control)  # the old preview's Send does not send the newer one
    assert sim.alert() == EXPIRED
    assert copies(sim.api) == Counter() and copies(sim.api, "Another announcement") == Counter()
    await confirm(sim, admin, newer)
    await runner(sim).wait()
    assert copies(sim.api, "Another announcement") == Counter({1: 1, 2: 1})


async def test_an_old_preview_cannot_change_a_newer_draft_that_got_its_id(
    sim: Simulator, clock: FakeClock
) -> None:
    """SQLite gives a new draft the id of a cancelled one. The old preview's audience and
    Cancel buttons changed the newer draft: its preview said everyone, Send sent it to the
    Russian speakers only, or Cancel on the old preview deleted it."""
    await add_people(sim, [1, 2])
    await add_people(sim, [3], language="ru")
    admin = sim.person(ADMIN_ID, "en")
    old = copy.deepcopy(await compose(sim, admin, "First try"))  # as the admin's chat keeps it
    by_language = copy.deepcopy((await sim.press(admin, old, "By language"))[-1])
    await sim.press(admin, old, "Cancel")
    clock.advance(timedelta(minutes=2))
    newer = await compose(sim, admin)
    assert (await broadcasts.get(sim.store, 1)).text == CONCERT  # type: ignore[union-attr]
    for message, label in ((by_language, "Русский"), (old, "Everyone"), (old, "Cancel")):
        await sim.press(admin, message, label)
        assert sim.alert() == NOT_A_DRAFT
    await sim.press(admin, old, "Send")
    assert sim.alert() == NOT_A_DRAFT
    await confirm(sim, admin, newer)
    await runner(sim).wait()
    assert copies(sim.api) == Counter({1: 1, 2: 1, 3: 1})


async def test_broadcast_from_the_next_message_photo_is_copied(sim: Simulator) -> None:
    await add_people(sim, [1, 2])
    admin = sim.person(ADMIN_ID, "ru")
    (ask,) = await sim.send(admin, "/broadcast")
    assert ask.text.startswith("Пришлите объявление")
    raw = photo_update(sim, admin, caption="Новая воскресная школа в Праге")
    photo_id = raw["message"]["message_id"]
    await sim.feed(raw)
    preview, control = sim.api.chat(ADMIN_ID)[-2:]
    assert preview.method == "copyMessage"
    assert preview.params["message_id"] == photo_id
    assert "Получателей: <b>2</b>" in control.text
    await sim.press(admin, control, "Отправить")
    await runner(sim).wait()
    for person in (1, 2):
        (copy,) = sim.api.sent(person)
        assert copy.method == "copyMessage"
        assert copy.params["from_chat_id"] == ADMIN_ID and copy.params["message_id"] == photo_id


async def test_an_album_is_sent_whole_as_one_announcement(sim: Simulator) -> None:
    await add_people(sim, [1, 2])
    admin = sim.person(ADMIN_ID, "en")
    (ask,) = await sim.send(admin, "/broadcast")
    assert "an album (several photos together)" in ask.text
    items = [photo_update(sim, admin, "Novruz in Berlin", album="a1")]
    items += [photo_update(sim, admin, album="a1") for _ in range(2)]
    for raw in items:
        assert await sim.feed(raw) == []  # nothing is said while the album arrives
    assert await run_due_jobs(sim, timedelta(0)) == []  # it waits for more items
    assert await run_due_jobs(sim, timedelta(seconds=2)) == ["broadcast-album"]

    album = [raw["message"]["message_id"] for raw in items]
    (preview,) = [c for c in sim.api.calls if c.method == "copyMessages"]
    assert preview.params["message_ids"] == album and chat_id_of(preview.params) == ADMIN_ID
    control = sim.api.last(ADMIN_ID)
    assert "Recipients: <b>2</b>" in control.text
    await confirm(sim, admin, control)
    await runner(sim).wait()
    for person in (1, 2):
        (copy,) = sim.api.sent(person)  # one request carries the whole album
        assert copy.method == "copyMessages"
        assert copy.params["from_chat_id"] == ADMIN_ID and copy.params["message_ids"] == album
    assert len(sim.api.chat(1)) == 3
    (listing,) = await sim.send(admin, "/broadcasts")
    assert "(album of 3)" in listing.text

    # an album sent outside /broadcast is answered as before, nothing swallows it
    stranger = sim.person(558, "en")
    assert await sim.feed(photo_update(sim, stranger, album="a2"))


async def test_an_album_that_cannot_be_copied_is_said_and_not_kept(
    settings: Settings, clock: FakeClock
) -> None:
    def telegram(method: str, params: dict[str, Any]) -> ApiError | None:
        if method == "copyMessages":
            return ApiError(400, "Bad Request: message to copy not found")
        return None

    api = FakeBotAPI(fault=telegram)
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        admin = sim.person(ADMIN_ID, "az")
        await sim.send(admin, "/broadcast")
        for _ in range(2):
            await sim.feed(photo_update(sim, admin, album="a3"))
        await run_due_jobs(sim, timedelta(seconds=2))
        assert api.last(ADMIN_ID).text.startswith("Bu albomu elan kimi göndərə bilmirəm.")
        assert await broadcasts.get(sim.store, 1) is None


async def test_cancel_command_ends_the_conversation(sim: Simulator) -> None:
    admin = sim.person(ADMIN_ID, "en")
    await sim.send(admin, "/broadcast")
    (reply,) = await sim.send(admin, "/cancel")
    assert reply.text == "Cancelled. Nothing was sent to anyone."
    replies = await sim.send(admin, "hello")  # no longer taken as an announcement
    assert replies and all("review" not in r.text for r in replies)  # no (P|p)review


async def test_cancel_command_after_the_preview_discards_the_draft(sim: Simulator) -> None:
    """A review: /cancel after the preview said "There is nothing to cancel", and the Send
    button pressed later delivered the announcement to everyone."""
    await add_people(sim, [1, 2])
    admin = sim.person(ADMIN_ID, "en")
    control = await compose(sim, admin)
    stale = copy.deepcopy(control)  # as the chat still shows it on another device
    edited, reply = await sim.send(admin, "/cancel")
    assert edited.message_id == control.message_id
    # a review: both said "Cancelled. Nothing was sent to anyone.", one under the other
    assert edited.text == "✖️ This preview was cancelled: the announcement will not be sent."
    assert reply.text == "Cancelled. Nothing was sent to anyone."
    assert not edited.inline_buttons
    assert await sim.store.fetchall("SELECT id FROM broadcasts") == []
    await sim.press(admin, stale, "Send")
    assert "Send" not in (sim.alert() or "") and copies(sim.api) == Counter()
    (again,) = await sim.send(admin, "/cancel")  # nothing left: as before
    assert again.text.startswith("There is nothing to cancel.")


@pytest.mark.parametrize(
    ("formatting", "shown"),
    [
        # formatting over the whole message, the command too (PTB reads the command only
        # when its entity is listed first: rendered as it was, the text was there twice)
        ({"type": "bold", "offset": 0, "length": 30}, "<b>Concert on Saturday</b>"),
        ({"type": "italic", "offset": 0, "length": 30}, "<i>Concert on Saturday</i>"),
        ({"type": "blockquote", "offset": 0, "length": 30}, "<blockquote>Concert on"),
        ({"type": "bold", "offset": 0, "length": 10}, "Concert on Saturday"),  # the command
        ({"type": "bold", "offset": 11, "length": 7}, "<b>Concert</b> on Saturday"),
        # a review: formatting over a space alone, in the text, is the admin's and stays
        ({"type": "underline", "offset": 18, "length": 1}, "Concert<u> </u>on Saturday"),
    ],
)
async def test_an_announcement_written_all_in_bold_keeps_its_formatting(
    sim: Simulator, formatting: dict[str, Any], shown: str
) -> None:
    """An adversarial review: "/broadcast Concert on Saturday" all in bold was split at its
    first space inside the HTML ("Concert on Saturday</b>"), Telegram refused the preview, and
    the admin was told the message could not be an announcement."""
    await add_people(sim, [1])
    admin = sim.person(ADMIN_ID, "en")
    typed = sim.text_update(admin, "/broadcast Concert on Saturday")
    typed["message"]["entities"].append(formatting)
    preview, control = touched(sim.api, ADMIN_ID, await sim.feed(typed))
    assert preview.text.startswith(shown), preview.text
    assert "Send (1)" in str(control.inline_buttons)


@pytest.mark.parametrize("inline", [True, False])
async def test_an_edit_of_the_announcement_changes_the_draft_and_shows_it_again(
    sim: Simulator, inline: bool
) -> None:
    """A review: an admin fixed a typo in the announcement after the preview: silence, and
    Send sent the typo."""
    from tests.test_trust import edited

    await add_people(sim, [1, 2])
    admin = sim.person(ADMIN_ID, "en")
    if inline:
        typed = sim.text_update(admin, "/broadcast Concert on Satruday")
    else:
        await sim.send(admin, "/broadcast")
        typed = sim.text_update(admin, "Concert on Satruday")
    _preview, control = touched(sim.api, ADMIN_ID, await sim.feed(typed))
    fixed = "Concert on Saturday"
    changed = touched(
        sim.api, ADMIN_ID, await sim.feed(edited(typed, f"/broadcast {fixed}" if inline else fixed))
    )
    preview, new_control, old = changed  # the old preview changed once the new one is there
    assert old.message_id == control.message_id and not old.inline_buttons
    assert old.text == "✏️ You edited the announcement: its new preview is below."
    assert preview.text == fixed and "Send (2)" in str(new_control.inline_buttons)
    await confirm(sim, admin, new_control)
    await runner(sim).wait()
    assert copies(sim.api, fixed) == Counter({1: 1, 2: 1})
    assert copies(sim.api, "Concert on Satruday") == Counter()
    # sent: a later edit changes nothing people got, and says so
    (said,) = touched(sim.api, ADMIN_ID, await sim.feed(edited(typed, "Concert on Sunday")))
    assert said.text.startswith("✏️ This announcement has already been sent")
    assert copies(sim.api, "Concert on Sunday") == Counter()


async def test_an_edit_of_a_copied_announcement_while_it_is_sent_says_who_gets_it(
    sim: Simulator,
) -> None:
    """A durability review: a photo announcement is copied from the admin's own message at
    each send, so an edit made while it is sent reaches those not reached yet; the bot said
    the edit changed nothing people received."""
    await add_people(sim, [1, 2])
    admin = sim.person(ADMIN_ID, "en")
    await sim.send(admin, "/broadcast")
    photo = photo_update(sim, admin, caption="Concert on Satruday")
    await sim.feed(photo)
    control = sim.api.chat(ADMIN_ID)[-1]
    on_wire, release = hold_first(
        sim.api, lambda method, params: method == "copyMessage" and params["chat_id"] != ADMIN_ID
    )
    await confirm(sim, admin, control)
    await asyncio.wait_for(on_wire.wait(), 10)
    fixed = {"update_id": photo["update_id"] + 10_000, "edited_message": photo["message"]}
    fixed["edited_message"] = photo["message"] | {"caption": "Concert on Saturday"}
    (said,) = touched(sim.api, ADMIN_ID, await sim.feed(fixed))
    assert said.text.startswith("✏️ This announcement is being sent, copied from your message")
    release.set()
    await runner(sim).wait()


async def test_the_corrected_text_sent_again_can_replace_the_waiting_draft(
    sim: Simulator,
) -> None:
    """A user-journey review: the admin sent the corrected text again (most do, rather than
    edit): it got the Flag Day card, and the old preview's Send sent the typo."""
    await add_people(sim, [1, 2])
    admin = sim.person(ADMIN_ID, "en")
    old_control = await compose(sim, admin, "Flag raising on 9 Novmber at 15:00")
    fixed = "Flag raising on 9 November at 15:00"
    *_answer, offer = await sim.send(admin, fixed)
    assert offer.text.startswith("📣 An announcement is waiting in its preview.")
    changed = await sim.press(admin, offer, "Use this text")
    texts = [m.text for m in changed]
    assert fixed in texts and "✏️ You edited the announcement: its new preview is below." in texts
    assert not sim.api.messages[(ADMIN_ID, old_control.message_id)].inline_buttons
    new_control = changed[-1] if changed[-1].inline_buttons else changed[-2]
    await confirm(sim, admin, new_control)
    await runner(sim).wait()
    assert copies(sim.api, fixed) == Counter({1: 1, 2: 1})
    (short,) = await sim.send(admin, "When is Flag Day?")  # nothing waits now: no offer
    assert not short.text.startswith("📣")


async def test_an_admin_edit_of_another_message_gets_no_answer(sim: Simulator) -> None:
    from tests.test_trust import edited

    admin = sim.person(ADMIN_ID, "en")
    typed = sim.text_update(admin, "When is Flag Day?")
    await sim.feed(typed)
    calls = await sim.feed(edited(typed, "When is Solidarity Day?"))
    assert touched(sim.api, ADMIN_ID, calls) == []


@pytest.mark.parametrize("meanwhile", ["/broadcast", "/houses"])
async def test_cancel_of_another_wait_keeps_the_preview_and_says_how_to_drop_it(
    sim: Simulator, meanwhile: str
) -> None:
    """/cancel ending a new /broadcast or a /houses search after a preview: a first fix
    deleted the previewed draft too, which a re-review found wrong (an admin stopping a search
    lost an album to send again). It stays, and the reply says so; /cancel once more (nothing
    else waiting) deletes it, and then its Send sends nothing."""
    await add_people(sim, [1, 2])
    admin = sim.person(ADMIN_ID, "en")
    control = await compose(sim, admin)
    stale = copy.deepcopy(control)
    await sim.send(admin, meanwhile)
    if meanwhile == "/broadcast":  # said at once (a user-journey review: no word of it)
        assert sim.api.chat(ADMIN_ID)[-1].text.endswith(
            "An announcement you previewed earlier is still waiting: Send or Cancel under it,"
            " or /cancel once more to delete it."
        )
    (reply,) = await sim.send(admin, "/cancel")
    assert reply.text.endswith(
        "An announcement you previewed earlier is still waiting: Send or Cancel under it,"
        " or /cancel once more to delete it."
    )
    assert len(await sim.store.fetchall("SELECT id FROM broadcasts")) == 1
    edited, again = await sim.send(admin, "/cancel")
    assert again.text == "Cancelled. Nothing was sent to anyone."
    assert edited.message_id == control.message_id and not edited.inline_buttons
    assert await sim.store.fetchall("SELECT id FROM broadcasts") == []
    await sim.press(admin, stale, "Send")
    assert copies(sim.api) == Counter()


async def test_a_broadcast_left_waiting_times_out(sim: Simulator) -> None:
    await add_people(sim, [1])
    admin = sim.person(ADMIN_ID, "az")
    await sim.send(admin, "/broadcast")
    assert await run_due_jobs(sim, timedelta(minutes=14)) == []  # still waiting
    assert len(await run_due_jobs(sim, timedelta(minutes=15, seconds=1))) == 1
    assert sim.api.last(ADMIN_ID).text == (
        "Elan gözlənildi, amma gəlmədi. Yenidən başlamaq üçün: /broadcast"
    )
    replies = await sim.send(admin, CONCERT)  # no longer taken as an announcement
    assert replies and not any("Önizləmə" in m.text for m in replies)
    assert await broadcasts.get(sim.store, 1) is None
    assert [c for c in sim.api.sent() if chat_id_of(c.params) != ADMIN_ID] == []


# -- audience ----------------------------------------------------------------------------------
async def test_targeting_by_language_and_country(sim: Simulator) -> None:
    await add_people(sim, [1, 2], language="az", country="DE")
    await add_people(sim, [3], language="ru", country="DE")
    await add_people(sim, [4], language="az", country="FR")
    admin = sim.person(ADMIN_ID, "en")
    control = await compose(sim, admin)
    (menu,) = await sim.press(admin, control, "By language")
    (control,) = await sim.press(admin, menu, "Azərbaycanca (3)")
    assert "language: 🇦🇿 Azərbaycanca" in control.text and "Recipients: <b>3</b>" in control.text
    (menu,) = await sim.press(admin, control, "By country")
    assert [b["text"] for b in menu.inline_buttons][:2] == ["🇩🇪 Germany (3)", "🇫🇷 France (1)"]
    (control,) = await sim.press(admin, menu, "Germany")
    assert "country: 🇩🇪 Germany" in control.text and "Recipients: <b>3</b>" in control.text
    await confirm(sim, admin, control)
    await runner(sim).wait()
    assert sorted(copies(sim.api)) == [1, 2, 3]


async def test_every_country_can_be_chosen_and_a_city_typed_for_the_zone_sets_one(
    sim: Simulator,
) -> None:
    """The menu showed the 12 largest of 18 countries (Georgia, Canada… could not be chosen),
    and only a shared location set anyone's country (an admin's review)."""
    codes = [
        "DE",
        "FR",
        "TR",
        "RU",
        "US",
        "GB",
        "NL",
        "BE",
        "AT",
        "CH",
        "SE",
        "NO",
        "PL",
        "UA",
        "GE",
        "KZ",
        "CA",
        "IL",
    ]
    for n, code in enumerate(codes):
        await add_people(sim, range(100 * n + 1, 100 * n + 19 - n), country=code)
    person = sim.person(5000, "en")
    await sim.send(person, "/subscribe")
    await sim.send(person, "/timezone Tbilisi")  # the country of the city typed: Georgia
    admin = sim.person(ADMIN_ID, "en")
    control = await compose(sim, admin)
    (menu,) = await sim.press(admin, control, "By country")
    labels = [b["text"] for b in menu.inline_buttons]
    assert len(labels) == 18 + 1  # every country, and "« Back"
    assert "🇮🇱 Israel (1)" in labels and "🇬🇪 Georgia (5)" in labels  # 4, and the one typed
    assert max(len(row) for row in menu.reply_markup["inline_keyboard"]) == 2


async def test_targeting_subscribers_of_one_holiday(sim: Simulator) -> None:
    await add_people(sim, [1, 2, 3])
    # the two holidays (and their names) are loaded from data/holidays.toml at start
    rows = await sim.store.fetchall("SELECT id FROM holidays ORDER BY id")
    assert [r["id"] for r in rows] == ["flag_day", "solidarity_day"]
    await sim.store.executemany(
        "INSERT INTO holiday_subscriptions VALUES (?, ?)",
        [(1, "solidarity_day"), (2, "flag_day"), (3, "solidarity_day")],
    )
    admin = sim.person(ADMIN_ID, "en")
    control = await compose(sim, admin)
    (menu,) = await sim.press(admin, control, "Holiday subscribers")
    assert [b["text"] for b in menu.inline_buttons][:2] == [
        "State Flag Day (1)",
        "World Azerbaijanis Solidarity Day (2)",
    ]
    (control,) = await sim.press(admin, menu, "Solidarity Day")
    assert "subscribers of World Azerbaijanis Solidarity Day" in control.text
    await confirm(sim, admin, control)
    await runner(sim).wait()
    assert sorted(copies(sim.api)) == [1, 3]


def test_a_holiday_button_fits_telegrams_64_bytes_for_the_longest_holiday_id() -> None:
    """Once every button carried its draft's time, ids of 37-40 characters (valid in
    data/holidays.toml) no longer fitted, and left the menu with only a log line."""
    from handlers.broadcast import _draft_button

    draft = Broadcast(
        id=9_999_999,
        admin_id=ADMIN_ID,
        kind="text",
        text="x",
        from_chat_id=None,
        source_message_id=None,
        target="all",
        target_value=None,
        state="draft",
        control_message_id=None,
        created_at="2026-11-27T18:00:00Z",
        started_at=None,
        finished_at=None,
        total=0,
        delivered=0,
        blocked=0,
        failed=0,
        unconfirmed=0,
        not_sent=0,
    )
    button = _draft_button("🎉", "to", draft, "h", "h" * 40)
    assert len((button.callback_data or "").encode()) <= 64


async def test_nobody_to_send_to_is_said_not_sent(sim: Simulator) -> None:
    admin = sim.person(ADMIN_ID, "en")
    control = await compose(sim, admin)
    await confirm(sim, admin, control)
    assert sim.alert() == "No one would receive this announcement with this choice."
    assert await broadcasts.running_ids(sim.store) == []


# -- admins only -------------------------------------------------------------------------------
async def test_non_admin_broadcast_sends_nothing_and_is_logged(
    sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    await add_people(sim, [1, 2])
    stranger = sim.person(555, "az")
    with caplog.at_level(logging.INFO):
        (reply,) = await sim.send(stranger, f"/broadcast {CONCERT}")
    assert reply.text == "Bağışlayın, bu əmr yalnız icmanın adminləri üçündür."
    assert [c for c in sim.api.sent() if chat_id_of(c.params) != 555] == []
    assert await broadcasts.recent(sim.store) == [] and await broadcasts.get(sim.store, 1) is None
    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert refusals == ["refused admin action broadcast to a non-admin"]  # no user id
    assert all(CONCERT not in r.getMessage() for r in caplog.records)
    for command in ("/broadcasts", "/cancel_broadcast", "/stats"):
        (reply,) = await sim.send(stranger, command)
        assert reply.text.startswith("Bağışlayın")


async def test_non_admin_cannot_press_an_admins_buttons(sim: Simulator) -> None:
    await add_people(sim, [1])
    control = await compose(sim, sim.person(ADMIN_ID, "en"))
    stranger = sim.person(556, "en")
    await sim.press(stranger, control, "Send")
    assert sim.alert() == "Sorry, this command is only for the community's admins."
    assert copies(sim.api) == Counter()


async def test_help_shows_admin_commands_to_admins_only(sim: Simulator) -> None:
    (for_admin,) = await sim.send(sim.person(ADMIN_ID, "en"), "/help")
    (for_person,) = await sim.send(sim.person(557, "en"), "/help")
    assert "/broadcast — send an announcement" in for_admin.text
    assert "/stats" in for_admin.text
    assert "/broadcast" not in for_person.text and "/stats" not in for_person.text


async def test_forged_buttons_get_a_polite_answer(sim: Simulator) -> None:
    admin = sim.person(ADMIN_ID, "en")
    control = await compose(sim, admin)
    for data in ("bc:ok:abc", "bc:zap:1", "bc:to:1:planet:mars", "bc:ok:99", "bc:menu:1:x"):
        await sim.press_data(admin, control, data)
        assert sim.alert() in (
            "This button is no longer valid. Please send /start again.",
            NOT_A_DRAFT,
        ), data


# -- sending at scale, with Telegram's failures ------------------------------------------------
@pytest.mark.parametrize("from_start", [True, False])
async def test_an_outage_leaves_the_rest_pending_and_the_resume_check_sends_it(
    settings: Settings, clock: FakeClock, no_waiting: None, from_start: bool
) -> None:
    """Every member sent to during an outage was marked failed for good, and an outage from
    the first send cancelled the whole announcement (a deployer's review)."""
    sent = {"n": 0}

    def telegram(method: str, params: dict[str, Any]) -> Any:
        if method != "sendMessage" or params.get("text") != CONCERT:
            return None
        if chat_id_of(params) == ADMIN_ID:
            return None
        sent["n"] += 1
        return NetworkFault if from_start or sent["n"] > 50 else None

    api = FakeBotAPI(fault=telegram)
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await broadcast_to(sim, range(1, 201))
        paused = await broadcasts.get(sim.store, 1)
        assert paused is not None and paused.state == "running" and paused.failed == 0
        done_so_far = 0 if from_start else 50
        assert len(copies(api)) == done_so_far
        # the admin is told (it had stayed "Sending…"), and can still stop it
        control = sim.api.chat(ADMIN_ID)[-1]
        assert control.text.splitlines()[0] == (
            f"⏸ Announcement #1 paused at {done_so_far} / 200: Telegram is out of reach or"
            " refusing sends for now. The bot tries again every 10 minutes and goes on where it"
            " stopped; no one gets it twice."
        )
        assert [b["text"] for b in control.inline_buttons] == ["⏹ Stop"]
        api.fault = None  # the network is back; the check every RESUME_EVERY resumes it
        await runner(sim).resume_all()
        await runner(sim).wait()
        done = await broadcasts.get(sim.store, 1)
        assert done is not None and done.state == "done" and done.delivered == 200
        assert copies(api) == Counter(range(1, 201))
        assert "Announcement #1 is sent" in control.text


async def test_an_announcement_paused_by_an_outage_can_be_stopped(
    settings: Settings, clock: FakeClock, no_waiting: None
) -> None:
    def telegram(method: str, params: dict[str, Any]) -> Any:
        if params.get("text") == CONCERT and chat_id_of(params) != ADMIN_ID:
            return NetworkFault
        return None

    api = FakeBotAPI(fault=telegram)
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await broadcast_to(sim, range(1, 21))
        admin = sim.person(ADMIN_ID, "en")
        control = sim.api.chat(ADMIN_ID)[-1]
        assert control.text.startswith("⏸ Announcement #1 paused at 0 / 20")
        await sim.press(admin, control, "Stop")
        await runner(sim).wait()
        stopped = await broadcasts.get(sim.store, 1)
        assert stopped is not None and stopped.state == "cancelled"
        assert "Announcement #1 was stopped" in control.text
        assert "Not sent (stopped): 20" in control.text
        assert not copies(api)


async def test_stop_pressed_while_the_admin_is_told_of_the_pause_finishes_it(
    settings: Settings, clock: FakeClock, no_waiting: None
) -> None:
    """A review: Stop during the pause notice's edit said "Stopping…", then nothing came
    until the resume check, and a second Stop said nothing was being sent."""

    def telegram(method: str, params: dict[str, Any]) -> Any:
        if params.get("text") == CONCERT and chat_id_of(params) != ADMIN_ID:
            return NetworkFault
        return None

    api = FakeBotAPI(fault=telegram)
    on_the_wire, release = hold_first(
        api, lambda method, params: str(params.get("text", "")).startswith("⏸")
    )
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await add_people(sim, range(1, 21))
        admin = sim.person(ADMIN_ID, "en")
        control = await compose(sim, admin)
        await confirm(sim, admin, control)
        await asyncio.wait_for(on_the_wire.wait(), 10)
        await sim.press(admin, control, "Stop")
        release.set()
        await runner(sim).wait()
        stopped = await broadcasts.get(sim.store, 1)
        assert stopped is not None and stopped.state == "cancelled"
        assert stopped.finished_at is not None
        assert "Announcement #1 was stopped" in control.text
        assert "Not sent (stopped): 20" in control.text


async def test_a_deleted_original_stops_the_sending_instead_of_failing_everyone(
    settings: Settings, clock: FakeClock
) -> None:
    """The admin deleted the photo after 100 copies: 1,900 members were marked failed one
    by one, and the report said ✅ sent."""
    copied = {"n": 0}

    def telegram(method: str, params: dict[str, Any]) -> ApiError | None:
        if method == "copyMessage" and chat_id_of(params) != ADMIN_ID:
            copied["n"] += 1
            if copied["n"] > 100:
                return ApiError(400, "Bad Request: message to copy not found")
        return None

    api = FakeBotAPI(fault=telegram)
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await photo_broadcast_to(sim, range(10_001, 10_401), caption="Concert")
        done = await broadcasts.get(sim.store, 1)
        assert done is not None and done.state == "cancelled"
        assert (done.delivered, done.failed, done.not_sent) == (100, 0, 300)
        report = sim.api.chat(ADMIN_ID)[-1].text
        assert "Not sent (stopped): 300" in report
        assert "the announcement's original message was deleted" in report


async def test_thousand_recipients_with_blocks_and_flood_waits(
    settings: Settings, clock: FakeClock, no_waiting: None
) -> None:
    # PTB's limiter waits retry_after + 0.1 s after each 429 (~170 of them here), in no time
    blocked = set(range(10_010, 11_010, 37))
    calls = {"n": 0}

    def telegram(method: str, params: dict[str, Any]) -> ApiError | None:
        if method != "sendMessage" or params.get("text") != CONCERT:
            return None
        calls["n"] += 1
        if calls["n"] % 7 == 0:
            return ApiError.too_many_requests(0)
        if chat_id_of(params) in blocked:
            return ApiError.blocked()
        return None

    api = FakeBotAPI(fault=telegram)
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await add_people(sim, range(10_010, 11_010))
        admin = sim.person(ADMIN_ID, "en")
        control = await compose(sim, admin)
        assert "Recipients: <b>1000</b>" in control.text
        await confirm(sim, admin, control)
        await runner(sim).wait()

        flood_waits = [c for c in api.calls if not c.ok and c.params.get("text") == CONCERT]
        assert len(flood_waits) > 150 + len(blocked)  # 429s and 403s really happened
        got = copies(api)
        assert set(got) == set(range(10_010, 11_010)) - blocked  # everyone reachable, nobody else
        assert set(got.values()) == {1}  # exactly one copy each
        inactive = await sim.store.fetchall("SELECT id FROM users WHERE active = 0")
        assert {r[0] for r in inactive} == blocked
        done = await broadcasts.get(sim.store, 1)
        assert done is not None and done.state == "done"
        assert (done.delivered, done.blocked, done.failed) == (1000 - len(blocked), len(blocked), 0)
        report = api.chat(ADMIN_ID)[-1].text
        assert f"Delivered: {1000 - len(blocked)}" in report
        assert (
            f"Blocked the bot / unreachable / turned announcements off meanwhile: {len(blocked)}"
            in report
        )


async def test_answers_lost_on_the_way_back_are_reported_not_resent(
    settings: Settings, clock: FakeClock, no_waiting: None
) -> None:
    """Telegram delivered, but the answer never came (a read timeout): those people are
    'unconfirmed', each has exactly one copy, and the broadcast goes on for everyone else."""
    lost = set(range(20_010, 20_060, 7))
    refused = {20_011, 20_023}  # no connection at the first try: retried, arrives once
    tries: Counter[int] = Counter()

    def telegram(method: str, params: dict[str, Any]) -> Any:
        if method != "sendMessage" or params.get("text") != CONCERT:
            return None
        chat = chat_id_of(params)
        tries[chat] += 1
        if chat in lost:
            return ReplyLost
        if chat in refused and tries[chat] == 1:
            return NetworkFault
        return None

    api = FakeBotAPI(fault=telegram)
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await broadcast_to(sim, range(20_010, 20_060))

        assert copies(api) == Counter(dict.fromkeys(range(20_010, 20_060), 1))
        assert all(tries[chat] == 1 for chat in lost)
        assert all(tries[chat] == 2 for chat in refused)
        done = await broadcasts.get(sim.store, 1)
        assert done is not None and done.state == "done"
        assert (done.delivered, done.unconfirmed, done.failed) == (50 - len(lost), len(lost), 0)
        assert f"avoid duplicates): {len(lost)}" in api.chat(ADMIN_ID)[-1].text


async def test_progress_is_shown_every_few_seconds(settings: Settings, clock: FakeClock) -> None:
    def tick(method: str, params: dict[str, Any]) -> None:
        if method == "sendMessage" and params.get("text") == CONCERT:
            clock.advance(timedelta(milliseconds=500))  # 2 messages per second

    api = FakeBotAPI(fault=tick)  # type: ignore[arg-type]
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await add_people(sim, range(10_001, 10_041))
        admin = sim.person(ADMIN_ID, "en")
        control = await compose(sim, admin)
        await confirm(sim, admin, control)
        await runner(sim).wait()
    progress = [
        str(c.params["text"])
        for c in api.calls
        if c.method == "editMessageText" and "/ 40 sent" in str(c.params.get("text"))
    ]
    assert progress and "per second" in progress[0] and "left" in progress[0]
    assert api.last(ADMIN_ID).text.endswith("Duration: 20 s")  # never paused: nothing to add


async def test_runner_reports_progress_with_rate_and_time_left(
    settings: Settings, clock: FakeClock
) -> None:
    """The service alone: one worker, 2 sends a second, an update every 3 s of the clock."""
    async with Simulator.running(settings, clock=clock) as sim:
        await add_people(sim, range(10_001, 10_021))
        await add_people(sim, [ADMIN_ID], announcements=False)
        draft = await broadcasts.create_draft(sim.store, ADMIN_ID, clock.now(), text="hi")
        assert await broadcasts.freeze_recipients(sim.store, draft, ADMIN_ID, clock.now()) == 20
        seen: list[Progress] = []
        reports: list[object] = []

        async def send(broadcast: object, user_id: int) -> None:
            clock.advance(timedelta(milliseconds=500))

        async def on_progress(broadcast: object, progress: Progress) -> None:
            seen.append(progress)

        async def on_report(broadcast: object, report: object) -> None:
            reports.append(report)

        tasks: list[asyncio.Task[None]] = []
        service = BroadcastRunner(
            sim.store,
            send,
            clock=clock,
            workers=1,
            spawn=lambda coro: tasks.append(asyncio.ensure_future(coro)) or tasks[-1],
            keep_going=lambda: True,
            on_progress=on_progress,
            on_report=on_report,
        )
        assert service.start(draft)
        await service.wait()
    assert [p.done for p in seen] == [6, 12, 18]
    assert all(p.rate == 2.0 for p in seen)
    assert [p.eta_seconds for p in seen] == [7.0, 4.0, 1.0]
    (report,) = reports
    assert report.delivered == 20 and report.duration_seconds == 10  # type: ignore[attr-defined]


async def test_cancel_broadcast_stops_it_while_updates_keep_flowing(
    settings: Settings, clock: FakeClock
) -> None:
    reached = asyncio.Event()
    release = asyncio.Event()
    sent = {"n": 0}

    async def hold() -> None:
        await release.wait()

    def telegram(method: str, params: dict[str, Any]) -> None:
        if method == "sendMessage" and params.get("text") == CONCERT:
            sent["n"] += 1
            if sent["n"] == 50:
                reached.set()

    api = FakeBotAPI(fault=telegram)  # type: ignore[arg-type]
    api.latency = 0.001
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        control = await sending_to(sim, range(10_001, 12_001), reached)
        admin = sim.person(ADMIN_ID, "en")
        (reply,) = await sim.send(admin, "/cancel_broadcast")  # handled mid-broadcast
        assert reply.text == "⏹ Stopping announcement #1; the report follows shortly."
        await runner(sim).wait()
        done = await broadcasts.get(sim.store, 1)
        assert done is not None and done.state == "cancelled"
        assert done.delivered == len(copies(api)) and done.delivered < 2000
        assert done.delivered + done.not_sent == 2000
        report = control.text  # the confirmation message, edited
        assert "Announcement #1 was stopped" in report
        assert f"Not sent (stopped): {done.not_sent}" in report
        (again,) = await sim.send(admin, "/cancel_broadcast")
        assert again.text == "No announcement is being sent right now."
    del hold


async def send_held(sim: Simulator, admin: Person, control: Any) -> asyncio.Event:
    """Send is pressed under ``control``, and the first copy of CONCERT is held on the wire
    (the announcement is being sent) until the returned event is set."""
    on_the_wire, release = hold_first(
        sim.api, lambda method, params: method == "sendMessage" and params.get("text") == CONCERT
    )
    await confirm(sim, admin, control)
    await asyncio.wait_for(on_the_wire.wait(), 10)
    return release


async def test_cancel_tells_an_admin_how_to_stop_an_announcement_being_sent(
    sim: Simulator,
) -> None:
    """/cancel answered "There is nothing to cancel." while an announcement was sending."""
    await add_people(sim, [1, 2, 3])
    await add_people(sim, [ADMIN_ID], announcements=False)
    await sim.store.execute(  # reminders on: the /unsubscribe hint stays
        "INSERT INTO holiday_subscriptions VALUES (?, 'flag_day')", (ADMIN_ID,)
    )
    admin = sim.person(ADMIN_ID, "en")
    control = await compose(sim, admin)
    release = await send_held(sim, admin, control)
    (reply,) = await sim.send(admin, "/cancel")
    assert reply.text == (
        "Announcement #1 is being sent; /cancel does not stop it. To stop it:"
        " /cancel_broadcast, or the ⏹ Stop button under its progress.\n"
        "To stop the holiday reminders and announcements: /unsubscribe."
    )
    (someone,) = await sim.send(sim.person(5, "en"), "/cancel")  # not an admin: as before
    assert someone.text == "There is nothing to cancel."
    release.set()
    await runner(sim).wait()
    (after,) = await sim.send(admin, "/cancel")
    assert after.text.startswith("There is nothing to cancel.")
    assert copies(sim.api) == Counter({1: 1, 2: 1, 3: 1})  # /cancel stopped nothing


async def test_cancel_broadcast_with_a_number_not_going_or_no_number_stops_nothing(
    sim: Simulator,
) -> None:
    """A persona review: "/cancel_broadcast 99" said "No announcement is being sent" while #1
    was, and "/cancel_broadcast abc" stopped #1."""
    await add_people(sim, [1, 2, 3])
    admin = sim.person(ADMIN_ID, "en")
    control = await compose(sim, admin)
    release = await send_held(sim, admin, control)
    try:
        (reply,) = await sim.send(admin, "/cancel_broadcast abc")
        assert reply.text.startswith("Which announcement should I stop?")
        (reply,) = await sim.send(admin, "/cancel_broadcast 99")
        assert reply.text == "Announcement #99 is not being sent. Being sent now: #1."
    finally:
        release.set()
    await runner(sim).wait()
    assert copies(sim.api) == Counter({1: 1, 2: 1, 3: 1})  # nothing stopped it
    (reply,) = await sim.send(admin, "/cancel_broadcast 99")
    assert reply.text == "No announcement is being sent right now."
    (reply,) = await sim.send(admin, "/cancel_broadcast abc")  # nothing to ask "which" about
    assert reply.text == "No announcement is being sent right now."


async def test_an_announcement_too_long_for_telegram_is_called_too_long(
    sim: Simulator, nothing_refused: list[str]
) -> None:
    """A persona review: 4,370 characters got "I can't send this kind of message"; a Premium
    admin's long caption would have too. The length is what to change."""
    await add_people(sim, [1])
    admin = sim.person(ADMIN_ID, "en")
    (reply,) = await sim.send(admin, "/broadcast " + "Concert on Saturday. " * 210)
    assert reply.text.startswith("This announcement is too long for Telegram: a text may have")
    assert not await broadcasts.has_drafts(sim.store, ADMIN_ID)  # nothing left to send
    assert [line.split(":")[:2] for line in nothing_refused] == [
        ["sendMessage", " message is too long"]  # the preview, which said it
    ]
    nothing_refused.clear()


async def test_a_second_preview_says_the_first_is_still_waiting(sim: Simulator) -> None:
    """A persona review: after a corrected version, the first one's Send, scrolled up to and
    pressed, went to everyone with no word that it was still live."""
    await add_people(sim, [1, 2])
    admin = sim.person(ADMIN_ID, "en")
    first = await compose(sim, admin, "Draft: first version")
    assert "still waiting" not in first.text
    second = await compose(sim, admin, "Draft: corrected version")
    assert second.text.endswith(
        "⚠️ An announcement you previewed earlier is still waiting too: #1. ✅ Send under its"
        " preview still sends it; if this one replaces it, press ✖️ Cancel there."
    )
    await sim.press(admin, first, "Cancel")
    third = await compose(sim, admin, "Draft: third version")
    assert third.text.endswith(
        "still waiting too: #2. ✅ Send under its preview still sends it;"
        " if this one replaces it, press ✖️ Cancel there."
    )


async def test_cancel_of_a_draft_while_another_is_sending_says_that_one_goes_on(
    sim: Simulator,
) -> None:
    """A persona review: with an older preview waiting, /cancel during a send said "Nothing
    was sent to anyone" while announcement #2 went on to everyone."""
    await add_people(sim, [1, 2, 3])
    admin = sim.person(ADMIN_ID, "en")
    old = await compose(sim, admin, "An old draft")
    control = await compose(sim, admin)
    release = await send_held(sim, admin, control)
    going = (
        "Announcement #2 is being sent; /cancel does not stop it. To stop it:"
        " /cancel_broadcast, or the ⏹ Stop button under its progress."
    )
    try:
        replies = await sim.send(admin, "/cancel")
        assert [r.text for r in replies] == [
            "✖️ This preview was cancelled: the announcement will not be sent.",  # the old one's
            f"Cancelled: the announcement you were preparing will not be sent.\n{going}",
        ]
        assert replies[0].message_id == old.message_id
        await sim.send(admin, "/broadcast")  # one begun, then dropped, while #2 is still going
        (reply,) = await sim.send(admin, "/cancel")
        assert reply.text == (
            f"Cancelled: the announcement you were preparing will not be sent.\n{going}"
        )
    finally:
        release.set()
    await runner(sim).wait()
    assert copies(sim.api) == Counter({1: 1, 2: 1, 3: 1})  # #2 went to everyone, once
    await sim.send(admin, "/broadcast")
    (reply,) = await sim.send(admin, "/cancel")  # nothing else going: as before
    assert reply.text == "Cancelled. Nothing was sent to anyone."


# -- restarts ----------------------------------------------------------------------------------
def stand_in_counting_to(sends: int) -> tuple[FakeBotAPI, asyncio.Event]:
    """A stand-in with a little latency, and an event set when the announcement has reached
    it ``sends`` times (a test then stops the bot mid-way)."""
    reached = asyncio.Event()
    sent = {"n": 0}

    def telegram(method: str, params: dict[str, Any]) -> None:
        if method == "sendMessage" and params.get("text") == CONCERT:
            sent["n"] += 1
            if sent["n"] == sends:
                reached.set()

    api = FakeBotAPI(fault=telegram)  # type: ignore[arg-type]
    api.latency = 0.0005
    return api, reached


async def test_stopped_mid_way_and_restarted_no_duplicates_no_gaps(
    settings: Settings, clock: FakeClock
) -> None:
    api, halfway = stand_in_counting_to(300)
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await sending_to(sim, range(10_001, 11_001), halfway)
    # the Application stopped (as on SIGTERM): the sends in flight finished and were recorded
    first_run = sum(copies(api).values())
    assert 300 <= first_run < 1000

    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await resumed_and_done(sim)
        got = copies(api)
        assert set(got) == set(range(10_001, 11_001))  # no gaps
        assert set(got.values()) == {1}  # no duplicates
        done = await broadcasts.get(sim.store, 1)
        assert done is not None and done.state == "done"
        assert (done.delivered, done.unconfirmed, done.not_sent) == (1000, 0, 0)
        assert "Delivered: 1000" in api.last(ADMIN_ID).text


async def test_a_restart_while_broadcast_waits_for_the_text_says_so(
    settings: Settings, clock: FakeClock
) -> None:
    """A persona review: /broadcast, a restart, then the announcement's text got the
    Solidarity Day card, with no word that the wait had ended."""
    api = FakeBotAPI()
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await add_people(sim, [1])
        admin = sim.person(ADMIN_ID, "en")
        (asked,) = await sim.send(admin, "/broadcast")
        assert asked.text.startswith("Send me the announcement")
        late = sim.person(901, "en")  # another admin, whose wait ends before the restart
        await sim.send(late, "/start")
        await sim.store.execute(
            "INSERT INTO broadcast_waits VALUES (?, '2000-01-01T00:00:00Z')", (901,)
        )
    clock.advance(timedelta(minutes=2))
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await asyncio.wait_for(runner(sim).resumed.wait(), 10)
        told = api.last(ADMIN_ID)
        assert told.text == (
            "⚠️ The bot restarted while it was waiting for your announcement: nothing was sent."
            " To write it, send /broadcast again."
        )
        assert not [m for m in api.chat(901) if "restarted" in m.text]  # over long ago
        assert await sim.store.fetchall("SELECT * FROM broadcast_waits") == []
        # a wait that ends in this run leaves no row behind; nor does /forget
        admin = sim.person(ADMIN_ID, "en")
        await sim.send(admin, "/broadcast")
        assert len(await sim.store.fetchall("SELECT * FROM broadcast_waits")) == 1
        await sim.send(admin, "/cancel")
        assert await sim.store.fetchall("SELECT * FROM broadcast_waits") == []
        await sim.send(admin, "/broadcast")
        await sim.send(admin, CONCERT)  # the preview
        assert await sim.store.fetchall("SELECT * FROM broadcast_waits") == []
        await sim.send(sim.person(1, "en"), "/broadcast")  # no admin: nothing waits
        assert await sim.store.fetchall("SELECT * FROM broadcast_waits") == []


async def test_a_restart_after_forget_no_during_the_wait_is_told_too(
    settings: Settings, clock: FakeClock
) -> None:
    """A review: /forget answered "No" with the button while /broadcast waited gave the admin
    another 15 minutes, but the stored start stayed; a restart in those minutes was untold."""
    api = FakeBotAPI()
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        admin = sim.person(ADMIN_ID, "en")
        await sim.send(admin, "/start")
        await sim.send(admin, "/broadcast")
        clock.advance(timedelta(minutes=10))
        (question,) = await sim.send(admin, "/forget")
        (kept,) = await sim.press(admin, question, "No")
        assert kept.text == "Nothing was deleted."
    clock.advance(timedelta(minutes=10))  # 20 minutes after /broadcast, 10 after "No"
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await asyncio.wait_for(runner(sim).resumed.wait(), 10)
        assert "restarted while it was waiting" in api.last(ADMIN_ID).text


PAUSED = (
    "⏸ Announcement #1 paused at {done} / 300: the bot is stopping. Sending resumes by itself"
    " when the bot starts again."
)


async def test_a_clean_stop_mid_way_says_the_announcement_is_paused(
    settings: Settings, clock: FakeClock
) -> None:
    """The progress message stayed "61 / 200 sent · about 7 s left" with ⏹ Stop."""
    api, reached = stand_in_counting_to(100)
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        control = await sending_to(sim, range(10_001, 10_301), reached)
    paused = api.messages[(ADMIN_ID, control.message_id)]
    done = sum(copies(api).values())
    assert 100 <= done < 300
    assert paused.text.splitlines()[0] == PAUSED.format(done=done)
    assert paused.text.splitlines()[1] == f"✅ {done} · 🚫 0 · ⚠️ 0"
    assert paused.inline_buttons == []  # nothing to press while the bot is down

    clock.advance(timedelta(hours=2))  # the bot is down
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await resumed_and_done(sim)
        listed = await sim.send(sim.person(ADMIN_ID, "en"), "/broadcasts")
    report = api.messages[(ADMIN_ID, control.message_id)].text
    assert "Announcement #1 is sent" in report
    # the report measures from Send to the end: it says that the downtime is in it
    duration = "Duration: 2 h 0 min (from Send to the end, including the time sending was paused)"
    assert report.endswith(duration)
    assert listed[0].text.endswith(duration)


async def test_an_edit_that_hangs_does_not_hold_up_the_shutdown(
    settings: Settings, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.broadcast.PAUSE_NOTICE_TIMEOUT", 0.0)  # (5 s in earnest)
    api, reached = stand_in_counting_to(100)
    never = asyncio.Event()

    async def hang(method: str, params: dict[str, Any]) -> None:
        if method == "editMessageText" and "paused" in str(params.get("text")):
            await never.wait()  # Telegram does not answer

    async with asyncio.timeout(30):
        async with Simulator.running(settings, api=api, clock=clock) as sim:
            control = await sending_to(sim, range(10_001, 10_301), reached)
            api.hold = hang
        api.hold = None
    assert "paused" not in api.messages[(ADMIN_ID, control.message_id)].text
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await resumed_and_done(sim)
    assert set(copies(api).values()) == {1} and len(copies(api)) == 300


async def test_kill_minus_9_while_a_message_is_on_the_wire(
    settings: Settings, clock: FakeClock, tmp_path: Path
) -> None:
    """A hard crash: the database is exactly what was committed when the process died.

    We copy it at the moment the 200th request reaches Telegram and restart from the copy.
    """
    crashed_db = tmp_path / "after-crash.sqlite3"
    people = set(range(10_001, 10_501))
    reached: list[int] = []  # recipients whose request reached Telegram, in order
    before_crash: set[int] = set()

    def telegram(method: str, params: dict[str, Any]) -> None:
        if method == "sendMessage" and chat_id_of(params) in people:
            reached.append(chat_id_of(params))
            if len(reached) == 200:
                before_crash.update(reached)
                with sqlite3.connect(settings.db_path) as live, sqlite3.connect(crashed_db) as copy:
                    live.backup(copy)

    api = FakeBotAPI(fault=telegram)  # type: ignore[arg-type]
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await add_people(sim, people)
        admin = sim.person(ADMIN_ID, "en")
        control = await compose(sim, admin)
        await confirm(sim, admin, control)
        await runner(sim).wait()
    on_wire = reached[199]

    after = FakeBotAPI()
    restarted = Settings(db_path=crashed_db, admins=settings.admins, send_rate=1000.0)
    async with Simulator.running(restarted, api=after, clock=clock) as sim:
        await resumed_and_done(sim)
        rows = await sim.store.fetchall(
            "SELECT user_id FROM broadcast_recipients WHERE state = 'unconfirmed'"
        )
        unconfirmed = {r[0] for r in rows}
        done = await broadcasts.get(sim.store, 1)
    resent = copies(after)
    assert set(resent.values()) == {1}
    assert not set(resent) & before_crash  # nobody got it twice
    assert on_wire in unconfirmed  # its fate is unknown: reported, not repeated
    missing = people - set(resent) - before_crash
    assert missing <= unconfirmed  # the only possible gap: requests in flight at the crash
    assert len(unconfirmed) <= workers_for(settings.send_rate)
    assert done is not None and done.state == "done" and done.unconfirmed == len(unconfirmed)
    assert (
        "Unconfirmed — Telegram did not answer, or the bot went down mid-send"
        " (not sent again, to avoid duplicates): "
        f"{len(unconfirmed)}" in after.last(ADMIN_ID).text
    )


async def test_a_second_process_starting_mid_broadcast_does_not_lose_what_was_sent(
    sim: Simulator,
) -> None:
    """A deploy starts the new process while the old one still sends: the new one resumes the
    broadcast and marks the old one's rows in flight 'unconfirmed' (for all it can tell, a
    crash's). The old one then learns they arrived: the report says delivered, not
    unconfirmed, and nobody gets a second copy."""
    people = set(range(10_001, 10_041))
    await add_people(sim, people)
    admin = sim.person(ADMIN_ID, "en")
    on_the_wire, release = hold_first(sim.api, lambda method, params: chat_id_of(params) in people)
    control = await compose(sim, admin)
    await confirm(sim, admin, control)
    await on_the_wire.wait()
    # what the new process's run of the same broadcast does first
    assert await broadcasts.unconfirm_interrupted(sim.store, 1) >= 1
    release.set()
    await runner(sim).wait()
    done = await broadcasts.get(sim.store, 1)
    assert done is not None and (done.delivered, done.unconfirmed) == (len(people), 0)
    assert copies(sim.api) == dict.fromkeys(people, 1)


async def test_each_request_leaves_after_its_sending_mark_and_few_are_unsettled(
    settings: Settings, clock: FakeClock
) -> None:
    """What the database says at the moment each request reaches Telegram: the recipient is
    committed 'sending', and no more rows are 'sending' than there are workers (what a crash
    could leave unconfirmed)."""
    people = set(range(10_001, 10_301))
    seen: list[tuple[str, int]] = []

    def telegram(method: str, params: dict[str, Any]) -> None:
        if method == "sendMessage" and chat_id_of(params) in people:
            with sqlite3.connect(settings.db_path) as db:  # what another process would see
                (mine,) = db.execute(
                    "SELECT state FROM broadcast_recipients WHERE user_id = ?",
                    (chat_id_of(params),),
                ).fetchone()
                (unsettled,) = db.execute(
                    "SELECT count(*) FROM broadcast_recipients WHERE state = 'sending'"
                ).fetchone()
            seen.append((mine, unsettled))

    api = FakeBotAPI(fault=telegram)  # type: ignore[arg-type]
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await broadcast_to(sim, people)
        done = await broadcasts.get(sim.store, 1)
    assert len(seen) == len(people)
    assert {mine for mine, _ in seen} == {"sending"}
    assert max(unsettled for _, unsettled in seen) <= workers_for(settings.send_rate)
    assert done is not None and (done.delivered, done.unconfirmed) == (len(people), 0)


async def test_paid_broadcast_asks_telegram_for_it(
    settings: Settings, api: FakeBotAPI, clock: FakeClock
) -> None:
    paid = Settings(
        db_path=settings.db_path, admins=settings.admins, send_rate=1000.0, paid_broadcast=True
    )
    async with Simulator.running(paid, api=api, clock=clock) as sim:
        await add_people(sim, [1, 2])
        admin = sim.person(ADMIN_ID, "en")
        control = await compose(sim, admin)
        assert "allow_paid_broadcast" not in sim.api.chat(ADMIN_ID)[-2].params  # the preview
        await confirm(sim, admin, control)
        await runner(sim).wait()
    assert all(api.sent(p)[0].params.get("allow_paid_broadcast") is True for p in (1, 2))


# -- reports and statistics --------------------------------------------------------------------
async def test_broadcasts_lists_recent_reports(sim: Simulator) -> None:
    await add_people(sim, [1, 2])
    admin = sim.person(ADMIN_ID, "en")
    (empty,) = await sim.send(admin, "/broadcasts")
    assert empty.text.startswith("No announcements have been sent yet")
    await confirm(sim, admin, await compose(sim, admin))
    await runner(sim).wait()
    await sim.send(admin, "/broadcast <i>draft only</i>")
    (listing,) = await sim.send(admin, "/broadcasts")
    assert "<b>#1</b> · 2026-12-01 09:00 UTC · everyone who receives announcements" in listing.text
    assert "Solidarity Day concert at the Azerbaijan…" in listing.text
    assert "Delivered: 2" in listing.text
    assert "#2" not in listing.text  # a draft is not a broadcast


async def test_stats_for_admins(sim: Simulator, clock: FakeClock) -> None:
    await add_people(sim, [1, 2], language="az", country="DE")
    await add_people(sim, [3], language="ru", country=None, announcements=False)
    await sim.store.execute("UPDATE users SET active = 0 WHERE id = 2")
    await sim.store.execute("INSERT INTO holiday_subscriptions VALUES (1, 'flag_day')")
    (reply,) = await sim.send(sim.person(ADMIN_ID, "en"), "/stats")  # the admin is new today
    text = reply.text
    assert "People: 4" in text and "Active (haven't blocked the bot): 3" in text
    assert "Receive announcements: 1" in text and "New this week: 1" in text
    assert "🇦🇿 Azərbaycanca: 1" in text and "🇷🇺 Русский: 1" in text
    assert "🇩🇪 Germany: 1" in text and "unknown: 2" in text
    assert "State Flag Day: 1" in text and "World Azerbaijanis Solidarity Day: 0" in text


def test_a_holiday_name_with_html_characters_is_shown_as_written_in_stats() -> None:
    """A name from the holidays file ("<9 Nov>") went raw into an HTML message: Telegram
    refuses it ("can't parse entities"), and the admin got "something went wrong"."""
    from bot.i18n import translator
    from bot.store.stats import CommunityStats
    from handlers.admin import render_stats

    stats = CommunityStats(1, 1, 1, 0, [], [], [("Flag Day <9 Nov> & more", 1)])
    text = render_stats(stats, translator("en"), "en")
    assert "  Flag Day &lt;9 Nov&gt; &amp; more: 1" in text.splitlines()


async def test_a_forwarded_post_is_copied_and_broadcast_can_start_over(sim: Simulator) -> None:
    await add_people(sim, [1])
    admin = sim.person(ADMIN_ID, "en")
    await sim.send(admin, "/broadcast")
    preview, control = await sim.send(admin, "/broadcast changed my mind: short text")
    assert preview.text == "changed my mind: short text"
    await sim.press(admin, control, "Cancel")

    await sim.send(admin, "/broadcast")
    raw = sim.text_update(admin, "Weekend school opens in Vienna")
    raw["message"]["forward_origin"] = {
        "type": "channel",
        "date": 1,
        "chat": {"id": -1001234, "type": "channel", "title": "AZ House"},
        "message_id": 77,
    }
    await sim.feed(raw)
    preview, control = sim.api.chat(ADMIN_ID)[-2:]
    assert preview.method == "copyMessage"
    assert preview.params["message_id"] == raw["message"]["message_id"]
    await sim.press(admin, control, "Send")
    await runner(sim).wait()
    (copy,) = sim.api.sent(1)
    assert copy.method == "copyMessage" and copy.params["from_chat_id"] == ADMIN_ID


async def frozen(sim: Simulator, clock: FakeClock, people: Iterable[int]) -> int:
    """A broadcast confirmed to ``people`` (the admin gets nothing), not started."""
    await add_people(sim, people)
    await add_people(sim, [ADMIN_ID], announcements=False)
    draft = await broadcasts.create_draft(sim.store, ADMIN_ID, clock.now(), text="hi")
    await broadcasts.freeze_recipients(sim.store, draft, ADMIN_ID, clock.now())
    return draft


async def test_rows_the_old_process_gives_back_after_the_new_one_finished_are_sent(
    sim: Simulator, clock: FakeClock
) -> None:
    """A durability review: a deploy starts the new process while the old one still sends;
    the new one takes the old one's rows in flight for a crash's leftovers (unconfirmed) and
    finishes the broadcast; then the old one, stopping, gives back rows it had claimed but
    never sent. They went back to 'pending' on a 'done' broadcast, which nothing resumes:
    never sent, and the report counted them unconfirmed. Now the broadcast opens again."""
    draft = await frozen(sim, clock, [1, 2, 3, 4, 5])
    await sim.store.execute("UPDATE broadcasts SET state = 'running' WHERE id = ?", (draft,))
    old, new = broadcasts.open_feed(sim.store.path), broadcasts.open_feed(sim.store.path)
    try:
        assert broadcasts.advance(old, draft, claim=3) == [
            (1, "sending"),
            (2, "sending"),
            (3, "sending"),
        ]
        await broadcasts.unconfirm_interrupted(sim.store, draft)  # the new process starts
        assert broadcasts.advance(new, draft, claim=5) == [(4, "sending"), (5, "sending")]
        broadcasts.advance(new, draft, claim=5, outcomes=[(4, "delivered"), (5, "delivered")])
        done = await broadcasts.finish(sim.store, draft, clock.now())
        assert done is not None and done.state == "done" and done.unconfirmed == 3
        # the old one delivered 1 and gives back 2 and 3, never sent
        broadcasts.advance(old, draft, claim=0, outcomes=[(1, "delivered")], release=[2, 3])
    finally:
        old.close()
        new.close()
    assert await broadcasts.running_ids(sim.store) == [draft]  # resumed by the next check
    assert await broadcasts.state_counts(sim.store, draft) == {"delivered": 3, "pending": 2}


async def test_a_failed_claim_changes_nothing_and_its_outcomes_go_with_the_next(
    sim: Simulator, clock: FakeClock
) -> None:
    """Outcomes and the next claim commit together or not at all; none is lost."""
    from bot import broadcast as service

    draft = await frozen(sim, clock, [1, 2, 3])
    conn = broadcasts.open_feed(sim.store.path)
    try:
        feed = service._Feed(conn, draft, window=2)
        assert await feed._write(claim=2) == [(1, "sending"), (2, "sending")]
        feed.report(1, "delivered")
        # the claim of recipient 3 fails after the outcome was written in the same transaction
        conn.execute(
            "CREATE TEMP TRIGGER fail BEFORE UPDATE ON broadcast_recipients"
            " WHEN NEW.user_id = 3 BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
        )
        with pytest.raises(sqlite3.IntegrityError, match="disk I/O error"):
            await feed._write(claim=1)
        assert await broadcasts.state_counts(sim.store, draft) == {"sending": 2, "pending": 1}
        conn.execute("DROP TRIGGER fail")
        feed.report(2, "blocked")
        assert await feed._write(claim=1) == [(3, "sending")]
        assert await broadcasts.state_counts(sim.store, draft) == {
            "delivered": 1,
            "blocked": 1,
            "sending": 1,
        }
    finally:
        conn.close()


async def test_a_claim_waits_for_another_writer_without_blocking_the_bot(
    sim: Simulator, clock: FakeClock
) -> None:
    """The feed's connection never waits inside SQLite (that would stop the event loop): while
    another connection holds the write lock, the claim awaits and tries again."""
    from bot import broadcast as service

    draft = await frozen(sim, clock, [1, 2])
    conn = broadcasts.open_feed(sim.store.path)
    try:
        feed = service._Feed(conn, draft, window=2)
        async with sim.store.transaction() as other:  # e.g. /forget, a reminder run
            await other.execute("UPDATE users SET active = 0 WHERE id = 2")
            claim = asyncio.create_task(feed._write(claim=2))
            await asyncio.sleep(0.05)  # the loop runs meanwhile …
            assert not claim.done()  # … and the claim is still waiting
        # it sees what the other writer committed: 2 blocked the bot
        assert await claim == [(1, "sending"), (2, "blocked")]
    finally:
        conn.close()


async def test_who_got_an_old_broadcast_is_forgotten_but_its_report_stays(
    settings: Settings, clock: FakeClock
) -> None:
    async with Simulator.running(settings, clock=clock) as sim:
        await broadcast_to(sim, [1, 2])
    clock.advance(timedelta(days=31))
    async with Simulator.running(settings, clock=clock) as sim:
        await asyncio.wait_for(runner(sim).resumed.wait(), 10)
        rows = await sim.store.fetchall("SELECT * FROM broadcast_recipients")
        done = await broadcasts.get(sim.store, 1)
    assert rows == []
    assert done is not None and done.delivered == 2


async def test_a_broadcast_that_cannot_arrive_stops_instead_of_failing_everyone(
    settings: Settings, clock: FakeClock
) -> None:
    """Telegram refuses every copy (here a file it no longer has; a deleted original is
    told apart and stops at once: see the test above)."""

    def telegram(method: str, params: dict[str, Any]) -> ApiError | None:
        if method == "copyMessage" and chat_id_of(params) != ADMIN_ID:
            return ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return None

    api = FakeBotAPI(fault=telegram)
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        control = await photo_broadcast_to(sim, range(10_001, 10_501))
        done = await broadcasts.get(sim.store, 1)
    assert done is not None and done.state == "cancelled"
    assert 20 <= done.failed < 500 and done.failed + done.not_sent == 500
    assert "was stopped" in control.text and f"Not sent (stopped): {done.not_sent}" in control.text


class LeavingAPI(FakeBotAPI):
    """Holds every announcement send until ``leave`` (run at the first one) has finished."""

    def __init__(self) -> None:
        super().__init__()
        self.leave: Any = None
        self.left = asyncio.Event()
        self.leaving = False

    async def do_request(
        self, url: str, method: str, request_data: Any = None, *a: Any, **k: Any
    ) -> Any:
        params = request_data.parameters if request_data else {}
        to_recipient = chat_id_of(params) != ADMIN_ID  # not the admin's preview
        if url.endswith("/sendMessage") and params.get("text") == CONCERT and to_recipient:
            if not self.leaving:
                self.leaving = True
                await self.leave()
                self.left.set()
            await self.left.wait()
        return await super().do_request(url, method, request_data, *a, **k)


async def _two_leave_during_a_broadcast(
    settings: Settings, clock: FakeClock, leave: Callable[[Store], Awaitable[None]]
) -> tuple[list[int], Broadcast]:
    """People 1-12 are sent an announcement; ``leave`` runs while the first send is on the
    wire. Who got it, and the report."""
    from dataclasses import replace

    api = LeavingAPI()
    few_workers = replace(settings, send_rate=20.0)  # 4 workers: the last recipients wait
    async with Simulator.running(few_workers, api=api, clock=clock) as sim:
        await add_people(sim, range(1, 13))
        api.leave = lambda: leave(sim.store)
        admin = sim.person(ADMIN_ID, "en")
        await confirm(sim, admin, await compose(sim, admin))
        await runner(sim).wait()
        done = await broadcasts.get(sim.store, 1)
        assert done is not None
        return sorted(copies(api)), done


async def test_people_who_forget_or_block_during_a_broadcast_get_nothing(
    settings: Settings, clock: FakeClock
) -> None:
    from bot import privacy

    async def leave(store: Store) -> None:
        await privacy.forget(store, 12)  # /forget while the broadcast runs
        await store_users.set_active(store, 11, False)  # my_chat_member: blocked

    got, done = await _two_leave_during_a_broadcast(settings, clock, leave)
    assert got == list(range(1, 11))
    assert (done.total, done.delivered, done.blocked) == (11, 10, 1)


async def test_people_who_turn_announcements_off_during_a_broadcast_get_nothing(
    settings: Settings, clock: FakeClock
) -> None:
    """A durability review: "🔕 No more announcements" under the previous one, or /unsubscribe,
    pressed after Send still got the announcement, up to an hour later on a long list."""

    async def leave(store: Store) -> None:
        await subscriptions.set_all(store, 12, False)  # /unsubscribe
        await subscriptions.set_announcements(store, 11, False)  # 🔕

    got, done = await _two_leave_during_a_broadcast(settings, clock, leave)
    assert got == list(range(1, 11))
    assert (done.total, done.delivered, done.blocked) == (12, 10, 2)


async def test_choosing_the_audience_already_chosen_is_not_an_error(sim: Simulator) -> None:
    await add_people(sim, [1, 2])
    admin = sim.person(ADMIN_ID, "en")
    control = await compose(sim, admin)
    replies = await sim.press(admin, control, "Everyone")  # the draft is already "everyone"
    assert not any("Sorry" in m.text for m in replies)
    assert sim.alert() != "Sorry, something went wrong. Please try again in a moment."
    for data in ("bc:ok:99999999999999999999999", "bc:all:²"):
        await sim.press_data(admin, control, data)
        assert sim.alert() == "This button is no longer valid. Please send /start again."
    (reply,) = await sim.send(admin, "/cancel_broadcast 99999999999999999999999")
    assert "Sorry" not in reply.text


async def test_the_last_outcomes_wait_for_a_busy_database_instead_of_being_lost(
    settings: Settings, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer holds the lock longer than a claim waits when the run ends: the final
    write waits it out, so the delivered row is recorded and the broadcast finishes."""
    import bot.broadcast as service

    monkeypatch.setattr(service, "LOCK_TIMEOUT", 0.1)
    other = sqlite3.connect(settings.db_path, isolation_level=None, timeout=0)
    try:
        async with Simulator.running(settings, clock=clock) as sim:
            draft = await frozen(sim, clock, [1])
            reports: list[object] = []

            async def send(broadcast: object, user_id: int) -> None:
                other.execute("BEGIN IMMEDIATE")  # e.g. a long import, for 3 × the timeout
                asyncio.get_running_loop().call_later(0.3, other.execute, "ROLLBACK")

            async def on_report(broadcast: object, report: object) -> None:
                reports.append(report)

            tasks: list[asyncio.Task[None]] = []
            runner = BroadcastRunner(
                sim.store,
                send,
                clock=clock,
                workers=1,
                keep_going=lambda: True,
                on_report=on_report,
                spawn=lambda coro: tasks.append(asyncio.ensure_future(coro)) or tasks[-1],
            )
            assert runner.start(draft)
            await runner.wait()
            assert tasks[0].exception() is None
            assert await broadcasts.state_counts(sim.store, draft) == {"delivered": 1}
            found = await broadcasts.get(sim.store, draft)
            assert found is not None and found.state == "done"
            assert len(reports) == 1
    finally:
        other.close()


async def test_a_late_job_still_runs(sim: Simulator) -> None:
    """A loop busy for longer than APScheduler's default grace (1 s) must not make it skip a
    job: resuming broadcasts, completing an album or timing out a conversation."""
    job_queue = sim.app.job_queue
    assert job_queue is not None
    ran = asyncio.Event()

    async def late(context: Any) -> None:
        ran.set()

    # due 5 s ago: as if the loop had been busy since it was scheduled
    job_queue.run_once(late, when=datetime.now(UTC) - timedelta(seconds=5), name="late")
    await asyncio.wait_for(ran.wait(), timeout=5)
    assert ran.is_set()


async def test_a_sender_stopped_by_a_database_error_is_resumed_by_the_periodic_check(
    sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Disk full mid-broadcast: the sender stops, the broadcast stays 'running'; the check
    every few minutes resumes it once SQLite works again. Nobody gets it twice, one report."""
    await add_people(sim, range(1, 151))  # more than one claim's worth (100 workers)
    real_advance = broadcasts.advance
    calls = {"n": 0}

    def failing_once(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:  # the second claim
            raise sqlite3.OperationalError("database or disk is full")
        return real_advance(*args, **kwargs)

    monkeypatch.setattr(broadcasts, "advance", failing_once)
    admin = sim.person(ADMIN_ID, "en")
    await confirm(sim, admin, await compose(sim, admin))
    await runner(sim).wait()
    stopped = await broadcasts.get(sim.store, 1)
    assert stopped is not None and stopped.state == "running"  # not finished, not lost
    assert 0 < len(copies(sim.api)) < 150

    job_queue = sim.app.job_queue
    assert job_queue is not None
    (check,) = [j for j in job_queue.jobs() if j.name == "broadcast-resume"]
    await check.run(sim.app)  # the next periodic check
    await runner(sim).wait()
    await check.run(sim.app)  # and the one after: nothing more to do
    await runner(sim).wait()

    done = await broadcasts.get(sim.store, 1)
    assert done is not None and done.state == "done"
    got = copies(sim.api)
    assert set(got.values()) == {1}  # nobody twice
    assert done.delivered == len(got) and done.delivered + done.unconfirmed == 150
    reports = [m for m in sim.api.chat(ADMIN_ID) if "Announcement #1 is sent" in m.text]
    assert len(reports) == 1


async def test_a_broadcast_is_finished_and_reported_once(sim: Simulator, clock: FakeClock) -> None:
    draft = await frozen(sim, clock, [1, 2])
    first = await broadcasts.finish(sim.store, draft, clock.now())
    assert first is not None and first.state == "done"
    assert await broadcasts.finish(sim.store, draft, clock.now()) is None  # no second report


async def test_a_broadcasts_claims_are_checkpointed_into_the_database_file(
    settings: Settings,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_waiting: None,  # the limiter's pacing
) -> None:
    """The claim connection never checkpoints; its commits schedule checkpoints like the
    store's own, so a long broadcast does not grow the WAL by ~12 KB a recipient."""
    import bot.store as store_module

    monkeypatch.setattr(store_module, "CHECKPOINT_EVERY", 2)
    slow = Settings(db_path=settings.db_path, admins=settings.admins, send_rate=25.0)  # 5 workers
    async with Simulator.running(slow, clock=clock) as sim:
        await broadcast_to(sim, range(1, 41))
        if sim.store._checkpoint is not None:
            await sim.store._checkpoint
        copy = tmp_path / "main-file-only.sqlite3"  # the database file without its WAL
        copy.write_bytes(settings.db_path.read_bytes())
        with contextlib.closing(sqlite3.connect(copy)) as plain:
            (delivered,) = plain.execute(
                "SELECT count(*) FROM broadcast_recipients WHERE state = 'delivered'"
            ).fetchone()
        assert delivered > 0


async def test_a_menu_button_while_an_announcement_is_awaited_is_that_button(
    sim: Simulator,
) -> None:
    """After /broadcast, "🏠 Azerbaijani Houses" from the menu was previewed as the
    announcement (an admin's review); it asks where to look, and the wait goes on."""
    admin = sim.person(ADMIN_ID, "en")
    await sim.send(admin, "/broadcast")
    (ask, _countries) = await sim.send(admin, "🏠 Azerbaijani Houses")
    assert ask.text.startswith("Where should I look?")
    await sim.send(admin, "/cancel")  # ends the city wait and the announcement being written
    await sim.send(admin, "/broadcast")
    (preview, _control) = await sim.send(admin, CONCERT)
    assert preview.text == CONCERT


async def test_a_text_at_telegrams_limit_warns_that_a_longer_paste_was_cut(
    sim: Simulator,
) -> None:
    """A 4,096-character paste and its continuation: only the first part became the draft,
    with no word about the rest (an admin's review)."""
    admin = sim.person(ADMIN_ID, "en")
    await sim.send(admin, "/broadcast")
    (_preview, control) = await sim.send(admin, "a" * 4096)
    assert control.text.startswith("⚠️ This text is at Telegram's limit")
    await sim.send(admin, "/cancel")
    control = await compose(sim, admin)  # a short one: no such warning
    assert "⚠️" not in control.text


async def test_an_admin_writing_an_announcement_can_still_answer_and_stop_in_words(
    sim: Simulator,
) -> None:
    """A review: /broadcast, /forget, then "да" became a draft (nothing deleted); "stop"
    while writing became a draft too."""
    admin = sim.person(ADMIN_ID, "ru")
    await sim.send(admin, "/start")
    await sim.send(admin, "/broadcast")
    (cancelled,) = await sim.send(admin, "отмена")
    assert cancelled.text == "Отменено. Никому ничего не отправлено."
    await sim.send(admin, "/broadcast")
    await sim.send(admin, "/forget")
    (gone,) = await sim.send(admin, "да")
    assert "удален" in gone.text.lower()
    assert await store_users.get(sim.store, ADMIN_ID) is None
    assert await broadcasts.get(sim.store, 1) is None
    assert await sim.store.fetchall("SELECT * FROM broadcast_waits") == []  # the wait, too


async def test_an_announcement_that_starts_with_a_stop_word_is_an_announcement(
    sim: Simulator,
) -> None:
    """A second review: "Отмена концерта", "Stop war!" cancelled the announcement being
    written; a typed "нет" to /forget meanwhile ended the wait without a word."""
    admin = sim.person(ADMIN_ID, "ru")
    await sim.send(admin, "/start")
    await sim.send(admin, "/broadcast")
    (preview, _control) = await sim.send(admin, "Отмена концерта")
    assert preview.text == "Отмена концерта"
    await sim.send(admin, "/broadcast")
    await sim.send(admin, "/forget")
    (kept,) = await sim.send(admin, "нет")
    assert kept.text == "Ничего не удалено."
    (preview, _control) = await sim.send(admin, CONCERT)  # still waiting: the announcement
    assert preview.text == CONCERT


async def test_the_list_of_announcements_fits_one_message(sim: Simulator) -> None:
    """A review: ten reports with every line (resumed after a crash, then stopped) made
    /broadcasts longer than Telegram takes in Russian: the admin got "something went wrong"."""
    for n in range(1, 11):
        await sim.store.execute(
            "INSERT INTO broadcasts (id, kind, text, state, created_at, started_at, finished_at,"
            " total, delivered, blocked, failed, unconfirmed, not_sent, resumed)"
            " VALUES (?, 'text', ?, 'cancelled', '2026-11-01T10:00:00', '2026-11-01T10:00:00',"
            " '2026-11-01T12:59:00', 20000, 12345, 1234, 123, 12, 6286, 1)",
            (n, f"Объявление номер {n}: концерт в Берлине, приходите все вместе с детьми"),
        )
    await sim.send(sim.person(ADMIN_ID, "ru"), "/start")
    (listed,) = await sim.send(sim.person(ADMIN_ID, "ru"), "/broadcasts")
    assert len(listed.text) <= 4096
    assert "#10" in listed.text  # the newest first, whole; the oldest left out
    assert listed.text.endswith("…")


async def test_an_announcement_carries_a_stop_button_in_the_persons_language(
    sim: Simulator,
) -> None:
    """The English review: announcements came as bare text, with no way to stop them but
    "report spam" (which gets a bot limited). The button turns announcements off, and only
    them."""
    await sim.send(sim.person(1, "ru"), "/subscribe")  # the holidays and the announcements
    await add_people(sim, [2], language="az")
    holidays = await subscriptions.subscribed_holidays(sim.store, 1)
    assert holidays
    admin = sim.person(ADMIN_ID, "en")
    control = await compose(sim, admin)
    preview = sim.api.chat(ADMIN_ID)[-2]
    assert [b["text"] for b in preview.inline_buttons] == ["🔕 No more announcements"]
    # in the preview it only says what it does: the admin's own settings stay
    await sim.send(admin, "/subscribe")
    await sim.press(admin, preview, "🔕")
    assert (sim.alert() or "").startswith("👀 This is the preview")
    own = await reminders.settings_of(sim.store, ADMIN_ID, "en")
    assert own is not None and own.announcements
    await confirm(sim, admin, control)
    await runner(sim).wait()
    (russian,) = [m for m in sim.api.chat(1) if m.text == CONCERT]
    (azerbaijani,) = sim.api.chat(2)
    assert [b["text"] for b in russian.inline_buttons] == ["🔕 Больше не присылать объявления"]
    assert [b["text"] for b in azerbaijani.inline_buttons] == ["🔕 Elanları dayandır"]
    await sim.press(sim.person(1, "ru"), russian, "🔕")
    assert (sim.alert() or "").startswith("🔕 Объявления больше не придут")
    view = await reminders.settings_of(sim.store, 1, "ru")
    assert view is not None and not view.announcements
    assert await subscriptions.subscribed_holidays(sim.store, 1) == holidays
