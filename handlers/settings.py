"""/settings (one screen of buttons, ``set:…``) and /timezone.

Buttons: ``set:h:<holiday>:<1|0>`` reminders of one holiday on/off, ``set:ann:<1|0>``
announcements on/off (what the press sets, not a flip: a second tap, or a tap on an old
screen, never does the opposite of what its label showed), ``set:hours`` /
``set:hour:<0-23>`` the reminder hour, ``set:zones`` / ``set:tz:<IANA name>`` the time
zone, ``set:lang`` the language (the /language buttons), ``set:home`` back to the screen
(edits it), ``set:open`` the screen as a new message (from a reminder).
"""

from __future__ import annotations

import re
from datetime import datetime

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot import callbacks, gazetteer, intents, places, reminders
from bot.context import BotContext
from bot.faq import normalize
from bot.gazetteer import City, Matches
from bot.hours import hour_named
from bot.i18n import (
    LANGUAGE_NAMES,
    Html,
    Translator,
    zone_label,
    zone_name,
    zone_text,
)
from bot.places import country_name
from bot.reminders import ReminderSettings
from bot.store import subscriptions
from handlers import asked
from handlers.reminders import (
    day_text,
    default_zone_name,
    hour_set_text,
    hour_text,
    person_id,
    with_notes,
    zone_and_hour,
)
from handlers.replies import edit_or_send
from handlers.start import language_keyboard, menu_labels


def _button(text: str, *parts: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=callbacks.pack("set", *parts))


def screen_text(_: Translator, view: ReminderSettings, lang: str, now: datetime) -> str:
    lines = [_("set.title"), ""]
    zone = zone_name(view.timezone, now, lang)
    if view.any_holiday:
        lines.append(_("set.when", time=hour_text(view.hour), zone=zone))
    else:  # "arrive … at 19:00" read as a promise by someone who had said No (a review)
        lines.append(_("set.when_none", time=hour_text(view.hour), zone=zone))
    if not view.timezone_set:
        lines.append(_("set.zone_default", zone=default_zone_name(lang, now)))
    lines.append(_("set.announcements_on") if view.announcements else _("set.announcements_off"))
    lines.append(_("set.language", lang_name=LANGUAGE_NAMES.get(lang, lang)))
    return "\n".join(lines)


def screen_keyboard(
    _: Translator, view: ReminderSettings, lang: str, now: datetime
) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    for h in view.holidays:
        # button labels are plain text: the values must not be HTML-escaped
        label = _("set.btn_holiday", name=Html(h.name), date=Html(day_text(h.month, h.day, lang)))
        mark = "✅ " if h.subscribed else "▫️ "
        rows.append([_button(mark + label, "h", h.id, int(not h.subscribed))])
    rows.append(
        [
            _button(
                _("set.btn_announcements_on")
                if view.announcements
                else _("set.btn_announcements_off"),
                "ann",
                int(not view.announcements),
            )
        ]
    )
    rows.append(
        [
            _button(_("set.btn_hour", time=hour_text(view.hour)), "hours"),
            # a label is plain text: not HTML-escaped
            _button(_("set.btn_zone", zone=Html(zone_text(view.timezone, now, lang))), "zones"),
        ]
    )
    rows.append([_button(_("set.btn_language"), "lang")])
    return InlineKeyboardMarkup(rows)


def hours_keyboard(_: Translator, current: int) -> InlineKeyboardMarkup:
    rows = [
        [
            _button(("✅ " if h == current else "") + hour_text(h), "hour", h)
            for h in range(start, start + 4)
        ]
        for start in range(0, 24, 4)
    ]
    rows.append([_button(_("set.btn_back"), "home")])
    return InlineKeyboardMarkup(rows)


def _chosen_zone(view: ReminderSettings) -> str:
    """The zone to tick in the list: none for someone who never set one (a places review:
    "✅ Baku" read as a choice they had made; the text above says Baku is the default)."""
    return view.timezone if view.timezone_set else ""


