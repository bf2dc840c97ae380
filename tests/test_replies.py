"""Buttons on messages that are gone, or pressed twice, still get a sensible answer."""

from bot.fakeapi import ChatMessage
from bot.simulator import Simulator


async def test_same_language_pressed_twice_is_not_an_error(sim: Simulator) -> None:
    person = sim.person(501, "en")
    (picker,) = await sim.send(person, "/language")
    await sim.press(person, picker, "English")
    replies = await sim.press_data(person, picker, "lang:en")
    assert "Sorry" not in " ".join(m.text for m in replies)


async def test_button_on_a_deleted_message_answers_with_a_new_message(sim: Simulator) -> None:
    person = sim.person(502, "ru")
    gone = ChatMessage(502, 999_999, "old", None, "sendMessage", {})
    replies = await sim.press_data(person, gone, "lang:az")
    texts = [m.text for m in replies]
    assert "✅ Dil: Azərbaycanca." in texts
