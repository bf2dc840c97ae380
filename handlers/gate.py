"""Runs first for every update (group -100): decides whether the bot should act on it at all,
applies flood protection, and loads the person's profile into ``context.profile``.

- Channel posts are not requests: nothing answers them; nor edited messages, but the
  person's correction of their latest text message in a private chat, answered as if sent so.
- In groups the bot acts only on commands addressed to it and replies to its own messages.
- A person over the flood limit gets one "slow down" message, then is ignored for a while.
- Only private chats (and buttons pressed there) create or refresh the person's row; elsewhere
  a known person's row is read, and a stranger gets a profile that is not stored.
"""

from __future__ import annotations

import contextlib
import re
from datetime import timedelta

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot import gazetteer, intents, places, ukrainian
from bot.commands import command_name
from bot.context import BotContext
from bot.flood import Verdict
from bot.i18n import (
    gettext,
    normalize_language,
    russian_in_latin,
    russian_marker,
    russian_word,
)
from bot.store import users
from bot.ukrainian import is_ukrainian, russian_of_ukrainian
from handlers import asked, broadcast, faq


def addressed_to_bot(message: Message, username: str) -> bool:
    """A group message the bot should answer: ``/cmd``, ``/cmd@thisbot`` or a reply to it."""
    reply = message.reply_to_message
    if reply is not None and reply.from_user is not None and reply.from_user.username == username:
        return True
    text = message.text or message.caption or ""
    if not text.startswith("/"):
        return False
    command = text.split(maxsplit=1)[0]
    _, _, target = command.partition("@")
    return not target or target.lower() == username.lower()


def _cooling_down(message: Message, context: BotContext) -> bool:
    """Whether the sender is ignored by flood protection now: such a message is dropped
    below, and reading Russian typed in Latin letters first cost a flooder about 10 ms each
    (a security review)."""
    person = message.from_user
    return person is not None and context.runtime.flood.blocked(person.id, context.clock.now())