def zones_keyboard(_: Translator, current: str, now: datetime, lang: str) -> InlineKeyboardMarkup:
    buttons = [
        _button(("✅ " if name == current else "") + zone_label(name, now, lang), "tz", name)
        for name in reminders.COMMON_ZONES
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(_("set.btn_back"), "home")])
    return InlineKeyboardMarkup(rows)


async def _view(context: BotContext) -> ReminderSettings | None:
    if context.profile is None:
        return None
    return await reminders.settings_of(context.store, context.profile.id, context.lang)


async def show_settings(update: Update, context: BotContext, hint: str | None = None) -> None:
    """/settings; ``hint``: a catalog key of a line above the screen (a request in words that
    the screen answers)."""
    message = update.effective_message
    if await person_id(update, context, private_only=True) is None:
        return
    view = await _view(context)
    if message is None or view is None:
        return
    text, keyboard = _screen(context, view)
    if hint is not None:
        text = f"{context._(hint)}\n\n{text}"
    await message.reply_text(text, reply_markup=keyboard)


def _screen(context: BotContext, view: ReminderSettings) -> tuple[str, InlineKeyboardMarkup]:
    """The settings screen in the person's language, zones named as of now."""
    _, lang, now = context._, context.lang, context.clock.now()
    return screen_text(_, view, lang, now), screen_keyboard(_, view, lang, now)


#: More words than a city's name has: a sentence, not the city asked for.
CITY_WORDS = 4


async def zone_typed(update: Update, context: BotContext) -> None:
    """Group -9: the message right after /timezone's buttons ("Not in the list? Type your
    city") is the city or zone, as ``/timezone Berlin`` would be; "stop" or "no" keeps the
    zone. A question, a menu button or a command is left to the handlers that answer them."""
    message = update.effective_message
    text = (message.text or "").strip() if message is not None else ""
    hinted = context.asked == asked.ZONE_HINT  # a reminder's "… or write your city"
    if message is None or not (hinted or context.asked == asked.ZONE) or not text:
        return
    if text in menu_labels():
        return
    request = intents.request_of(context, text)
    if request in ("cancel", "no") and not hinted:
        await message.reply_text(context._("set.zone_kept"))
        raise ApplicationHandlerStop
    if request not in (None, "timezone") or "?" in text or len(text.split()) > CITY_WORDS:
        return  # "Salam", "отпишите меня", a question: what they ask (Salam, Oman is no zone)
    if reminders.canonical_zone(text) is None and not await _a_place(context, text, hinted):
        return  # "Novruz bayramınız mübarək!" (an announcement being written?): not a city
    context.args = text.split()
    await timezone_command(update, context)
    raise ApplicationHandlerStop


async def _a_place(context: BotContext, text: str, sure: bool = False) -> bool:
    """A city or country by that name (or a near spelling: offered, never set; not when
    ``sure``, after a reminder's hint, which asked nothing: "cool", "пока" got "I don't know
    a city called…", a review)."""
    if places.country_code(text) is not None:
        return True
    found = await places.find_city(context.store, text)
    return found.answered if sure else bool(found.cities)


