"""``diaspora-bot chat``: the real bot in a terminal, through the Bot API stand-in.

Type messages as you would in Telegram. Extra commands of the terminal:
``/location LAT LON`` shares a location, a number presses that inline button of the last
message, ``/quit`` (or Ctrl-D) leaves. What the bot sends by itself to the chat user (an
announcement an admin sent, a holiday reminder) shows up as it arrives.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
from collections.abc import Callable
from typing import TextIO

from bot.app import runtime_of
from bot.config import Settings
from bot.fakeapi import ChatMessage
from bot.flood import FloodGuard
from bot.i18n import LANGUAGES, gettext, without_tags
from bot.simulator import Person, Simulator, touched
from bot.store import users

LOCATION_LABELS = frozenset(gettext(lang, "menu.share_location") for lang in LANGUAGES)
HELP = (
    "Offline chat with diaspora-bot (no Telegram, no network). Type like in Telegram.\n"
    "  /location LAT LON   share a location (e.g. /location 52.52 13.40)\n"
    "  1, 2, …             press the numbered inline button\n"
    "  /quit               leave (or Ctrl-D)\n"
)


_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)
PROMPT = "you › "
#: How often the chat looks for messages the bot sent by itself (announcements, reminders).
WATCH_SECONDS = 0.25


def _read_input() -> str:
    return input(PROMPT)


def plain(text: str) -> str:
    """Telegram HTML as the person would read it; a link shows where it leads."""
    return html.unescape(without_tags(_LINK.sub(r"\2 → \1", text)))


def render(message: ChatMessage, first_button: int) -> tuple[str, list[str]]:
    """The message as text lines, and the callback data of its numbered buttons."""
    lines = [f"🤖 {line}" for line in plain(message.text).splitlines() or [""]]
    if message.method == "sendLocation":
        lat, lon = message.params.get("latitude"), message.params.get("longitude")
        lines = [f"🤖 📍 location {lat}, {lon}"]
    data: list[str] = []
    number = first_button
    for row in (message.reply_markup or {}).get("inline_keyboard", []):
        cells = []
        for button in row:
            if "callback_data" in button:
                cells.append(f"[{number}] {button['text']}")
                data.append(button["callback_data"])
                number += 1
            elif "url" in button:
                cells.append(f"[{button['text']} → {button['url']}]")
            else:
                cells.append(f"[{button.get('text', '?')}]")
        lines.append("   " + "  ".join(cells))
    if message.keyboard:
        lines.append("   ⌨ " + "  ".join(f"[{label}]" for label in message.keyboard))
    return "\n".join(lines), data


async def chat(
    settings: Settings,
    *,
    person: Person,
    language: str | None = None,
    read_line: Callable[[], str] = _read_input,
    out: TextIO | None = None,
) -> None:
    """``language``: given (``--lang``), the chat user speaks it from now on, also when the
    chat database keeps another one from an earlier chat."""
    out = out or sys.stdout  # looked up now: a default bound at import outlives a redirect
    async with Simulator.running(settings) as sim:
        # One person at a keyboard, or a script piped in: flood protection (20 messages in
        # 10 s) is for Telegram's crowds, and would leave a piped script unanswered.
        runtime_of(sim.app).flood = FloodGuard(limit=sys.maxsize)
        if language is not None:  # a person seen before: their stored language would win
            await users.set_language(sim.store, person.id, language)
        print(HELP, file=out)
        buttons: list[tuple[ChatMessage, str]] = []
        shown = len(sim.api.calls)  # the Bot API calls whose messages are on the screen
        turn = asyncio.Lock()  # held while a line is handled and its answer printed

        def show(messages: list[ChatMessage]) -> None:
            nonlocal buttons
            new_buttons: list[tuple[ChatMessage, str]] = []
            for message in messages:
                text, data = render(message, len(new_buttons) + 1)
                new_buttons += [(message, d) for d in data]
                print(text, file=out)
            if new_buttons:
                buttons = new_buttons

        def unseen() -> list[ChatMessage]:
            """What the bot sent or edited in the chat by itself since the last look."""
            nonlocal shown
            calls, shown = sim.api.calls[shown:], len(sim.api.calls)
            return touched(sim.api, person.id, calls)

        async def watch() -> None:
            """Announcements and reminders arrive while the person sits at the prompt."""
            while True:
                await asyncio.sleep(WATCH_SECONDS)
                async with turn:
                    arrived = unseen()
                    if arrived:
                        print(file=out)
                        show(arrived)
                        print(file=out)
                        if read_line is _read_input:  # the prompt scrolled up: show it again
                            print(PROMPT, end="", file=out, flush=True)

        watcher = asyncio.create_task(watch())
        try:
            while True:
                try:
                    line = (await asyncio.to_thread(read_line)).strip()
                except EOFError:
                    break
                if line in ("/quit", "/exit"):
                    break
                if not line:
                    continue
                async with turn:
                    pressable = buttons  # the numbers the person saw when they typed
                    show(unseen())  # anything that came in just now, first
                    replies = await _handle(line, sim, person, pressable, out)
                    if replies is None:
                        continue
                    show(replies)  # with whatever else reached this chat meanwhile
                    shown = len(sim.api.calls)
                    print(file=out)
        finally:
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)


async def _handle(
    line: str,
    sim: Simulator,
    person: Person,
    buttons: list[tuple[ChatMessage, str]],
    out: TextIO,
) -> list[ChatMessage] | None:
    """Send ``line`` to the bot as the person: the messages the bot sent or edited in the
    chat meanwhile; None when the terminal answered the line itself."""
    if line.isdigit() and buttons:
        index = int(line) - 1
        if not 0 <= index < len(buttons):
            print(f"(no button {line}; buttons are 1..{len(buttons)})", file=out)
            return None
        pressed, payload = buttons[index]
        replies = await sim.press_data(person, pressed, payload)
        if sim.api.callback_answers and sim.api.callback_answers[-1].get("text"):
            print(f"🔔 {plain(sim.api.callback_answers[-1]['text'])}", file=out)
            sim.api.callback_answers.clear()
    elif line in LOCATION_LABELS:
        print("(in the terminal, share a location as: /location LAT LON)", file=out)
        return None
    elif line.startswith("/location"):
        parts = line.split()
        try:
            lat, lon = float(parts[1]), float(parts[2])
        except (IndexError, ValueError):
            print("(usage: /location LAT LON, e.g. /location 52.52 13.40)", file=out)
            return None
        replies = await sim.share_location(person, lat, lon)
    else:
        replies = await sim.send(person, line)
    if not replies:
        print("(no reply)", file=out)
    return replies