async def remember_user(update: Update, context: BotContext) -> None:
    edited = update.edited_message
    if edited is not None and _admin_in_private(edited, context) and edited.from_user:
        # an admin corrected an announcement they are composing: the draft follows
        context.profile = await users.get(context.store, edited.from_user.id)
        if context.profile is not None:
            await broadcast.draft_edited(edited, context)
        raise ApplicationHandlerStop
    if update.edited_message is not None and _latest_text(update.edited_message, context):
        # the person corrected their last message ("Berlinn" → "Berlin", a typo in a
        # question): answered as if sent so (a review: silence); any other edit, an older
        # message, a live location moving, is nothing to answer
        asked.restore(context, update.edited_message.message_id)  # the city it answered
        await context.application.process_update(
            Update(update.update_id, message=update.edited_message)
        )
        raise ApplicationHandlerStop
    latin = update.message
    if (
        latin is not None
        and latin.text
        and not _cooling_down(latin, context)
        and update.update_id not in context.runtime.extras.get(_REREAD, ())
        and (cyrillic := await _read_as_russian(latin, context))
    ):
        # "ya zhivu v moskve", "gde azerbaydzhanskiy dom v berline": answered as if typed in
        # Cyrillic (a places review: "not understood"), and Ukrainian as if in Russian ("Де
        # найближчий азербайджанський дім?", a persona review), before it counts for flood
        # protection; read once: what it becomes is not read again (a review: "ласка" was
        # read over and over, to a RecursionError, and never counted for flood protection)
        reread: set[int] = context.runtime.extras.setdefault(_REREAD, set())
        reread.add(update.update_id)
        try:
            await context.application.process_update(
                Update(update.update_id, message=_with_text(latin, cyrillic))
            )
        finally:
            reread.discard(update.update_id)
        raise ApplicationHandlerStop
    if (
        update.edited_message
        or update.channel_post
        or update.edited_channel_post
        # Telegram Business: chats of the account that connected the bot, with its customers
        or update.business_message
        or update.edited_business_message
    ):
        raise ApplicationHandlerStop
    chat = update.effective_chat
    private = chat is not None and chat.type == ChatType.PRIVATE
    message = update.message
    if message is not None and not private and (asked_so := _mentioning_bot(message, context)):
        # "@thisbot когда день флага?" in a group: answered as a reply to the bot is (a
        # persona review: silence; with privacy mode on, Telegram sends the bot these too)
        await context.application.process_update(
            Update(update.update_id, message=_as_reply_to_bot(message, asked_so, context))
        )
        raise ApplicationHandlerStop
    if message is not None and not private and not addressed_to_bot(message, context.bot.username):
        raise ApplicationHandlerStop
    if message is not None and message.via_bot is not None and message.via_bot.id == context.bot.id:
        # a card the person shared through this bot's inline mode, in this bot's chat: the
        # answer is that card (a review: it was answered again, with the same card)
        raise ApplicationHandlerStop

    person = update.effective_user
    if person is None or person.is_bot:
        # an anonymous group admin, or someone posting as a channel: limited as that chat
        sender = message.sender_chat if message is not None else None
        if (
            sender is not None
            and context.runtime.flood.check(sender.id, context.clock.now()) is not Verdict.ALLOW
        ):
            raise ApplicationHandlerStop
        return
    if update.my_chat_member is not None:
        # blocked, unblocked, removed from a group: acted on at once, however many messages
        # came before (flood protection must not lose it), and counts as none
        context.profile = await users.get(context.store, person.id) or users.transient(
            person.id, normalize_language(person.language_code)
        )
        return
    if private and message is not None and context.user_data is not None:
        context.user_data[_LATEST] = message.message_id
    if private and message is not None:
        # only the very next message answers a question: one dropped by flood protection too
        # ("no wait", then later "yes" must not answer "Delete everything?")
        reply = message.reply_to_message
        replied = reply.message_id if reply is not None else None
        context.asked = asked.take(context, replied, message.message_id)
    if private and message is not None:  # a button answered by a toast changes no reply
        faq.take_last(context)
    inline = update.inline_query is not None
    guard = context.runtime.inline_flood if inline else context.runtime.flood
    # an admin at work (previews, audience buttons, Send) is not slowed down: an operations
    # review was told "too fast" after about 20 broadcast steps in 10 s, and ignored for 30 s
    admin = context.settings.is_admin(person.id)
    verdict = Verdict.ALLOW if admin else guard.check(person.id, context.clock.now())
    if verdict is Verdict.DROP:
        await _stop_spinning(update)
        raise ApplicationHandlerStop
    if verdict is Verdict.WARN:  # once per flood: worth a read for the chosen language
        known = await users.get(context.store, person.id)
        await _slow_down(
            update, known.language if known else normalize_language(person.language_code)
        )
        raise ApplicationHandlerStop

    if _pressed_again(update, context):
        await _stop_spinning(update)
        raise ApplicationHandlerStop

    language = normalize_language(person.language_code)
    if private and (message is not None or update.callback_query is not None):
        if (
            _about_stored_data(update, context)
            and await users.get(context.store, person.id) is None
        ):
            context.profile = users.transient(person.id, language)  # asking stores nothing
        else:
            context.profile = await users.seen(
                context.store, person.id, language, context.clock.now()
            )
    else:
        context.profile = await users.get(context.store, person.id) or users.transient(
            person.id, language
        )


async def _stop_spinning(update: Update) -> None:
    """Answer a button press the bot does nothing about, or it spins until Telegram gives up
    (a courtesy: a failure to answer is no error)."""
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer()


#: A press of the same button within this long is a double tap: answered, and nothing done.
DOUBLE_TAP = timedelta(seconds=2)
_LAST_PRESS = "last_press"


def _pressed_again(update: Update, context: BotContext) -> bool:
    """Whether this button press repeats the person's last one (same message, same button,
    within :data:`DOUBLE_TAP`): a review found a country's list sent twice for a double tap."""
    query = update.callback_query
    if query is None or query.message is None or context.user_data is None:
        return False
    now = context.clock.now()
    press = (query.message.chat.id, query.message.message_id, query.data)
    last = context.user_data.get(_LAST_PRESS)
    context.user_data[_LAST_PRESS] = (press, now)
    return last is not None and last[0] == press and now - last[1] < DOUBLE_TAP


#: The id of the person's latest message in their private chat (memory only).
_LATEST = "latest_message"


def _latest_text(message: Message, context: BotContext) -> bool:
    """Whether ``message`` (edited) is a text, the latest the person sent in a private chat,
    and the person no admin: an admin's latest text may be an announcement being composed,
    whose preview an edit does not change (it was answered as a question)."""
    person = message.from_user
    return (
        message.chat.type == ChatType.PRIVATE
        and person is not None
        and not context.settings.is_admin(person.id)
        and bool(message.text)
        and context.user_data is not None
        and context.user_data.get(_LATEST) == message.message_id
    )


def _admin_in_private(message: Message, context: BotContext) -> bool:
    person = message.from_user
    return (
        message.chat.type == ChatType.PRIVATE
        and person is not None
        and context.settings.is_admin(person.id)
    )