async def timezone_command(update: Update, context: BotContext) -> None:
    """``/timezone`` shows the zone buttons; ``/timezone Europe/Paris`` sets it directly;

    ``/timezone Berlin`` (or Köln, Москва, Nyu-York…) takes the zone of that city.
    """
    message = update.effective_message
    if await person_id(update, context, private_only=True) is None:
        return
    view = await _view(context)
    if message is None or view is None or context.profile is None:
        return
    _ = context._
    text = places.without_words_after(" ".join(context.args or []).strip())  # "dubai pls"
    if not text:
        await message.reply_text(
            _("set.zone_choose"),
            reply_markup=zones_keyboard(_, _chosen_zone(view), context.clock.now(), context.lang),
        )
        asked.ask(context, asked.ZONE)  # "Not in the list? Type your city"
        return
    name = await reminders.set_zone(context.store, context.profile.id, text[:100])
    if name is not None:
        zone = zone_text(name, context.clock.now(), context.lang)
        reply = _("set.zone_set", zone=zone, time=hour_text(view.hour))
        await message.reply_text(_unless_subscribed(context, view, reply))
        return
    # not a zone name: a city ("Berlin", "Berlin, Germany") or a country, from the offline
    # gazetteer (most populous match first); a near spelling is offered, never set
    typed = text[:100]
    adjective = await places.city_of_adjective(context.store, typed)  # "московское время"
    found = (
        Matches(places.city_name(adjective, context.lang, context.clock.now()), [adjective], True)
        if adjective
        else await places.find_city(context.store, typed, listed_too=True)
    )
    called = found.name
    code = places.country_meant(typed, found)
    if code is not None:
        zones = await gazetteer.zone_cities(context.store, code, context.clock.now())
        # "Куба": Cuba's zone, or Quba's? A town of that very name is offered too
        towns = found.cities if found.exact and places.country_code(typed, official=True) else []
        if len(zones) > 1:  # "USA", "Россия": which of its zones?
            await message.reply_text(
                _("set.zone_which", country=country_name(code, context.lang)),
                reply_markup=_cities_keyboard(context, [*zones, *towns], ""),
            )
            return
        if zones:  # "Almaniya": Berlin's zone, said as the country's
            found, called = Matches(typed, [zones[0], *towns], True), ""
    if not found.cities:
        await message.reply_text(_("set.zone_unknown", text=typed))
        return
    if not found.answered:
        await message.reply_text(
            _("set.zone_did_you_mean", text=typed),
            reply_markup=_cities_keyboard(context, found.cities, ""),
        )
        return
    city = found.cities[0]
    # the country too: "/timezone Köln" says where the person lives (announcements by country)
    await reminders.set_zone(context.store, context.profile.id, city.timezone, city.country_code)
    country = country_name(city.country_code, context.lang)
    zone = zone_text(city.timezone, context.clock.now(), context.lang)
    if called:  # "Москва (Россия): UTC+3", not "Москва (Россия): Москва, UTC+3"
        zone = zone.removeprefix(f"{gazetteer.as_written(called)}, ")
    time = hour_text(view.hour)
    reply = (
        # as the person wrote it: "Kiyev", not "Kyiv"
        _(
            "set.zone_from_city",
            city=gazetteer.as_written(called),
            country=country,
            zone=zone,
            time=time,
        )
        if called
        else _("set.zone_from_country", country=country, zone=zone, time=time)
    )
    reply = _unless_subscribed(context, view, reply)
    # a country's towns of its very name ("Куба": Quba) were found on purpose: all offered
    candidates = places.other_cities(found, city) if called else found.cities[1:]
    others = [c for c in candidates if c.timezone != city.timezone]
    if not others:
        await message.reply_text(reply)
        return
    await message.reply_text(
        reply + "\n\n" + _("set.zone_other_cities"),
        reply_markup=_cities_keyboard(context, others, found.name),
    )


def _unless_subscribed(context: BotContext, view: ReminderSettings, reply: str) -> str:
    """ "Reminders will arrive at 10:00 in this zone", and to someone with no holiday ticked
    that none come until they subscribe (a review: people not subscribed took it for a
    promise; /mydata said no reminders)."""
    if view.any_holiday:
        return reply
    return f"{reply}\n{context._('set.zone_not_subscribed')}"


def _cities_keyboard(context: BotContext, cities: list[City], name: str) -> InlineKeyboardMarkup:
    """A button per city: "Springfield, United States — Chicago, UTC-6" sets that zone; two
    alike (same name, country and zone) are one button."""
    now, lang = context.clock.now(), context.lang
    labels = {}
    for c in cities:
        label, zone = places.city_label(c, lang, name, now), zone_text(c.timezone, now, lang)
        # "Москва, Россия — UTC+3", not "Moscow, Россия — Москва, UTC+3"
        city = places.city_name(c, lang, now)
        # the city's country too: "Alexandria, United States" had set New York's zone and
        # kept Egypt, the Alexandria typed first (a review), for announcements by country
        labels[f"{label} — {zone.removeprefix(f'{city}, ')}"] = (c.timezone, c.country_code)
    return InlineKeyboardMarkup(
        [[_button(text, "tz", zone, country)] for text, (zone, country) in labels.items()]
    )


async def button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    # the settings screen is the person's: never in a group, nor on a card shared inline (a
    # security review: crafted "set:open" posted one's zone and reminders into a group)
    user_id = await person_id(update, context, private_only=True)
    if user_id is None:
        return
    _ = context._
    store = context.store
    # a button pressed instead (a zone chosen, say): no longer waiting for a typed city
    asked.answered(context, asked.ZONE)
    asked.answered(context, asked.ZONE_HINT)
    parts = (query.data or "").split(":")
    action, args = (parts[1], parts[2:]) if len(parts) >= 2 and parts[0] == "set" else ("", [])
    toast: str | None = None

    if action == "open" and not args and query.message is not None:
        view = await _view(context)
        if view is not None:
            await query.answer()
            text, keyboard = _screen(context, view)
            await context.bot.send_message(query.message.chat.id, text, reply_markup=keyboard)
            return
    elif action == "hours" and not args:
        view = await _view(context)
        if view is not None:
            await query.answer()
            await _edit(query, _("set.hour_choose"), hours_keyboard(_, view.hour))
            return
    elif action == "zones" and not args:
        view = await _view(context)
        if view is not None:
            await query.answer()
            await _edit(
                query,
                _("set.zone_choose"),
                zones_keyboard(_, _chosen_zone(view), context.clock.now(), context.lang),
            )
            asked.ask(context, asked.ZONE)  # "Not in the list? Type your city"
            return
    elif action == "lang" and not args:
        await query.answer()
        await _edit(query, _("language.choose"), language_keyboard(context.lang))
        return
    elif action == "home" and not args:
        toast = ""
    elif action == "h" and len(args) == 2 and args[1] in ("0", "1"):
        if await reminders.set_holiday(store, user_id, args[0], args[1] == "1"):
            toast = _("set.saved")
    elif action == "ann" and args in (["0"], ["1"]):
        await reminders.set_announcements(store, user_id, args[0] == "1")
        toast = _("set.saved")
    elif (action == "h" and len(args) == 1) or (action == "ann" and not args):
        # a screen from before the buttons said what they set: shown as it is now, changed
        # in nothing (it flipped; a re-review: "out of date" left the old screen up)
        toast = _("set.redrawn")
    elif action == "hour" and len(args) == 1 and re.fullmatch(r"[0-9]{1,2}", args[0]):
        if await reminders.set_hour(store, user_id, int(args[0])):
            toast = _("set.saved")
    elif action == "tz" and len(args) in (1, 2):
        # a city's button names its country; a zone of the list alone, its country is found.
        # A country CLDR knows: crafted "ZZ", "EU", "UN" were stored and listed by /stats and
        # as announcement audiences (a security review)
        country = args[1] if len(args) == 2 and places.known_country(args[1]) else None
        if country is None and len(args) == 1:
            country = await _country_of_zone(context, args[0])
        if country is not None and await reminders.set_zone(store, user_id, args[0], country):
            toast = _("set.saved")

    view = await _view(context)
    if toast is None or view is None:
        await query.answer(_("button.stale"), show_alert=True)
        return
    await query.answer(toast or None)
    await _edit(query, *_screen(context, view))


async def _country_of_zone(context: BotContext, zone: str) -> str | None:
    """The country for a zone chosen from the list (a button without one): the person's
    own if it uses that zone, else the one of the zone's largest city ("New York": the
    United States, not the Egypt of an Alexandria typed before); "" if the gazetteer has none
    (a country no longer known), None for no zone."""
    name = reminders.canonical_zone(zone)
    if name is None:
        return None
    profile = context.profile
    own = profile.country if profile is not None else None
    had = profile.timezone if profile is not None else None
    now = context.clock.now()
    listed = reminders.COMMON_ZONES
    return await gazetteer.country_of_zone(context.store, name, own, now, listed, had) or ""