async def _read_as_russian(message: Message, context: BotContext) -> str | None:
    """The Russian the bot reads in a private text message of Russian typed in Latin letters,
    or of Ukrainian (:mod:`bot.ukrainian`); not a command, nor an admin's (an announcement
    being written is kept as typed)."""
    person = message.from_user
    if (
        message.chat.type != ChatType.PRIVATE
        or person is None
        or context.settings.is_admin(person.id)
        or (message.text or "").startswith("/")
    ):
        return None
    text = message.text or ""
    if not text.isascii():
        if not is_ukrainian(text):
            return None
        cyrillic = russian_of_ukrainian(text, await _ukrainian_place_names(context, text))
    elif russian_in_latin(text) is None:
        return None
    else:
        cyrillic = russian_in_latin(text, await _place_names(context, text))
    loaded = intents.loaded(context)
    if cyrillic is None or (
        intents.command_meant(loaded, text) is not None
        and intents.command_meant(loaded, cyrillic) is None
    ):
        return None  # a request as typed already ("otpisatsya": data/intents.toml)
    return cyrillic


#: A place's name kept as typed must be of a city this large (or a country's).
NAME_KEPT_POPULATION = 50_000


async def _place_names(context: BotContext, text: str) -> dict[str, str | None]:
    """How the names of places in ``text`` are read (see :func:`bot.i18n.russian_in_latin`):
    a country's English name in Russian ("Canada": Канада; a review: "Цанада", and "Kanada"
    kept as typed was read as Caen), a large city's own name that its Russian reading is no
    city's as typed ("Sydney", not "Сыдней"; "Samara" is Самара). Only a capitalised word or
    one after "v", "iz", "na": "za chas" (in an hour) is no town of Chas."""
    found = list(re.finditer(r"[A-Za-z']+", text))
    typed = [f.group(0) for f in found]
    words = [w.lower() for w in typed]
    # a sentence's first word is capitalised as a sentence's, not as a name ("Salam! Menya
    # zovut Ali. Rodom iz Gyandzhi, Potom…" used up the names to look up before "Sydney")
    first = {i for i, f in enumerate(found) if _sentence_start(text, f.start())}
    after = [i for i in range(1, len(words)) if words[i - 1] in _BEFORE_A_PLACE]
    capital = [i for i, w in enumerate(typed) if w[:1].isupper()]
    names: dict[str, str | None] = {}
    looked_up = 0
    # after "v", "iz"… first: where a place surely stands ("…Uchilsya v Moskve, zhivu v
    # Sydney" had used up the names on "Ali", "Mamedov", "Uchilsya"); a sentence's first word
    # last, capitalised as a sentence's, but maybe a name ("Sydney gde dom?": a review)
    ordered = [*after, *(i for i in capital if i not in first), *(i for i in capital if i in first)]
    for i in dict.fromkeys(ordered):
        word = words[i]
        if len(word) < 3 or russian_marker(word) or word in names:
            continue
        looked_up += 1
        if looked_up > MAX_NAMES_LOOKED_UP:  # a long text of names: the rest as Russian
            break
        pair = words[i : i + 2]
        # a country by any of its names: two words kept as typed, read so later ("United
        # States", "New Zealand"), one in Russian ("Turkey", "USA": a review, "Туркей",
        # "УСА"; "Kanada" kept as typed had been read as Caen)
        if len(pair) == 2 and places.country_code(" ".join(pair)):
            names.update(dict.fromkeys(pair))
            continue
        code = places.country_code(word) if word not in _RUSSIAN_NOT_A_COUNTRY else None
        if code:
            names[word] = places.country_name(code, "ru")
            continue
        for name in (" ".join(pair), word) if len(pair) == 2 else (word,):
            read = " ".join(russian_word(w) for w in name.split())
            if await gazetteer.known_name(context.store, read, NAME_KEPT_POPULATION):
                break  # "Samara": Самара
            if await gazetteer.known_name(context.store, name, NAME_KEPT_POPULATION, own_only=True):
                names.update(dict.fromkeys(name.split()))
                break
    return names


async def _ukrainian_place_names(context: BotContext, text: str) -> list[str]:
    """The places' names in a Ukrainian ``text`` that the gazetteer knows as typed
    ("Тернопіль", "Кривий Ріг"), at most :data:`MAX_NAMES_LOOKED_UP` looked up."""
    known: list[str] = []
    for name in ukrainian.place_names(text)[:MAX_NAMES_LOOKED_UP]:
        if await gazetteer.known_name(context.store, name, NAME_KEPT_POPULATION):
            known.append(name)
    return known