async def _edit(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    await edit_or_send(query, text, markup)


# -- requests in plain words ---------------------------------------------------------------
#: "по Москве", "по времени Москвы", "по московскому": a city's time in Russian.
_BY_CITY = r"по\s+(?:времени\s+)?(?P<city>[^\W\d_][\w-]{2,30})"
#: "at 9pm toronto time", "в 8 по Москве", "в 9 по московскому времени", "saat 9-da Bakı vaxtı
#: ilə": the zone the hour is in, named right after the hour (a mixed-language review: "9pm
#: toronto time" was set as 21:00 Baku time). Right after it only: "thanks big time", "по
#: дому", "şam vaxtı" (dinner time) had set Istanbul, Accra, Damascus (a review of that).
_HOUR_THEN = r"\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?|час\w*|утра|вечера|дня)?\s+"
_ZONE_WITH_TIME = (  # "zone": the words that name it, "city": the city's
    re.compile(
        _HOUR_THEN + r"(?P<zone>(?P<city>(?:[^\W\d_][\w'’-]*\s+){1,3})time\b)", re.IGNORECASE
    ),
    re.compile(
        _HOUR_THEN + rf"(?P<zone>{_BY_CITY})",
        re.IGNORECASE,
    ),
    re.compile(r"(?P<zone>(?P<city>\b[^\W\d_][\w-]{2,30})\s+vaxt[ıi]\s+il[əe]\b)", re.IGNORECASE),
)
#: ... a city this large (or a Russian city adjective): "Bath" is no London time.
ZONE_CITY_POPULATION = 200_000


async def zone_with_hour(context: BotContext, user_id: int, text: str) -> City | None:
    """Set the zone of a city named with the hour ("at 9pm toronto time"): that city, if
    set. A city not surely known as typed, or a small one, sets nothing (the reply names
    the zone the hour is in)."""
    city = await city_with_hour(context, text)
    if city is not None:
        await reminders.set_zone(context.store, user_id, city.timezone, city.country_code)
    return city


def without_zone_named(text: str) -> str:
    """``text`` without the words naming the zone of its hour: "в 14 по Москве" → "в 14"."""
    for pattern in _ZONE_WITH_TIME:
        if found := pattern.search(text):
            return f"{text[: found.start('zone')]} {text[found.end('zone') :]}".strip()
    return text


async def city_with_hour(context: BotContext, text: str) -> City | None:
    """The city whose time an hour is named in ("at 9pm toronto time"), if surely known as
    typed and large (see :data:`ZONE_CITY_POPULATION`)."""
    for pattern in _ZONE_WITH_TIME:
        found = pattern.search(text)
        if found is not None and (city := await _city_called(context, found["city"])):
            return city
    return None


#: Words before "time" that are no city's: "şam vaxtı ilə" is dinner time, not Damascus'.
_NOT_A_CITYS_TIME = frozenset({"şam", "sam", "nahar", "səhər", "seher", "axşam", "axsam"})


async def _city_called(context: BotContext, named: str) -> City | None:
    """The large city (see :data:`ZONE_CITY_POPULATION`) ``named`` ends with, surely known as
    typed: the words just before "time", the most first ("new york time", "toronto time")."""
    words = named.split()
    if words and words[-1].casefold() in _NOT_A_CITYS_TIME:
        return None
    for start in range(len(words)):
        typed = " ".join(words[start:])
        city = await places.city_of_adjective(context.store, typed)  # "московскому"
        if city is None:
            matches = await places.find_city(context.store, typed)
            best = matches.cities[0] if matches.answered and matches.exact else None
            city = best if best and best.population >= ZONE_CITY_POPULATION else None
        if city is not None:
            return city
    return None


#: A city's time named without an hour: "поставь время по Москве" (set the time by Moscow's).
_BY_CITYS_TIME = re.compile(rf"\b{_BY_CITY}(?:\s+времени)?\s*$", re.IGNORECASE)


async def hour_request(update: Update, context: BotContext) -> None:
    """ "поменяй время напоминания на 8 утра", "can you remind me at 7pm instead?": for someone
    subscribed, the hour set; for someone not, how to subscribe at it (a personal "remind me
    at 8 about the concert" must not subscribe anyone); without an hour ("change the
    reminder time"), the hours to choose from."""
    message = update.effective_message
    user_id = await person_id(update, context, private_only=True)
    if message is None or user_id is None:
        return
    text = message.text or ""
    hour = hour_named(text)
    if hour is not None and not await subscriptions.subscribed_holidays(context.store, user_id):
        # asked, not done: "remind me at 8 about the concert" is no subscription; the button
        # does it (a review: "I send holiday reminders only" read as a refusal). A city's
        # time named is their zone already ("remind me at 9am münchen time": the button then
        # subscribed at 9:00 Baku time, a places review)
        _ = context._
        text_shown = _("rem.hour_not_subscribed", hour=hour, time=hour_text(hour))
        city = await zone_with_hour(context, user_id, text)
        if city is not None:  # its zone set now, and said so (a review: set silently)
            zone = zone_text(city.timezone, context.clock.now(), context.lang)
            text_shown += "\n" + _("rem.my_zone", zone=zone)
        button = InlineKeyboardButton(
            _("rem.btn_sub_at", time=hour_text(hour)),
            callback_data=callbacks.pack("rem", "at", str(hour)),
        )
        await message.reply_text(text_shown, reply_markup=InlineKeyboardMarkup([[button]]))
        return
    if hour is not None:  # subscribed: only the hour changes (and the zone, if named)
        await zone_with_hour(context, user_id, text)
        await reminders.set_hour(context.store, user_id, hour)
        await message.reply_text(with_notes(context, text, await hour_set_text(context)))
        return
    by_city = _BY_CITYS_TIME.search(text.strip(" .!"))
    if by_city is not None and await _city_called(context, by_city["city"]):
        # "поставь время по Москве": Moscow's zone, not the hours to choose from (a review)
        context.args = [by_city["city"]]  # as typed: "Москве", "московскому"
        await timezone_command(update, context)
        return
    view = await _view(context)
    current = view.hour if view is not None else reminders.DEFAULT_HOUR
    keyboard = hours_keyboard(context._, current)
    await message.reply_text(context._("set.hour_choose"), reply_markup=keyboard)


async def not_at_hour(update: Update, context: BotContext) -> None:
    """ "don't remind me at 9", "не напоминай в 7 утра": the hour is what they do not want,
    not every reminder and announcement (a review: it unsubscribed them); for a subscriber,
    the hour they have and the hours to choose from, with /unsubscribe to stop them all."""
    message = update.effective_message
    user_id = await person_id(update, context, private_only=True)
    if message is None or user_id is None:
        return
    view = await _view(context)
    if view is None or not view.any_holiday:  # the settings read have the holidays ticked
        await message.reply_text(context._("rem.not_at_hour_none"))
        return
    zone = zone_name(view.timezone, context.clock.now(), context.lang)
    await message.reply_text(
        context._("rem.not_at_hour", hour=hour_text(view.hour), zone=zone),
        reply_markup=hours_keyboard(context._, view.hour),
    )


#: Words around a place in "what time zone is Berlin in?", "часовой пояс в Германии", "time
#: zone in London please".
_AROUND_PLACE = frozenset(
    ["in", "of", "for", "at", "the", "please", "pls", "now", "в", "во", "для", "у", "сейчас"]
    + ["пожалуйста", "indi", "zəhmət", "olmasa"]
)
#: A place typed in lower case after the phrase must be a city this large: "what is my
#: time zone again" is no Aga (Egypt), "what time zone is best?" no Best (a review).
LOWER_CASE_PLACE = 100_000


async def _zone_of_place(context: BotContext, typed: str) -> tuple[str, str | None] | None:
    """(the place as named, its zone; None when a country has several) for a city or country
    ``typed``, if it surely is one."""
    found = await places.find_city(context.store, typed)
    code = places.country_meant(typed, found)
    if code is not None:
        zones = await gazetteer.zone_cities(context.store, code, context.clock.now())
        if not zones:
            return None
        return country_name(code, context.lang), zones[0].timezone if len(zones) == 1 else None
    if not found.answered:
        return None
    city = found.cities[0]
    if not typed[:1].isupper() and city.population < LOWER_CASE_PLACE:
        return None
    return gazetteer.as_written(found.name), city.timezone  # "в Москве": Москва


def _place_words(context: BotContext, command: str, text: str) -> list[str]:
    """The words of ``text`` besides ``command``'s phrase, without punctuation and the words
    around a place."""
    words = intents.words_after(intents.loaded(context), command, text)
    if not words:  # "Berlinin saat qurşağı hansıdır?": the place before the phrase
        phrase = set(intents.phrase_words(intents.loaded(context), command, text))
        words = [w for w in text.split() if normalize(w) not in phrase]
    words = [w.strip("?!.,:;()\"'«»") for w in words]
    words = [w for w in words if any(map(str.isalpha, w))]
    # a preposition before the place stays ("в Ярославле": the lookup reads the case by it)
    keep = gazetteer.PREPOSITIONS
    return [
        w
        for i, w in enumerate(words)
        if w.casefold() not in _AROUND_PLACE or (w.casefold() in keep and i < len(words) - 1)
    ]


async def _place_zone(context: BotContext, command: str, text: str, private: bool) -> str | None:
    """ "what is my time zone in Berlin", "what time zone is Toronto in": the zone of the
    place named besides the phrase (a review: it answered with the person's own zone), with
    the command that would take it (in a private chat: /timezone works only there); None if
    no place is surely named. The words together first, then each capitalised one ("Salam,
    Berlinin saat qurşağı hansıdır?")."""
    words = _place_words(context, command, text)
    candidates = [" ".join(words)[:100]] if words else []
    candidates += [w for w in words if w[:1].isupper() and w not in candidates]
    for typed in candidates:
        if intents.command_meant(intents.loaded(context), typed) is not None:
            continue  # "Salam", "Thanks": a greeting, no town (Salam, Oman)
        found = await _zone_of_place(context, typed)
        if found is None:
            continue
        place, zone = found
        if zone is None:  # "USA": which of its zones is /timezone's question
            return context._("rem.zone_of_country_many", place=place, command=typed)
        shown = zone_text(zone, context.clock.now(), context.lang)
        if not private:
            return context._("rem.zone_of_group", place=place, zone=shown)
        return context._("rem.zone_of", place=place, zone=shown, command=place)
    return None


async def zone_of(update: Update, context: BotContext) -> bool:
    """ "what time zone is Berlin in?", "какой часовой пояс в Германии": that place's zone,
    and how to take it for the reminders (nothing is set: it is a question). False if no
    place is surely named ("what time zone is the reminder sent in"): the caller asks the
    knowledge base."""
    message = update.effective_message
    if message is None or not message.text:
        return False
    private = message.chat.type == ChatType.PRIVATE
    answer = await _place_zone(context, "zone_of", message.text, private)
    if answer is None:
        return False
    await message.reply_text(answer)
    return True


async def my_zone(update: Update, context: BotContext) -> None:
    """ "какой у меня часовой пояс?", "what time zone did you set for me?" (settings are
    personal: in a group, where to ask); "what is my time zone in Berlin" is Berlin's."""
    message = update.effective_message
    if message is not None and message.text:
        private = message.chat.type == ChatType.PRIVATE
        place = await _place_zone(context, "my_zone", message.text, private)
        if place is not None:
            await message.reply_text(place)
            return
    if message is None or await person_id(update, context, private_only=True) is None:
        return
    zone, _time, zone_set = await zone_and_hour(context)
    if zone_set:
        shown = zone_text(zone, context.clock.now(), context.lang)
        await message.reply_text(context._("rem.my_zone", zone=shown))
    else:
        default = default_zone_name(context.lang, context.clock.now())
        await message.reply_text(context._("rem.my_zone_none", zone=default))