#: The updates whose text is being answered as read in Russian (an update's id): the text it
#: became is not read again.
_REREAD = "gate.reread"


def _sentence_start(text: str, at: int) -> bool:
    """Whether the word at ``at`` begins ``text`` or a sentence of it."""
    before = text[:at].rstrip(" \t\"'(«")
    return not before or before[-1] in ".!?\n"


#: How many words of one text may be looked up as names of places (each is up to four
#: queries): a message of 4,096 characters of names must cost no more than a question.
MAX_NAMES_LOOKED_UP = 6
#: Latin words before a place's name: "v Sydney", "iz Calgary", "na Kipre", "po vremeni
#: sydney", "v gorode vancouver", "okolo houston", "ryadom s Berlinom" (a review).
_BEFORE_A_PLACE = frozenset(
    {"v", "vo", "iz", "na", "po", "vremeni", "gorode", "okolo", "s", "so", "vozle", "bliz"}
)
#: Russian words that are a country's name too: "posle togo" is no Togo.
_RUSSIAN_NOT_A_COUNTRY = frozenset({"togo", "chad"})


def _mentioning_bot(message: Message, context: BotContext) -> str | None:
    """The text of a group message, no reply nor command, that names this bot's @username
    first (after a greeting at most) or last, without it ("@thisbot когда день флага?",
    "когда день флага @thisbot": "когда день флага?"); else None."""
    text = message.text or ""
    if message.reply_to_message is not None or "@" not in text:
        return None
    # "@thisbotfan", "x@thisbot.com" are not the bot
    name = re.compile(rf"(?<![\w@.])@{re.escape(context.bot.username)}(?![\w@])", re.IGNORECASE)
    found = name.search(text)
    if found is None:
        return None
    before = text[: found.start()].rstrip(" ,:—-\n")
    after = text[found.end() :].lstrip(" ,:—-\n")
    if before and after.strip(" ?!.)"):
        # within a sentence it is talk about the bot ("ребята, @thisbot подскажет", "мне
        # @thisbot ответил неправильно": a review), save after a greeting ("салам @thisbot, …")
        if before.casefold() not in _GREETINGS:
            return None
        before = ""
    rest = f"{before} {after}".strip() if before and after else before or after
    if not rest or rest.startswith("/"):
        return None  # "@thisbot" alone, "@thisbot /help"
    return rest


#: A greeting before the bot's name ("салам @thisbot, когда день флага?"), casefolded.
_GREETINGS = frozenset(
    ["salam", "салам", "привет", "здравствуйте", "hi", "hello", "hey", "salamlar", "добрый день"]
)


def _as_reply_to_bot(message: Message, text: str, context: BotContext) -> Message:
    """``message`` with ``text``, as a reply to one of the bot's own messages."""
    fields = message.to_dict()
    fields.pop("entities", None)
    bot = {"id": context.bot.id, "is_bot": True, "first_name": context.bot.first_name}
    to = {"message_id": message.message_id, "date": fields["date"], "chat": fields["chat"]}
    to["from"] = {**bot, "username": context.bot.username}
    return Message.de_json({**fields, "text": text, "reply_to_message": to}, message.get_bot())


def _with_text(message: Message, text: str) -> Message:
    """``message`` with another text (and no entities, whose offsets were the old text's)."""
    fields = message.to_dict()
    fields.pop("entities", None)
    return Message.de_json({**fields, "text": text}, message.get_bot())


_ABOUT_STORED_DATA = ("mydata", "forget")


def _about_stored_data(update: Update, context: BotContext) -> bool:
    """/mydata, /forget, /forget's buttons, or the same in plain words ("что вы обо мне
    знаете"): right after a /forget, "what do you store about me?" used to store the asker
    again, so the answer was never "nothing"."""
    if update.callback_query is not None:
        return (update.callback_query.data or "").startswith("fg:")
    text = update.message.text if update.message is not None else None
    words = (text or "").split(maxsplit=1)
    if not words:
        return False
    if words[0].startswith("/"):
        return command_name(words[0]) in _ABOUT_STORED_DATA
    return intents.request_of(context, text or "") in _ABOUT_STORED_DATA


async def _slow_down(update: Update, language: str) -> None:
    text = gettext(language, "flood.slow_down")
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif (
        update.effective_message is not None
        and update.effective_chat is not None
        and update.effective_chat.type == ChatType.PRIVATE
    ):
        await update.effective_message.reply_text(text)
