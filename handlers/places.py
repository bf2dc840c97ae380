"""/houses, /schools, a shared location, and the "list by country" buttons.

Without a city, /houses and /schools wait (10 minutes) for a location or a typed city: a
small pending state in ``user_data``. A city not known as typed keeps the wait (the corrected
spelling is a city too); a city answered, any command, a menu button or /cancel ends it, so it
never swallows another feature's input.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from babel.dates import format_date
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot import callbacks, gazetteer, intents, places, reminders
from bot import faq as faq_service
from bot.commands import command_name
from bot.context import BotContext
from bot.gazetteer import City, Matches, Region
from bot.i18n import LANGUAGES, Html, Translator, translator, without_tags, zone_text
from bot.places import Nearby, Place
from bot.store import subscriptions, users
from handlers.admin import preview_note
from handlers.faq import asks_about_the_card, faq_index, replied_card, with_language_hint
from handlers.faq import question as faq_question
from handlers.replies import fit_blocks
from handlers.start import main_menu, menu_labels

PREFIX = "pl"
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
WAIT = timedelta(minutes=10)
_PENDING = "places.pending"
_BOTH: tuple[str, ...] = places.KINDS
#: The command of each kind, which replies about a typed city point to.
COMMAND = {"house": "/houses", "school": "/schools"}


@dataclass(frozen=True)
class Pending:
    kind: str
    until: datetime
    #: a city already failed once: the next failure ends the wait (it cannot go on forever)
    retry: bool = False


# -- cities named in buttons ---------------------------------------------------------------
#: Cities a "🏫 … near Гамбург" button stands for, as the person wrote them, by geonameid: the
#: button's payload holds only the id (64 bytes, Latin letters), so the answer would say
#: GeoNames' "Hamburg". In memory only (after a restart: the gazetteer's name).
_CALLED = "places_called"
_CALLED_KEEP = 20


def _remember_called(context: BotContext, geonameid: int, called: str) -> None:
    if context.user_data is None:
        return
    names: dict[int, str] = context.user_data.setdefault(_CALLED, {})
    names.pop(geonameid, None)
    names[geonameid] = called
    while len(names) > _CALLED_KEEP:
        names.pop(next(iter(names)))


def _called(context: BotContext, geonameid: int) -> str:
    names = context.user_data.get(_CALLED) if context.user_data is not None else None
    return str(names.get(geonameid, "")) if isinstance(names, dict) else ""


#: The kind last searched, for a follow-up naming another place ("а в Дюссельдорфе?").
_LAST_KIND = "places_last_kind"
FOLLOW_UP = timedelta(minutes=30)
#: How a follow-up begins: "а в Дюссельдорфе?", "what about Dallas", "bəs Ankarada?".
_FOLLOW_UP = re.compile(
    r"^(?:а|и|а\s+как\s+насч[её]т|and|what\s+about|how\s+about|bəs|bes|və)\b[\s,]*",
    re.IGNORECASE,
)


#: ... and how it may end: "а в Москве есть?", "bəs Ankarada var?", "and in Paris too?",
#: "а в самом Гамбурге нету что ли?" (the same place again: none in the city itself?).
_FOLLOW_UP_END = re.compile(
    r"(?:[\s,]+(?:есть|нету|нет|что\s+ли|тоже|также|как|var|varmı|var\s+mı|yoxdur|yoxdu|də|da"
    r"|necə|nece|necədir|necedir|too|also|there|itself))+$",
    re.IGNORECASE,
)
#: ... or begin with the place, "how" after it: "Ankarada necə?", "в Анкаре как?" (a persona
#: review: "no answer" after schools near Istanbul).
_HOW_THERE = re.compile(r"^\S+(?:\s+\S+)?[\s,]+(?:necə|nece|necədir|necedir|как)\W*$", re.I)
#: Words that stress the place ("в самом Гамбурге", "in Hamburg itself"), left out of it.
_ITSELF = re.compile(r"\b(?:самом|самой|самого|özündə)\s+", re.IGNORECASE)


def _searched(
    context: BotContext, kinds: tuple[str, ...], where: tuple[str, str] | None = None
) -> None:
    """Remember the last search (memory only, for :data:`FOLLOW_UP`): its kinds, and where:
    ``("n", geonameid)`` for a city (a shared location's nearest city: its coordinates are
    not kept), ``("c", code)`` for a country, as the buttons say it."""
    if context.user_data is not None:
        context.user_data[_LAST_KIND] = (kinds, context.clock.now() + FOLLOW_UP, where)


#: The city nearest the location the person shared last (its id: the point is not kept).
_SHARED = "places_shared"


async def _near_shared(message: Message, context: BotContext, kind: str | tuple[str, ...]) -> bool:
    """The places of ``kind`` near the city nearest the location the person shared in the
    last :data:`FOLLOW_UP`, if they did (True, once answered): "schools near me" right after
    one asked for the location again (a persona review)."""
    shared = context.user_data.get(_SHARED) if context.user_data is not None else None
    if not isinstance(shared, tuple) or len(shared) != 2 or shared[1] <= context.clock.now():
        return False
    city = await gazetteer.get_city(context.store, shared[0])
    if city is None:
        return False
    await _answer_city(message, context, city, kind, _called(context, city.geonameid))
    return True


def _kinds_named(text: str) -> tuple[str, ...]:
    """The kinds ``text`` names ("schools near me": schools), or both."""
    return tuple(k for k in places.KINDS if _names_kind(text, k)) or _BOTH


def _last_search(context: BotContext) -> tuple[tuple[str, ...], tuple[str, str] | None] | None:
    last = context.user_data.get(_LAST_KIND) if context.user_data is not None else None
    if not isinstance(last, tuple) or len(last) != 3 or last[1] <= context.clock.now():
        return None
    return last[0], last[2]


#: A question about a listed place's details: address, phone, e-mail, opening hours, the way
#: there, the distance (a review: "what's the address?" after a list got the card on Heydar
#: Aliyev's 1997 address to the world's Azerbaijanis; "phone number?" the State Committee's).
_DETAILS = re.compile(
    r"\b(?:address|addresses|phone|telephone|contacts?|e-?mail|opening\s+hours|open|hours"
    r"|get\s+there|map|opened|адрес\w*|телефон\w*|номер\w*|контакт\w*|почт\w*|часы\s+работы"
    r"|работает|открыт\w*|открыл\w*|açılıb|acilib|добраться|доехать|карт[еуа]|ünvan\w*|unvan\w*|telefon\w*|nömrə\w*"
    r"|nomre\w*|əlaqə\w*|elaqe\w*|iş\s+saat\w*|is\s+saat\w*|açıq\w*|aciq\w*|açılır"
    r"|necə\s+ged\w*|nece\s+ged\w*|xəritə\w*|xerite\w*)(?!\w)",
    re.IGNORECASE,
)
#: "how far is that", "как далеко?", "nə qədər uzaqdır": in a short message naming no other
#: place ("how far is Berlin from here?" is a search: a re-review)
_DISTANCE = re.compile(
    r"\b(?:how\s+far|distance|далеко|расстояни\w*|uzaq\w*|məsafə\w*|mesafe\w*|km)(?!\w)",
    re.IGNORECASE,
)
_DISTANCE_WORDS = 4
#: What may stand beside the distance words in such a question.
_DISTANCE_FILLERS = frozenset(
    [
        "how",
        "far",
        "is",
        "it",
        "that",
        "this",
        "the",
        "from",
        "here",
        "there",
        "km",
        "а",
        "как",
        "это",
        "это?",
        "далеко",
        "ли",
        "до",
        "него",
        "него",
        "nə",
        "qədər",
        "ne",
        "qeder",
        "bu",
        "o",
        "uzaqdır",
        "uzaqdir",
        "neçə",
        "nece",
        "km-dir",
    ]
)
#: A question about something else than the list: one's own or the bot's details, a map of
#: a region.
_NOT_THE_LIST = re.compile(
    r"\b(?:your|my|мой|моя|мою|мои|ваш\w*|свой|свою|mənim|menim|sizin|change|измени\w*"
    r"|поменя\w*|dəyiş\w*|deyis\w*|of|karabakh|qarabağ\w*|qarabag\w*|карабах\w*)\b",
    re.IGNORECASE,
)
#: How short a follow-up about the list's details is ("what's the address?", "а телефон?").
_DETAILS_WORDS = 8


def _asks_details(context: BotContext, text: str) -> bool:
    """Whether ``text`` asks for a detail of the places listed lately (the last search), which
    the list has not: the sources give a city, rarely an address, never a phone or hours."""
    if _last_search(context) is None:
        return False
    words = text.split()
    if _NOT_THE_LIST.search(text):
        return False  # "what's your email?", "change my phone number", "a map of Karabakh?"
    if len(words) <= _DISTANCE_WORDS and _DISTANCE.search(text) is not None:
        # "how far is that", not "how far is shusha", "distance to baku" (a re-review)
        rest = {w.strip("?!.,").casefold() for w in words} - _DISTANCE_FILLERS
        return not any(_DISTANCE.fullmatch(w) is None for w in rest)
    return len(words) <= _DETAILS_WORDS and _DETAILS.search(text) is not None


def _follow_up(
    context: BotContext, text: str, kinds: tuple[str, ...] | None = None
) -> tuple[tuple[str, ...], str] | None:
    """(kinds, place) when ``text`` asks the last search (or a list of ``kinds``) again for
    another place: "а в Дюссельдорфе?" after schools near Köln is schools near Düsseldorf (a
    user-journey review: it was "no answer" and a button for Houses); after a shared
    location, both kinds."""
    if kinds is None:
        last = _last_search(context)
        if last is None:
            return None
        kinds = last[0]
    begins = _FOLLOW_UP.match(text.strip())
    if begins is None and _HOW_THERE.match(text.strip()) is None:
        return None
    start = begins.end() if begins is not None else 0
    place = _FOLLOW_UP_END.sub("", text.strip()[start:].strip(" ?!."))
    place = _ITSELF.sub("", place)
    if not place or len(place.split()) > MAX_BARE_PLACE_WORDS:
        return None
    return kinds, place


def _kinds_listed(message: Message) -> tuple[str, ...]:
    """The kinds of places a list of the bot's that ``message`` replies to shows, by its
    sections' titles (in a group, where a reply to the list is about it: "а в Одессе есть
    дом?" under the Houses near Kyiv got the Houses' card; a persona review)."""
    replied = message.reply_to_message
    text = replied.text if replied is not None else None
    if not text or not text.startswith("📍"):
        return ()
    lines = {without_tags(line).strip() for line in text.splitlines()}
    return tuple(
        kind
        for kind in places.KINDS
        if any(without_tags(_section_title(translator(lang), kind)) in lines for lang in LANGUAGES)
    )


async def _a_place_for_all(context: BotContext, message: Message, place: str) -> bool:
    """Whether a follow-up in a group surely names a place, so that its list is worth posting
    to everyone: named as a place (see :data:`_SURELY_A_PLACE`), and a country or a city of
    :data:`GROUP_CITY` people at least, capitalised, or of :data:`GROUP_BIG_CITY` in lower
    case ("а в одессе есть?"). A review: "а Нина?", "what about Nina?", "and Linda?", "а в
    кафе?" listed Nina (USA), Linda (Tanzania), Kafe (Zambia) for the whole group; a second:
    so did "а София?", "а Мадина?", "and Charlotte?", "and Georgia?" — names of people as well
    as of large places, so a bare name ("а Одесса?") is people talking there."""
    text = message.text or ""
    if _SURELY_A_PLACE.search(text) is None:
        return False
    named = [w for w in place.split() if w.casefold() not in gazetteer.PREPOSITIONS]
    if not named:
        return False
    if not named[0][:1].isupper() and _IN_A_PLACE.search(text) is None:
        return False  # "what about georgia?", "what about jordan?": people's names too
    if places.country_code(place) is not None:
        return True
    found = await places.find_city(context.store, place)
    if not found.answered:
        return False
    people = found.cities[0].population
    # "а в кафе?" finds Kafue (104,174 people): in lower case, only a large city
    return people >= (GROUP_CITY if named[0][:1].isupper() else GROUP_BIG_CITY)


#: How large a city named in a group follow-up must be (see :func:`_a_place_for_all`).
GROUP_CITY = 100_000
GROUP_BIG_CITY = 500_000
#: A follow-up in a group names a place as one: after "в", "in", "near", "what about", or
#: with an Azerbaijani place ending ("а в Одессе?", "what about Hamburg?", "bəs Ankarada?").
#: ... in lower case, only after a word of being in a place ("а в одессе есть?", "bəs
#: ankarada?"), not "what about" (a review: "what about georgia?" listed Georgia's Houses).
_IN_A_PLACE = re.compile(
    r"\b(?:в|во|in|at|near|около|возле)\s+\S|\w(?:da|də|de|ta|tə)\b", re.IGNORECASE
)
_SURELY_A_PLACE = re.compile(
    r"\b(?:в|во|in|at|near|около|возле|what\s+about|how\s+about|насч[её]т)\s+\S"
    r"|\w(?:da|də|de|ta|tə)\b",
    re.IGNORECASE,
)


# -- pending state ---------------------------------------------------------------------------
def _pending(context: BotContext) -> Pending | None:
    state = context.user_data.get(_PENDING) if context.user_data is not None else None
    if not isinstance(state, Pending):
        return None
    if state.until <= context.clock.now():
        _clear(context)
        return None
    return state


def _wait(context: BotContext, kind: str, *, retry: bool = False) -> None:
    """Wait (again: ``retry``) for a location or a typed city for ``kind``."""
    if context.user_data is not None:
        context.user_data[_PENDING] = Pending(kind, context.clock.now() + WAIT, retry)


def _clear(context: BotContext) -> None:
    if context.user_data is not None:
        context.user_data.pop(_PENDING, None)


# -- rendering -------------------------------------------------------------------------------
def _km(km: float) -> str:
    return "<1" if km < 1 else f"{km:,.0f}".replace(",", " ")


def _flag(code: str) -> str:
    if len(code) != 2 or not code.isalpha():
        return ""
    return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in code.upper())


def _map_url(place: Place) -> str | None:
    if place.lat is None or place.lon is None:
        return None
    zoom = 12 if place.location == "city" else 17
    return (
        f"https://www.openstreetmap.org/?mlat={place.lat:.5f}&mlon={place.lon:.5f}"
        f"#map={zoom}/{place.lat:.5f}/{place.lon:.5f}"
    )


def _details(_: Translator, place: Place, lang: str) -> list[str]:
    """A listed place's lines under its name. A city-centre point with no address says
    nothing here: :func:`_city_only_note` says it once under the list (a review: six times
    "Exact address not known" made a location's answer thirty lines)."""
    lines: list[str] = []
    if place.opened:  # in the list, shown nowhere (a places review: "when did it open?")
        lines.append(_("places.opened", date=opened_text(place.opened, lang)))
    if place.address:
        lines.append(_("places.address", address=place.address))
    if place.location == "city" and place.address:
        # Tallinn's address is known, its point is not: "Address: …" then the map's meaning
        lines.append(_("places.map_city"))
    elif place.location == "":
        lines.append(_("places.no_point"))
    if place.contacts:
        lines.append(_("places.contacts", contacts=place.contacts))
    elif place.source_url:  # no contacts known: where to read about it (and whom to ask)
        lines.append(_("places.source", url=place.source_url))
    return lines


def opened_text(opened: str, lang: str) -> str:
    """A place's opening date as the list gives it: "24 December 2019", "May 2025", "2018"."""
    parts = [int(p) for p in opened.split("-")]
    if len(parts) == 3:
        return format_date(date(*parts), "d MMMM y", locale=lang)
    if len(parts) == 2:
        return format_date(date(parts[0], parts[1], 1), "LLLL y", locale=lang)
    return str(parts[0])


def _city_only_note(_: Translator, shown: Sequence[Place]) -> list[str]:
    """Once under a list: what the map shows for the places with no address known."""
    return [_("places.city_only")] if any(_city_only(p) for p in shown) else []


def _city_only(place: Place) -> bool:
    return place.location == "city" and not place.address


def _section_title(_: Translator, kind: str) -> str:
    return _("places.houses") if kind == "house" else _("places.schools")


def _none_text(_: Translator, kind: str) -> str:
    return _("places.none_house") if kind == "house" else _("places.none_school")


def render_nearby(
    _: Translator,
    lang: str,
    title: str,
    found: dict[str, list[Nearby]],
    online: list[Place],
    notes: list[str],
    also: list[str] | None = None,
    house_km: float | None = None,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The answer: ``also`` (places in the country that have no point, see :func:`_also_in`)
    first, then the nearest places per kind, online schools, notes, and map buttons;
    ``house_km``: how far the nearest House is, when ``also`` names it for its school."""
    blocks = [title, *(also or [])]
    buttons: list[InlineKeyboardButton] = []
    n = 0
    houses = found.get("house") or []
    for kind, nearby in found.items():
        lines = [_section_title(_, kind)]
        if not nearby:
            lines.append(_none_text(_, kind))
        elif kind == "school" and houses and houses[0].km <= FAR_KM < nearby[0].km:
            # a House listed above is near, and has a school (a persona review: a location
            # in Kyiv, with the Kyiv House <1 km, read "no weekend school within 150 km;
            # Warsaw 689 km", while /schools Kyiv named that House for its school)
            lines.append(_("places.school_at_house_above", km=_km(houses[0].km)))
        elif nearby[0].km > FAR_KM and (
            kind == "house" or "house" in found or house_km is None or house_km > FAR_KM
        ):
            # "near Yekaterinburg" above 2,000 km read as a mistake (a schools-only answer
            # names the nearest House, with its school, above: no "none" there while that
            # House is near; "/schools Sydney", 13,700 km, said nothing: the English review)
            lines.append(_("places.none_within", km=int(FAR_KM)))
        for item in nearby:
            n += 1
            place = item.place
            lines.append(
                _(
                    "places.item",
                    n=n,
                    name=place.name(lang),
                    city=place.city_name(lang),
                    country=places.country_name(place.country_code, lang),
                    km=_km(item.km),
                )
            )
            lines += _details(_, place, lang)
            url = _map_url(place)
            if url:
                buttons.append(InlineKeyboardButton(_("places.map", n=n), url=url))
        blocks.append("\n".join(lines))
        if kind == "school" and online:
            blocks.append(
                "\n".join(
                    [_("places.online")]
                    + [
                        _("places.online_link", name=p.name(lang), url=p.source_url)
                        if p.source_url
                        else _("places.online_item", name=p.name(lang))
                        for p in online
                    ]
                )
            )
    if "school" not in found:
        blocks.append(_("places.see_schools"))
    blocks += _city_only_note(_, [item.place for nearby in found.values() for item in nearby])
    blocks += notes
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    return fit_blocks(blocks, _("places.partial"))[0], InlineKeyboardMarkup(rows) if rows else None


async def _nearby(
    context: BotContext, lat: float, lon: float, kinds: tuple[str, ...]
) -> tuple[dict[str, list[Nearby]], list[Place]]:
    found = {
        k: _near_enough(await places.nearest_places(context.store, lat, lon, k)) for k in kinds
    }
    online = await places.online_schools(context.store) if "school" in kinds else []
    return found, online


#: When the nearest place is farther than this, the list says there is none this near first.
FAR_KM = 150.0
#: A place farther than twice the nearest one, and this much farther, is left out: Houston's
#: nearest House is Alexandria, Virginia (1,955 km), and Oslo (8,008 km) was third.
FARTHER_KM = 1000.0


def _near_enough(found: list[Nearby]) -> list[Nearby]:
    if not found:
        return found
    cutoff = max(2 * found[0].km, found[0].km + FARTHER_KM)
    return [n for n in found if n.km <= cutoff]


async def _also_in(context: BotContext, kinds: tuple[str, ...], country_code: str) -> list[str]:
    """A note naming the places in ``country_code`` that have no point (none nearby list);
    for schools, Houses too (each has a weekend school)."""
    if kinds == ("school",):
        kinds = ("school", "house")
    unplaced = [
        p for k in kinds for p in await places.without_point(context.store, k, country_code)
    ]
    if not unplaced:
        return []
    return [
        context._(
            "places.also_in",
            country=places.country_name(country_code, context.lang),
            names=", ".join(p.name(context.lang) for p in unplaced),
        )
    ]


async def _house_schools(
    context: BotContext, kinds: tuple[str, ...], lat: float, lon: float
) -> tuple[list[str], float | None]:
    """An answer about schools only: every Azerbaijani House has a weekend school (the
    State Committee's article says so), so the nearest House is one too, though the list of
    schools names only the schools with a source of their own; with its distance."""
    if "house" in kinds or "school" not in kinds:
        return [], None
    nearest = await places.nearest_places(context.store, lat, lon, "house", limit=1)
    if not nearest:
        return [], None
    house = nearest[0].place
    name, city = house.name(context.lang), house.city_name(context.lang)
    if not city or city.split(",")[0].split(" (")[0] in name:
        # "Azerbaijan House Alexandria, Virginia, Alexandria, Virginia" (the English review)
        city = places.country_name(house.country_code, context.lang)
    line = context._("places.house_school", name=name, city=city, km=_km(nearest[0].km))
    return [line], nearest[0].km


async def _reply_empty(message: Message, context: BotContext) -> bool:
    """True (after telling the person) when there is nothing to search in."""
    if await places.has_places(context.store):
        return False
    await message.reply_text(context._("places.empty"))
    return True


# -- commands --------------------------------------------------------------------------------
async def houses(update: Update, context: BotContext) -> None:
    await _command(update, context, "house")


async def schools(update: Update, context: BotContext) -> None:
    await _command(update, context, "school")


async def _command(update: Update, context: BotContext, kind: str) -> None:
    message = update.effective_message
    if message is None:
        return
    _clear(context)
    if await _reply_empty(message, context):
        return
    query = " ".join(context.args or []).strip()
    if query:
        found = await search_city(message, context, query, kind)
        if not found and message.chat.type == ChatType.PRIVATE:
            _wait(context, kind, retry=True)  # "/houses Kolnn", then "Köln": a city too
        return
    await _ask_where(message, context, kind)


async def _ask_where(message: Message, context: BotContext, kind: str) -> None:
    """Wait for a location or a city, and offer the countries' lists."""
    _ = context._
    if message.chat.type != ChatType.PRIVATE:
        # no waiting state and no location keyboard in a group: they belong to a private chat
        await message.reply_text(_("places.group_hint"))
        return
    _wait(context, kind)
    ask = _("places.ask_house") if kind == "house" else _("places.ask_school")
    await message.reply_text(ask, reply_markup=main_menu(context.lang))
    await message.reply_text(
        _("places.ask_country"), reply_markup=await _country_keyboard(context, kind)
    )


async def _country_keyboard(context: BotContext, kind: str) -> InlineKeyboardMarkup:
    countries = await places.countries(context.store, kind, context.lang)
    buttons = [
        InlineKeyboardButton(
            f"{_flag(code)} {name}".strip(), callback_data=callbacks.pack(PREFIX, "c", kind, code)
        )
        for code, name in countries
    ]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


_NUMBERED = re.compile(r"\b\w*\d[\w-]*\b")


def _postcode_only(query: str) -> bool:
    """ "SW1A 1AA", "10001": numbers or postcodes and no word of a place."""
    return bool(re.search(r"\d", query)) and not _NUMBERED.sub(" ", query).strip(" .,-")


async def _city_of_address(context: BotContext, query: str) -> tuple[str, Matches] | None:
    """The city of a street address or a postcode (with a number) typed where a city was
    asked for: the comma-separated parts without numbers, last first ("Friedrichstraße 10,
    10117 Berlin", "ул. Ленина 5, Москва", "10115 Berlin"); None if no part is a city as
    typed (a review: "I don't know a city called “Friedrichstraße 10, 10117 Berlin”")."""
    if not re.search(r"\d", query):  # "Berlin, France" is not Berlin, Germany
        return None
    # a word with a digit is a number or a postcode: "10117", "M5V 2T6", "SW1A 1AA"
    parts = [_NUMBERED.sub(" ", p).strip(" .") for p in query.split(",")]
    for part in reversed([p for p in parts if p]):
        if part == query:
            continue
        found = await places.find_city(context.store, part, listed_first=True)
        if found.answered:
            return part, found
    return None


async def search_city(message: Message, context: BotContext, query: str, kind: str) -> bool:
    """Answer for the city typed; False if it is not known as typed (the person was told,
    and offered the near matches if any)."""
    _ = context._
    if len(query) > gazetteer.MAX_QUERY:
        await message.reply_text(_("places.too_long", command=COMMAND[kind]))
        return False
    found = await places.find_city(context.store, query, listed_first=True)
    if not found.answered and (address := await _city_of_address(context, query)):
        query, found = address  # "Friedrichstraße 10, 10117 Berlin": Berlin
    code = places.country_meant(query, found)
    if code is None and not found.answered:  # "Kouachra": a listed place's, with no point
        code = await places.unplaced_city_country(context.store, query)
    if code is not None and await _reply_country(message, context, kind, code):
        if found.exact and places.country_code(query, official=True):
            # "Куба": Cuba, or Quba, Azerbaijan? ("USA", a town's other name, is the US)
            largest = await gazetteer.largest_city(context.store, code)
            keyboard = _cities_keyboard(context, found.cities, kind, found.name, answered=largest)
            if keyboard.inline_keyboard:
                await message.reply_text(_("places.other_cities"), reply_markup=keyboard)
        return True
    if not found.cities and _postcode_only(query):  # "/houses SW1A 1AA" (the English review)
        await message.reply_text(_("places.postcode_only", command=COMMAND[kind]))
        return False
    if not found.cities:
        await message.reply_text(_("places.unknown_city", query=query, command=COMMAND[kind]))
        return False
    if not found.answered:
        # near spellings, or not in the country named: never answered as if it were the city
        keyboard = _cities_keyboard(context, found.cities, kind, found.name if found.exact else "")
        await message.reply_text(_("places.did_you_mean", query=query), reply_markup=keyboard)
        return False
    await _answer_city(
        message, context, found.cities[0], kind, called=found.name, region=found.region
    )
    others = places.other_cities(found, found.cities[0])
    if others:
        keyboard = _cities_keyboard(context, others, kind, found.name, answered=found.cities[0])
        if keyboard.inline_keyboard:
            await message.reply_text(_("places.other_cities"), reply_markup=keyboard)
    return True


def _cities_keyboard(
    context: BotContext, cities: list[City], kind: str, name: str, answered: City | None = None
) -> InlineKeyboardMarkup:
    """One button per city, most populous first; ``name`` (the name typed) is shown after a
    city called so only by another of its names (see :func:`gazetteer.known_as`). Towns that
    would look alike (same name and country), or like the city ``answered``, are left out."""

    first: dict[str, City] = {}
    for c in cities:
        first.setdefault(places.city_label(c, context.lang, name), c)
    if answered is not None:
        first.pop(places.city_label(answered, context.lang, name), None)
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text, callback_data=callbacks.pack(PREFIX, "n", kind, c.geonameid)
                )
            ]
            for text, c in first.items()
        ]
    )


async def _answer_city(
    message: Message,
    context: BotContext,
    city: City,
    kind: str | tuple[str, ...],
    called: str = "",
    region: Region | None = None,
    none_in: str = "",
) -> None:
    """Nearest places of ``kind`` (or kinds: a follow-up to a shared location) to ``city``;
    the title names it as the person wrote it (``called``, when that is one of its names:
    "Москва", not GeoNames' "Moscow"), or, for the largest city of a ``region`` typed, the
    city and the region: "Houston (Texas, United States)". ``none_in``: the country asked
    about, which has none of the kind listed (said first: "Rusiyada azərbaycan evi" had got
    "near Moscow" as though Moscow had been asked about)."""
    _ = context._
    kinds = (kind,) if isinstance(kind, str) else kind
    found, online = await _nearby(context, city.lat, city.lon, kinds)
    country = places.country_name(city.country_code, context.lang)
    if region is not None:
        called, country = "", f"{region.name(context.lang)}, {country}"
    # as written; else in the person's language when CLDR knows it ("/houses Rusiya": Moskva)
    name = gazetteer.as_written(called) or places.city_name(city, context.lang, context.clock.now())
    title = _("places.title_city", city=name, country=country)
    house_school, house_km = await _house_schools(context, kinds, city.lat, city.lon)
    also = _in_azerbaijan(context, city.country_code) + house_school
    also += await _also_in(context, kinds, city.country_code)
    if not none_in and len(kinds) == 1 and not await _any_in(context, kinds[0], city):
        # "где азербайджанский дом в Москве": none in Russia, said before Kyiv's (a review)
        none_in = city.country_code
    if none_in and none_in != "AZ":  # Azerbaijan: its own note says why
        named = places.country_name(none_in, context.lang)
        also.insert(0, _(_NONE_IN[kinds[0]], country=named))
    text, keyboard = render_nearby(_, context.lang, title, found, online, [], also, house_km)
    person = message.from_user
    if person is not None and not person.is_bot and message.text:
        # asked in Russian from an English app: how to switch, in theirs (as a card says)
        text = with_language_hint(text, message.text, context.lang)
    await message.reply_text(text, reply_markup=keyboard, link_preview_options=_NO_PREVIEW)
    _searched(context, kinds, ("n", str(city.geonameid)))


# -- a typed city while waiting, /cancel -----------------------------------------------------
async def pending_text(update: Update, context: BotContext) -> None:
    """Group -1: a text while /houses or /schools waits is the city; otherwise pass on."""
    message = update.effective_message
    state = _pending(context)
    if message is None or message.text is None or state is None:
        return
    _clear(context)
    if message.text in menu_labels():
        return  # a menu button: that feature answers
    text = message.text.strip()
    if intents.request_of(context, text) in ("cancel", "no"):  # "стоп", "отмена", "не надо"
        await message.reply_text(
            context._("places.cancelled"), reply_markup=main_menu(context.lang)
        )
        raise ApplicationHandlerStop
    if cannot_share(text, waiting=True):  # "I'm on desktop": the city, then; still waiting
        _wait(context, state.kind, retry=state.retry)
        await message.reply_text(context._("places.type_city"))
        raise ApplicationHandlerStop
    if intents.says(intents.loaded(context), intents.NEAR_ME, text):
        city = await _city_beside(context, text)
        if city is not None:  # "Berlin nearby": Berlin
            await search_city(message, context, city, state.kind)
            raise ApplicationHandlerStop
        if await _near_shared(message, context, state.kind):  # one shared lately: there
            raise ApplicationHandlerStop
        # "near me": no city to look up; a shared location is what searches near them
        _wait(context, state.kind, retry=state.retry)
        await message.reply_text(context._("places.near_me"), reply_markup=main_menu(context.lang))
        raise ApplicationHandlerStop
    if await _a_question(context, text):
        return  # "when is Solidarity Day?": the wait is over, the knowledge base answers
    if (
        intents.request_of(context, text) in _NO_CITY_BUT_TALK
        and intents.nothing_but(intents.loaded(context), _NO_CITY_BUT_TALK, text)
        and not await _a_place(context, text)
    ):
        return  # "спасибо", "пока" instead of a city: the wait is over, a word back
    if not await search_city(message, context, text, state.kind) and not state.retry:
        _wait(context, state.kind, retry=True)  # the corrected spelling is a city too
    raise ApplicationHandlerStop


#: "I can't share my location", "I'm on desktop" (a review: the privacy card, and the wait for
#: a city ended).
_CANNOT_SHARE = re.compile(
    r"(?:can'?t|cannot|can\s+not|unable\s+to|don'?t\s+know\s+how\s+to)\s+(?:send|share)"
    r"|\b(?:on\s+(?:a\s+|my\s+)?(?:desktop|computer|laptop|pc)\b)"
    r"|не\s+(?:могу|получается|знаю\s+как)\s+(?:отправить|поделиться|скинуть)"
    r"|с\s+(?:компьютера|компа|ноутбука)|göndərə\s+bilmirəm|gondere\s+bilmirem"
    r"|paylaşa\s+bilmirəm|paylasa\s+bilmirem|kompüterdən|komputerden|kompyuterdən",
    re.IGNORECASE,
)


@cache
def _share_labels() -> frozenset[str]:
    """The menu's "📍 Share my location" in every language: as text it comes from a client
    that cannot send a location (Telegram Desktop)."""
    return frozenset(translator(lang)("menu.share_location") for lang in LANGUAGES)


#: A location named: outside a wait for one, "I can't send" must be about it ("pul göndərə
#: bilmirəm", I can't send money, is not; a re-review).
_LOCATION_WORD = re.compile(
    r"location|geo|локаци|геопозиц|геолокац|местоположен|координат|\byer\w*|m[əe]kan|lokasiya",
    re.IGNORECASE,
)


def cannot_share(text: str, *, waiting: bool = False) -> bool:
    """Whether ``text`` says the person cannot share a location, or is the share button's
    label arriving as text. ``waiting``: the bot has just asked for a location or a city, so
    "I'm on desktop" alone is about it."""
    if text.strip() in _share_labels():
        return True
    if len(text) > MAX_PLACE_QUESTION or _CANNOT_SHARE.search(text) is None:
        return False
    return waiting or _LOCATION_WORD.search(text) is not None


async def _comma_says_which(context: BotContext, typed: str, head: str, tail: str) -> bool:
    """Whether what follows the comma in ``typed`` says which place ``head`` is: a place
    itself, with which another city is found than ``head`` alone, or fewer namesakes."""
    if not (await places.find_city(context.store, tail)).answered:
        return False
    whole = await places.find_city(context.store, typed)
    alone = await places.find_city(context.store, head)
    if not (whole.answered and alone.answered):
        return whole.answered
    other = whole.cities[0].geonameid != alone.cities[0].geonameid
    return other or len(whole.cities) < len(alone.cities)


def _something_else(text: str) -> bool:
    """Whether a "near me" message asks for another kind of place ("restaurants near me",
    "аптека рядом"): one of :data:`_OTHER_PLACES`, and neither Houses nor schools."""
    if any(_names_kind(text, kind) for kind in places.KINDS):
        return False
    return _OTHER_PLACES.search(text[:500].casefold()) is not None


#: Places people look for near them that the bot does not list (a review of a looser rule:
#: "search near me", "самый ближайший", "yaxında varmı" were told so too).
_OTHER_PLACES = re.compile(
    r"\b(?:restaurants?|caf[eé]s?|coffee|pharmac\w*|hospital\w*|clinic\w*|doctors?|shops?"
    r"|stores?|supermarkets?|hotels?|banks?|atms?|gyms?|bars?|mosques?|churche?s?"
    r"|embass\w*|consulates?|halal|ресторан\w*|кафе|кофейн\w*|аптек\w*|больниц\w*|клиник\w*"
    r"|врач\w*|магазин\w*|супермаркет\w*|рын(?:ок|ка|ке|ку|ки|ков)|отел\w*|гостиниц\w*|банк\w*"
    r"|мечет\w*|церк\w*|посольств\w*|консульств\w*|халяль\w*|restoran\w*|kafe\w*|aptek\w*"
    r"|x[əe]st[əe]xana\w*|klinika\w*|h[əe]kim\w*|ma[ğg]aza\w*|market\w*|otel\w*|m[əe]scid\w*"
    r"|s[əe]firlik\w*|konsulluq\w*|[əe]czaxana\w*|kils[əe]\w*|bankomat\w*|dentists?|grocer\w*"
    r"|pizz\w*|hostels?|gas\s+stations?|post\s+offices?|malls?|shopping|бар[ыау]?|кофе|кафешк\w*"
    r"|заправк\w*|почт[аыуе]|стоматолог\w*|хостел\w*|продукт\w*)\b"
)


async def _city_beside(context: BotContext, text: str) -> str | None:
    """The city named before or after a "near me" phrase ("Berlin nearby", "Bakıda ən
    yaxın"), if the rest of ``text`` is one."""
    words = text.split()
    for cut in (1, 2, 3):
        for rest in (words[:-cut], words[cut:]):
            name = " ".join(rest)
            if len(name) < 4:  # "nearest one" is no One, Switzerland, nor "near me Bar" Baar
                continue
            if (await places.find_city(context.store, name)).answered:
                return name
    return None


#: More words than a city's name has, or a question mark: a sentence, not a city.
CITY_WORDS = 4


#: Requests in words that end the wait for a city rather than being searched as one (they
#: got "I don't know a city called «спасибо»"), when the message is nothing else.
_NO_CITY_BUT_TALK = frozenset({"thanks", intents.BYE})


async def _a_place(context: BotContext, text: str) -> bool:
    """Whether ``text`` is a country or a city the gazetteer answers for."""
    if places.country_code(text) is not None:
        return True
    return (await places.find_city(context.store, text)).answered


async def _a_question(context: BotContext, text: str) -> bool:
    """True if ``text`` is no city or country but a sentence, or a question the knowledge
    base answers."""
    if places.country_code(text) is not None:
        return False
    found = await places.find_city(context.store, text)
    if found.answered:
        return False
    if "?" in text or len(text.split()) > CITY_WORDS:
        return not found.cities  # "Kolnn?" is a misspelled city: offer the near ones
    matches = await faq_service.find(context.store, faq_index(context), text)
    return bool(matches and matches[0].confident)


#: The knowledge base's topics that are a search for places of a kind, when a place is named.
KIND_OF_TOPIC = {"azerbaijani_houses": "house", "weekend_schools": "school"}
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")


async def question(update: Update, context: BotContext) -> None:
    """Free text no command, menu button or conversation took: the knowledge base answers. A
    question about Houses or schools that names a city or country ("азербайджанский дом
    гамбург", "Azərbaycan evi Hamburqda varmı?") gets one more button above the answer, "🏠
    Houses near Hamburg", that searches as ``/houses Hamburg`` would: a guess from free text
    never replaces the answer, so a wrong one costs an odd button, not a wrong reply."""
    message = update.effective_message
    if message is None or not message.text:
        await faq_question(update, context)
        return
    private = message.chat.type == ChatType.PRIVATE
    if private and cannot_share(message.text):
        await message.reply_text(context._("places.type_city"))
        return
    if private and _asks_details(context, message.text):
        await message.reply_text(context._("places.no_details"))
        return
    if private and intents.says(intents.loaded(context), intents.NEAR_ME, message.text):
        # "near me" with no search open: how to search near them (the English review: the
        # weekend schools' card); a location shared then lists both kinds. "Berlin nearby":
        # both kinds near Berlin, as a location there would
        # "кафе рядом": a café, not Кафе, Zambia (a review)
        elsewhere = _something_else(message.text)
        beside = None if elsewhere else await _city_beside(context, message.text)
        found = await places.find_city(context.store, beside) if beside else None
        unfound = found is None or not found.answered
        if unfound and elsewhere:
            # "restaurants near me", "аптека рядом": Houses were listed as if asked for (a
            # review); what the bot knows is said first, then as for "near me"
            await message.reply_text(context._("places.only_ours"))
        if unfound and await _near_shared(message, context, _kinds_named(message.text)):
            return
        if found is None or not found.answered:
            await message.reply_text(
                context._("places.near_me"), reply_markup=main_menu(context.lang)
            )
            return
        await _answer_city(message, context, found.cities[0], _BOTH, found.name)
        return
    if private and await _other_kind_there(message, context, message.text):
        return
    if private and await _how_many_in_country(message, context, message.text):
        return
    listed = () if private else _kinds_listed(message)
    follow = _follow_up(context, message.text, listed or None) if private or listed else None
    talk = False  # a follow-up under a list in a group that names no place for everyone
    if listed and follow is not None and not await _a_place_for_all(context, message, follow[1]):
        follow, talk = None, True  # "а Нина?", "а София?" are about people (reviews)
    if follow is not None:
        last_kinds, place = follow
        button = await _place_button(context, place, last_kinds[0], whole=True, asked=True)
        if button is not None and await _search_asked(message, context, last_kinds, button):
            return
    matches = await faq_service.find(context.store, faq_index(context), message.text)
    first = None
    kind: str | None = None
    if len(message.text) <= MAX_PLACE_QUESTION:
        # "школа в Турции": the online schools may tie with the weekend schools
        # the second only with its kind named: "день флага выходной?" (a day off?) is no
        # search for a weekend school ("школа выходного дня"), whose card came second
        folded = message.text.casefold()
        kinds = [
            KIND_OF_TOPIC[m.topic_id]
            for i, m in enumerate(matches[:2])
            if m.topic_id in KIND_OF_TOPIC
            and m.score >= faq_service.SUGGEST
            # the first too, unless sure: "а он выходной?" (is it a day off?) after Solidarity
            # Day's card reached the weekend schools' ("выходного дня") by a little, and its
            # "find the nearest school" (a persona review)
            and ((i == 0 and m.confident) or _KIND_WORDS[KIND_OF_TOPIC[m.topic_id]].search(folded))
        ]
        # or named in so many words in a long message the knowledge base scores low ("my
        # grandma lives in hamburg and wants to know where the nearest azerbaijani house is")
        # (in a private chat, with no topic sure: "How do schools in Germany celebrate
        # Solidarity Day?" is the holiday's, and group chatter about school is no question)
        # A topic sure, the kind must be Azerbaijani in so many words: "is there an azerbaijani
        # house in Paris where we can celebrate Solidarity Day?" searches (a re-review)
        sure = bool(matches) and matches[0].confident
        if message.chat.type == ChatType.PRIVATE:
            kinds += [
                k
                for k in places.KINDS
                if k not in kinds
                and _names_kind(message.text, k)
                and (not sure or _AZERBAIJANI_KIND[k].search(message.text.casefold()))
            ]
        # the kind named in so many words first: "an Azerbaijani House near Houston" is no
        # school, though "near" lifts the schools' card above the Houses'
        kinds.sort(key=lambda k: not _names_kind(message.text or "", k))
        kind = kinds[0] if kinds else None
        first = await _place_button(context, message.text, kind) if kind else None
        if kind and first is None:  # "en yaxın Azərbaycan evi": no place named, so ask for one
            label = context._(_FIND_BUTTON[kind])
            first = InlineKeyboardButton(label, callback_data=callbacks.pack(PREFIX, "w", kind, 0))
    # in a group, asked of the bot with the place and "Azerbaijani" named: its list too, not
    # the card and a second step in front of everyone (a persona review: "@bot где
    # азербайджанский дом в Киеве?"); "the nearest" (no place) asks for a location, privately
    asked_here = message.chat.type == ChatType.PRIVATE or (
        kind is not None
        and first is not None
        and str(first.callback_data).split(":")[1:2] != ["w"]
        and _AZERBAIJANI_KIND[kind].search(message.text.casefold()) is not None
    )
    if (
        kind is not None
        and asked_here
        and (
            (bool(matches) and KIND_OF_TOPIC.get(matches[0].topic_id) == kind)
            # "hefte sonu mektebi istanbul": the online schools' card first, by a little
            or not any(w in message.text.casefold() for w in _ONLINE)
        )
        and _names_kind(message.text, kind)
        and await _search_asked(message, context, kind, first)
    ):
        return
    about_places = first is not None  # a question about Houses or schools
    suggested = set(faq_service.suggestions(matches, message.text))
    unknown = not (matches and matches[0].confident) and not any(
        m.distinctive for m in matches if m.topic_id in suggested
    )
    place_text = message.text
    # "I live in Toronto", in a private chat: where to look, not the card on where
    # Azerbaijanis live; in a group it is people talking
    private_chat = message.chat.type == ChatType.PRIVATE
    moved = places.moved_to(place_text) if private_chat else None  # "я переехал в Ригу"
    living = private_chat and (moved or places.where_person_is(place_text))
    if living:
        # "in Marneuli": the name alone, so that its capital letter counts (see _likely)
        # ("в ярославле" in lower case keeps its preposition, which says the case)
        word, _space, rest = living.partition(" ")
        stripped = rest and word.lower() in gazetteer.PREPOSITIONS and rest[:1].isupper()
        place_text = rest if stripped else living
        head, comma, tail = place_text.partition(",")
        if comma and not moved and not await _comma_says_which(context, place_text, head, tail):
            # "я живу в тбилиси, азербайджанец по маме", "london, near the river": the place
            # ends at the comma (a persona review: not understood); "london, ontario",
            # "portland, oregon" say which one, and stay whole (a review: England's zone was
            # set, Oregon's none)
            place_text = head
    # a move names a place with whatever follows its comma ("London, Ontario")
    bare = moved is not None or len(place_text.split()) <= MAX_BARE_PLACE_WORDS
    if bare and (living or unknown or await _only_a_place(context, message.text)):
        # a place alone ("Гамбург", "in Köln"): what to look for there, not "no answer", nor
        # a topic whose text has the name only as an example ("/timezone Berlin"), nor one
        # reached only by reading the name as another word ("Gəncə" as "gənc" + "ə"); the
        # whole message must name it ("bayraminiz mubarek" is no "Mubarek", Uzbekistan)
        buttons = [
            b
            for k in places.KINDS
            if (b := await _place_button(context, place_text, k, whole=True))
        ]
        if buttons:
            text = context._("places.what_there")
            if living and (note := await _zone_where_they_live(context, place_text, moved)):
                text = f"{text}\n\n{note}"
            await message.reply_text(
                text, reply_markup=InlineKeyboardMarkup([[b] for b in buttons])
            )
            return
        private = message.chat.type == ChatType.PRIVATE  # in a group, people talking
        if private and not living and (city := await _misspelt_city(context, place_text)):
            # "Gamburq", "Berlinn" alone: asked, with the search's buttons (a review: small
            # talk, or "perhaps the reminders card?", whose text has "/timezone Berlin")
            name = places.city_name(city, context.lang, context.clock.now())
            buttons = [
                InlineKeyboardButton(
                    context._(_NEAR_BUTTON[k], place=Html(name)),  # a label: plain text
                    callback_data=callbacks.pack(PREFIX, "n", k, city.geonameid),
                )
                for k in places.KINDS
            ]
            await message.reply_text(
                context._("places.misspelt_city", city=name),
                reply_markup=InlineKeyboardMarkup([[b] for b in buttons]),
            )
            return
    if unknown and not suggested and first is None and len(message.text) <= MAX_PLACE_QUESTION:
        # no answer, but a place named ("Kölndə azərbaycanlılar harada yığışır"): where they
        # gather there is what an Azerbaijani House is
        first = await _place_button(context, message.text, "house")
    elif (
        first is None
        and private_chat
        and len(message.text) <= MAX_PLACE_QUESTION
        and _EVENTS.search(message.text)
    ):
        # "events on 31 December in Berlin", "как отмечают День солидарности в Лондоне?": the
        # source names no event there, but the Houses nearby are whom to ask (a review: the
        # card or "not in my source", and nothing to go on)
        first = await _place_button(context, message.text, "house")
    if message.chat.type != ChatType.PRIVATE and unknown and not about_places:
        # a reply in a group the bot cannot answer is people talking there ("👍", "See you in
        # Berlin!", "what time?" under an announcement): no answer, no topics for them all;
        # unless it asks something the bot can help with: topics to offer ("what is the
        # diaspora"), or a place named in reply to one of its cards ("а в Москве есть?"; under
        # an announcement "Are you in Paris this week?" is for the people there)
        offered = bool(matches) and matches[0].score >= faq_service.THRESHOLD
        replied = message.reply_to_message
        to_card = replied is not None and replied.reply_markup is not None
        # "а когда он?" under a card: that card's; not "кто идёт?", "why?" (a review)
        card = replied_card(message, context) is not None and asks_about_the_card(message.text)
        if not _asks(message.text) or not (offered or (first and to_card and not talk) or card):
            return
    await faq_question(update, context, first, matches)


#: What a question must say to be answered with a search, not the card and its button: the
#: kind in so many words ("rent a house in London", "азербайджанцы в Берлине дома", "a
#: restaurant near my house" are no Azerbaijani Houses; casefolded).
_KIND_WORDS = {
    # typos and short forms too: "azerbijani", "азербаджанский", "азер дом" (a review)
    "house": re.compile(
        r"\b(?:azerb|azeri)\w*(?:'s)?[\s-]+(?:cultur\w*\s+)?house"
        r"|house\s+of\s+azerbaijan"
        r"|\bазер(?:б\w*)?\s+(?:культурн\w*\s+)?дом|\bдом\s+азербайджан"
        r"|\bдом\w*\s+азербайджанской\s+культуры|\baz[əe]rb\w*\s+(?:mədəniyyət\s+)?ev"
    ),
    # learning the language is what the weekend schools are for
    "school": re.compile(
        # "учить", "выучить", "изучить", "подучить", not "получить азербайджанский паспорт" (a
        # conversation review: a list of German schools for a passport question)
        r"school|школ|m[əe]kt[əe]b|mektep|okul|learn\s+azerbaijani"
        r"|\b(?:вы|из|под|на)?учить\s+азербайджанск"
        r"|az[əe]rbaycan\s+dilin[iə]?\s+öyr[əe]n"
    ),
}
#: The kind named as Azerbaijani: "azerbaijani house", "азербайджанская школа", "Azərbaycan
#: məktəbi" (not "my daughter's school", "schools in Germany"; casefolded).
_AZERBAIJANI_KIND = {
    "house": _KIND_WORDS["house"],
    "school": re.compile(
        r"\b(?:azerb\w*|azeri|азер(?:б\w*)?|az[əe]rb\w*)\s+(?:weekend\s+)?"
        r"(?:school|школ|m[əe]kt[əe]b|okul)|weekend\s+school|школ\w*\s+выходного|h[əe]ft[əe]\s*sonu"
    ),
}
#: ... and not ask something else about the places: who founded one, when, how many, what it
#: costs (the card, which has what the bot knows, answers; its button still searches). Whole
#: words and their endings: "какие школы есть в Берлине", "в центре", "Kimberley" still search.
_NOT_WHERE = re.compile(
    r"\b(?:who|when|why|history|found(?:ed|ers?)|opened|closed|free|cost|costs|price\w*"
    r"|how\s+many|how\s+much|year"
    r"|кто|когда|почему|зачем|сколько|истори[яи]|основ(?:ал|ан|ател)\w*|открыл\w*|открыт\w*"
    r"|закры\w*|бесплатн\w*|стоит|цен[аыу]?|году"
    r"|kim|kimdir|kimlər|niyə|neçə|nə\s+vaxt|tarixi|açılıb|bağlanıb|qurub|pulsuz\w*"
    r"|qiymət\w*)\b"
)


def _names_kind(text: str, kind: str) -> bool:
    """Whether ``text`` asks where places of ``kind`` are, naming the kind in so many words."""
    folded = " ".join(text.casefold().split())
    return bool(_KIND_WORDS[kind].search(folded)) and not _NOT_WHERE.search(folded)


#: Words that ask about online schools, not one in a place.
_ONLINE = ("online", "onlayn", "онлайн", "дистанц")
#: Words asking for events or where to celebrate: "events", "мероприятия", "tədbirlər".
_EVENTS = re.compile(
    r"\b(?:events?|celebrat\w*|concerts?|gatherings?|meet-?ups?"
    r"|мероприяти\w*|отмеча\w*|отметить|праздну\w*|концерт\w*|встреч[аиу]\w*"
    r"|t[əe]dbir\w*|qeyd\s+ed\w*|qeyd\s+olun\w*|konsert\w*|g[öo]r[üu]ş\w*)",
    re.IGNORECASE,
)
#: Words that ask for the nearest one ("где ближайший азербайджанский дом?"), casefolded.
_NEAREST: tuple[str, ...] = ("nearest", "closest", "near me", "ближайш", "рядом со мной")
_NEAREST += ("ən yaxın", "en yaxin")
_NEAREST += ("en yakın", "en yakin", "bana yakın")  # Turkish (a mixed-language review)


#: "How many" in a question: "how many houses in germany", "сколько школ в Турции".
_HOW_MANY = re.compile(r"\bhow\s+many\b|\bсколько\b|\bne[çc][əe]\b")
#: A price asked, not a count: "how much", "сколько стоит", "neçəyə".
_PRICE = re.compile(r"\bcost|\bprice|\bсто[ия]т|\bцен|\bqiym[əe]t|ne[çc][əe]y[əe]\b|\bpul")
#: The kinds as a count question names them, "Azerbaijani" or not: "houses", "домов", "evi".
_COUNTED = {
    "house": re.compile(r"\bhouses?\b|\bдом(?:а|ов)?\b|\bev(?:i|l[əe]ri)?\b"),
    "school": _KIND_WORDS["school"],
}


async def _how_many_in_country(message: Message, context: BotContext, text: str) -> bool:
    """ "how many houses in germany", "сколько азербайджанских домов в Германии": that
    country's list, numbered (a conversation review: the card on all 31 Houses in 20
    countries, the question not answered). Without a country named, or for one with none
    listed, the card answers (True if answered here)."""
    folded = " ".join(text.casefold().split())
    if len(folded) > MAX_PLACE_QUESTION or not _HOW_MANY.search(folded):
        return False
    if _PRICE.search(folded):  # "сколько стоит дом в Германии": a price, no count
        return False
    kinds = [k for k in places.KINDS if _COUNTED[k].search(folded)]
    if len(kinds) != 1 or any(w in folded for w in _ONLINE):
        return False
    codes = [c for w in _place_words(text) if (c := places.country_code(w)) is not None]
    if len(set(codes)) != 1:
        return False
    if not await places.in_country(context.store, kinds[0], codes[0]):
        return False  # "сколько азербайджанских школ в России": the card, as before
    reply, keyboard = await _country_answer(context, kinds[0], codes[0])
    await message.reply_text(reply, reply_markup=keyboard, link_preview_options=_NO_PREVIEW)
    return True


async def _search_asked(
    message: Message,
    context: BotContext,
    kind: str | tuple[str, ...],
    button: InlineKeyboardButton | None,
) -> bool:
    """A question about Houses or schools that asks for them in a place ("is there an
    Azerbaijani House in Istanbul?", "Azərbaycan evi Hamburqda varmı?") or the nearest one:
    answered as the place's button would be, not with the card on Houses in general and the
    button under it (True if so). The place is the button's: a guess ``_likely`` accepted."""
    data = str(button.callback_data) if button is not None else None
    try:
        what, _kind, value = callbacks.unpack(data, PREFIX, 3)
    except callbacks.StaleButton:  # no button: no place named
        what = value = ""
    if what == "n" and value.isdecimal():
        city = await gazetteer.get_city(context.store, int(value))
        if city is None:
            return False
        called = _called(context, city.geonameid)
        await _answer_city(message, context, city, kind, called)
        await _offer_namesakes(message, context, city, kind, called)
        return True
    first = kind if isinstance(kind, str) else kind[0]
    if what == "c":
        text, keyboard = await _country_answer(context, first, value)
        await message.reply_text(text, reply_markup=keyboard, link_preview_options=_NO_PREVIEW)
        return True
    if what == "e":
        return await _answer_country_without(message, context, first, value)
    if what == "w" and any(word in (message.text or "").casefold() for word in _NEAREST):
        if await _near_shared(message, context, kind):  # "schools near me?" after sharing one
            return True
        if not await _reply_empty(message, context):
            await _ask_where(message, context, first)
        return True
    return False


async def _offer_namesakes(
    message: Message, context: BotContext, city: City, kind: str | tuple[str, ...], called: str
) -> None:
    """After an answer for a city named in free text, its large namesakes as buttons, as
    ``/houses`` offers them: "an Azerbaijani House in Alexandria?" is answered for the one
    with a House (Virginia), and someone in Alexandria, Egypt, can still have theirs."""
    if not called:
        return
    found = await places.find_city(context.store, called, listed_first=True)
    if not found.answered or found.cities[0].geonameid != city.geonameid:
        return
    first = kind if isinstance(kind, str) else kind[0]
    others = places.other_cities(found, city)
    keyboard = (
        _cities_keyboard(context, others, first, found.name, answered=city) if others else None
    )
    if keyboard is None or not keyboard.inline_keyboard:
        return
    if context.user_data is not None:
        offered: list[tuple[int, str]] = context.user_data.setdefault(_NAMESAKES_OFFERED, [])
        if (city.geonameid, first) in offered:
            return  # once is enough: a review saw "London, Canada" under every London search
        offered[:] = [*offered[-(_NAMESAKES_KEPT - 1) :], (city.geonameid, first)]
    await message.reply_text(context._("places.other_cities"), reply_markup=keyboard)


#: In ``user_data`` (memory only): the cities (and kinds) whose namesakes a person was
#: offered, the latest :data:`_NAMESAKES_KEPT`.
_NAMESAKES_OFFERED = "namesakes_offered"
_NAMESAKES_KEPT = 20


#: A kind in a follow-up, named as short as one does after a list: "and schools?", "а дом?",
#: "bəs məktəbi?", "any school there?" (casefolded).
_KIND_SHORT = {
    "house": re.compile(r"\b(?:houses?|дом\w*|ev|evi|evləri|evleri)\b"),
    "school": _KIND_WORDS["school"],
}
#: "there": the place just searched ("а там школа есть?", "is there one there?", "orada?").
_THERE = re.compile(r"(?:\bthere\b.*\bthere\b|\bthere\?|\bтам\b|\borada\b|\borda\b)")
#: How short such a follow-up is.
_OTHER_KIND_WORDS = 7
#: "there" alone as a follow-up: "is there one there?", "any there?", "а там?", "orada?".
_ONE_THERE = re.compile(r"\b(?:one|any)\s+there\b|^(?:а|и|and|bəs|bes)?\s*(?:там|there|orada)\W*$")
#: Words of something other than the places: holidays, time, weather, buying.
_NOT_PLACES = re.compile(
    r"holiday|vacation|праздник|каникул|bayram|tətil|tetil|time|weather|время|погод|hava|vaxt"
    r"|saat|buy|купить|almaq|sat"
)
#: A question of what a thing is: its card answers.
_WHAT_IS = re.compile(r"\bwhat\s+(?:is|are)\b|\bwhat's\b|что\s+так\w+|\bnədir\b|\bnedir\b|nə\s+dem")


#: Words beside a kind named alone that still ask about the place just searched: "schools
#: too?", "школа есть?", "məktəb varmı?".
_KIND_ALONE_WITH = frozenset(
    [
        "any",
        "also",
        "too",
        "a",
        "the",
        "есть",
        "тоже",
        "ещё",
        "еще",
        "там",
        "var",
        "varmı",
        "varmi",
        "da",
        "də",
        "de",
        "orada",
    ]
)


#: ... and words that say which kind: "weekend schools?", "азербайджанские школы?",
#: "Azərbaycan evi?", "həftəsonu məktəbləri?" (a review: after _kind_alone they got the card).
_KIND_QUALIFIER = re.compile(
    r"(?:weekend|sunday|azerb\w*|azeri|азер\w*|выходного|воскресн\w*|az[əe]rb\w*|h[əe]ft[əe]sonu)$"
)


def _kind_alone(folded: str) -> bool:
    """A kind named with nothing else, or with a word of :data:`_KIND_ALONE_WITH`: "schools?",
    "школа есть?"; not "школа Бдыщев", a city the bot does not know (it had answered for the
    city searched before)."""
    words = re.findall(r"\w+", folded)
    rest = [w for w in words if not any(k.search(w) for k in _KIND_SHORT.values())]
    return len(words) <= 2 and all(w in _KIND_ALONE_WITH or _KIND_QUALIFIER.match(w) for w in rest)


async def _other_kind_there(message: Message, context: BotContext, text: str) -> bool:
    """ "а там школа есть?", "and schools?", "is there one there?" right after a search: the
    same place searched again, for the kind named (or the same kind), not the Flag Day card or
    the card on schools in general (a review: the most natural follow-up after a list got a
    holiday's card). True if answered."""
    last = _last_search(context)
    words = text.split()
    if last is None or last[1] is None or len(words) > _OTHER_KIND_WORDS:
        return False
    folded = " ".join(text.casefold().split())
    if _NOT_PLACES.search(folded):
        return False  # "is there a school holiday?", "what time is it there?": not a search
    named = tuple(k for k in places.KINDS if _KIND_SHORT[k].search(folded))
    there = _THERE.search(folded) is not None
    follow = _FOLLOW_UP.match(text) is not None
    # a kind named as a follow-up ("and schools?", "а дом там есть?", "bəs məktəbi?"), not in
    # passing ("do you have a house?", "ev almaq olar?", "спасибо, посмотрю дома"); "there"
    # alone only as "is there one there?", "а там?" (a re-review)
    if named and not (follow or there or _kind_alone(folded)):
        return False
    if not named and not _ONE_THERE.search(folded):
        return False
    if _NOT_WHERE.search(folded) or _WHAT_IS.search(folded) or any(w in folded for w in _ONLINE):
        return False  # "when was it opened?", "what is a weekend school?", "and online?"
    kinds = named or last[0]
    for k in kinds:  # stops at the first: the place named does not depend on the kind
        if await _place_button(context, text, k) is not None:
            return False  # another place named: "and schools in Paris?" is a search there
    what, value = last[1]
    if what == "c":
        answer, keyboard = await _country_answer(context, kinds[0], value)
        await message.reply_text(answer, reply_markup=keyboard, link_preview_options=_NO_PREVIEW)
        return True
    city = await gazetteer.get_city(context.store, int(value)) if value.isdecimal() else None
    if city is None:
        return False
    await _answer_city(message, context, city, kinds, _called(context, city.geonameid))
    return True


async def _zone_where_they_live(
    context: BotContext, place: str, moved: str | None = None
) -> str | None:
    """ "I live in Köln" from someone with no time zone yet: Köln's, as a shared location
    would set it (a review: her 08:00 reminder came at 05:00 in Köln, at Baku's 08:00), and
    the note saying so; "я переехал в Ригу" (``moved``): Riga's, whatever was set before. A
    zone set already and another city lived in: how to take that city's (a review: the zone
    of Houston kept without a word). None if the place is not one city, or keeps the zone."""
    profile = context.profile
    if profile is None:
        return None
    found = await places.find_city(context.store, place)
    # one city, surely: not a region ("Texas" has two zones), nor a name towns in other zones
    # share ("Birmingham": England or Alabama; /timezone offers them, this would not)
    if not found.answered or found.region is not None:
        return None
    city = found.cities[0]
    # a namesake far smaller ("Berlin" of North Canton, Ohio) does not make Berlin unsure
    zones = {c.timezone for c in found.cities[:3] if c.population * 10 >= city.population}
    if len(zones) > 1:
        return None
    now = context.clock.now()
    if profile.timezone is not None and not moved:
        if gazetteer.same_time(profile.timezone, city.timezone, now):
            return None
        return context._(
            "places.timezone_kept",
            zone=zone_text(profile.timezone, now, context.lang),
            here=zone_text(city.timezone, now, context.lang),
            # "/timezone London, Canada": "London" alone is London, England (a review)
            name=places.city_label(city, context.lang, now=now),
        )
    if moved:  # said as plainly as /timezone: kept over a location shared later
        await reminders.set_zone(context.store, profile.id, city.timezone, city.country_code)
    else:
        await users.locate(context.store, profile.id, city.timezone, city.country_code)
    zone = zone_text(city.timezone, now, context.lang)
    return context._("places.timezone_from_city", timezone=zone)


async def _only_a_place(context: BotContext, text: str) -> bool:
    """Whether ``text``, answered by a topic, is rather a place the topic reaches only as
    another word: "Gəncə" (Ganja) is "gənc" (young) + "-ə" to the knowledge base; "Şuşaya" is
    Şuşa, a word of the Fifth Congress's card, and keeps it."""
    index = faq_index(context)
    if index.knows_a_word_of(text):
        return False
    found = await places.find_city(context.store, text)
    return not (found.answered and index.has_word_for(found.name))


#: How a question begins, when it has no question mark (not "what a day", "how nice",
#: "есть кто из Баку": talk).
_QUESTION_STARTS = (
    "what is ",
    "what are ",
    "who is ",
    "who are ",
    "when is ",
    "when was ",
    "where is ",
    "where are ",
    "how many ",
    "how much ",
    "how to ",
    "how do ",
    "why ",
    "tell me about ",
    "что такое ",
    "когда ",
    "где ",
    "кто такие ",
    "почему ",
    "сколько ",
    "расскажи",
    "nə vaxt",
    "haçan ",
    "harada ",
    "niyə ",
    "neçə ",
)


def _asks(text: str) -> bool:
    """Whether ``text`` is a question: a question mark (also "？", "؟"), or the way questions
    begin ("what is the diaspora", "расскажите про диаспору")."""
    return any(q in text for q in "?？؟") or text.lower().lstrip().startswith(_QUESTION_STARTS)


#: A message of at most this many words that names only a place is asked what to look for.
MAX_BARE_PLACE_WORDS = 3


#: Longer than this is a story, not "a House in Hamburg?": no place is looked for in it.
MAX_PLACE_QUESTION = 200
#: Azerbaijani: "Hamburqda", "Bakıdan", "Parisdəyəm" (I am in), "Torontodakı" (the … in).
_LOCATIVE: tuple[str, ...] = ("da", "də", "de", "dan", "dən", "den")
_LOCATIVE += ("dayam", "dəyəm", "deyem", "dayıq", "dəyik", "dakı", "dəki", "daki", "deki")
_LOCATIVE += ("ta", "te", "tan", "ten")  # Turkish: "Münihte", "Karsta" (a review)


#: Words that make a sentence English: its "-da"/"-de" words are no Azerbaijani locatives.
_ENGLISH = frozenset(
    [
        "the",
        "a",
        "an",
        "is",
        "are",
        "at",
        "to",
        "of",
        "there",
        "can",
        "we",
        "do",
        "does",
        "with",
        "for",
    ]
)


def _locative_stem(word: str) -> int:
    """The letters before an Azerbaijani locative/ablative ending ("istanbulda": 8), or 0."""
    return next((len(word) - len(e) for e in _LOCATIVE if word.endswith(e)), 0)


#: Words a place's name follows: prepositions, and "the city of" ("в городе Кёльн").
_BEFORE_NAME = gazetteer.PREPOSITIONS | {"город", "городе", "city", "town", "şəhər", "şəhəri"}
#: ... and a name typed in lower case: not after "с"/"к" ("с ним", "к роли", "с кофе").
_BEFORE_LOWER_NAME = _BEFORE_NAME - {"с", "со", "к", "ко", "от", "за"}


def _place_words(text: str) -> list[str]:
    """Words and pairs of words of ``text`` written like a place's name: capitalised inside the
    sentence and after "in"/"в", with an Azerbaijani locative ending ("Hamburqda") or in a
    message of up to four words; or any word of such a message typed all in lower case
    ("азербайджанский дом гамбург"). Pairs first ("New York")."""
    words = _WORD.findall(text)
    short = len(words) <= 4
    lower = text == text.lower()  # typed without capitals: any word of a short message
    english = any(w.lower() in _ENGLISH for w in words)

    def placed(i: int) -> bool:
        w = words[i]
        if short and lower:
            return True
        if not w[:1].isupper():
            # typed without capitals: "in london", "в лондоне", "istanbulda" (see _likely) —
            # not "edən" (a participle), nor "panda" or "parade" in an English sentence
            after = i > 0 and words[i - 1].lower() in _BEFORE_LOWER_NAME
            return after or (lower and not english and _locative_stem(w.lower()) >= 4)
        if w.lower().endswith(_LOCATIVE):  # "Hamburqda Azərbaycan evi varmı?": first is fine
            return True
        if i == 0:  # a sentence's capital, unless the message is a few words: "Hamburg school"
            return short
        after = words[i - 1].lower() in _BEFORE_NAME  # "in Hamburg", "в Праге"
        return short or after or w.lower().endswith(_LOCATIVE)

    pairs = [
        f"{words[i]} {words[i + 1]}"
        for i in range(len(words) - 1)
        if placed(i)
        and (lower or words[i + 1][:1].isupper())
        # "рядом с Москвой": the preposition says the case ("с Москвой" is Москва)
        or words[i].lower() in gazetteer.PREPOSITIONS
        and words[i + 1][:1].isupper()
    ]
    return pairs + [w for i, w in enumerate(words) if placed(i) and (len(w) > 3 or w.isupper())]


#: Everyday words that are also a town's name, never a place in free text (normalised):
#: "dili" (language, "Azərbaycan dili") is no Dili, East Timor.
_COMMON_WORDS = frozenset({"dili", "dilin", "dil"})
#: ... and places anyone may say they are at: "Kafedəyəm" (I'm at a café) is no Kafue,
#: Zambia (normalised, without the "I am in" ending).
_AT_PLACES = frozenset(
    ["kafe", "park", "bazar", "ofis", "magaza", "market", "universitet", "xestexana", "hotel"]
    + ["otel", "metro", "vagzal", "aeroport", "hava limani", "restoran", "klinika", "idman"]
)


def _at_a_common_place(key: str) -> bool:
    """ "kafedeyem", "parkdayam": "I'm at the café / in the park"."""
    key = key.replace(" ", "")  # "Kafe'deyim": "kafe deyim"
    endings = (*gazetteer.I_AM_IN, "deyim", "dayim")
    return any(key.endswith(e) and key[: -len(e)] in _AT_PLACES for e in endings)


_NEAR_BUTTON = {"house": "places.button_near_house", "school": "places.button_near_school"}
_IN_BUTTON = {"house": "places.button_in_house", "school": "places.button_in_school"}
_FIND_BUTTON = {"house": "places.button_find_house", "school": "places.button_find_school"}


async def _place_button(
    context: BotContext, text: str, kind: str, *, whole: bool = False, asked: bool = False
) -> InlineKeyboardButton | None:
    """ "🏠 Houses near Hamburg" for the first city or country ``text`` names, if any (not a
    topic's word such as "дом" or "school", nor a question word)."""
    index = faq_index(context)

    def plain_word(candidate: str) -> bool:
        key = faq_service.normalize(candidate)
        return (
            faq_service.generic(key)
            or key in faq_service.STOPWORDS
            or key in _COMMON_WORDS
            # "Kafedəyəm, evə gedirəm": its first word is the place looked up (a café)
            or any(_at_a_common_place(w) for w in key.split())
            or any(t in index.topics and index.evidence(t, key) == 1 for t in KIND_OF_TOPIC)
        )

    _ = context._
    if whole:  # "harda" (where) alone is no Harda, India
        candidates = [] if plain_word(text) else [text]
    else:
        candidates = [c for c in _place_words(text) if not plain_word(c)][:12]
    for candidate in candidates:
        code = places.country_code(candidate)
        if code is not None:  # "in Germany": its list; "in Lebanon", no school: from Beirut
            country = places.country_name(code, context.lang)
            if await places.in_country(context.store, kind, code):
                label = _(_IN_BUTTON[kind], place=Html(country))  # a label: plain text
                return InlineKeyboardButton(
                    label, callback_data=callbacks.pack(PREFIX, "c", kind, code)
                )
            largest = await gazetteer.largest_city(context.store, code)
            if largest is None:
                continue
            # near its largest city, by name ("near United Kingdom" is no English), saying
            # that none is listed in the country ("e")
            name = places.city_name(largest, context.lang, context.clock.now())
            label = _(_NEAR_BUTTON[kind], place=Html(name))
            return InlineKeyboardButton(
                label, callback_data=callbacks.pack(PREFIX, "e", kind, code)
            )
        found = await places.find_city(context.store, candidate, listed_first=True)
        if found.answered and await _likely(context, found.cities[0], candidate, asked=asked):
            city = found.cities[0]
            shown = gazetteer.as_written(found.name)  # a region ("Texas") as typed
            if found.region is None:
                shown = _shown_name(context, city, found.name)
            label = _(_NEAR_BUTTON[kind], place=Html(shown))
            _remember_called(context, city.geonameid, found.name)
            return InlineKeyboardButton(
                label, callback_data=callbacks.pack(PREFIX, "n", kind, city.geonameid)
            )
    return None


def _shown_name(context: BotContext, city: City, typed: str) -> str:
    """A found city on a button: typed in the letters of the person's language, its name in
    that language where one is known ("İstanbul" for "Istanbul" in Azerbaijani, "Munich" for
    "Munchen" in English: a conversation review); else as typed, tidied ("Мюнхен" in Russian,
    whose Russian name the gazetteer may lack; "а в Москве есть?" from an English app)."""
    if gazetteer.has_cyrillic(typed) != (context.lang == "ru"):
        return gazetteer.as_written(typed)
    name = places.city_name(city, context.lang, context.clock.now())
    return name if context.lang == "en" or name != city.name else gazetteer.as_written(typed)


#: A word of free text read as a city by another of its names or without a case ending (not
#: its own name as typed) must be a city this large: "haha" is no Hakha (Myanmar), "more" no
#: Mora (Cameroon), "mute" no Mut (Turkey) + "-ə"; "Hamburqda", "Gəncə", "Köln" still are.
GUESS_POPULATION = 100_000
#: ... and one typed by its own name in lower case this large ("weimar", not "at home" for a
#: Home of a few thousand people).
OWN_NAME_POPULATION = 20_000
#: ... or one this close to a House or school in the list.
PLACES_NEAR_KM = 30


#: A word alone read as a misspelt city ("Gamburq") must be this long, no word of the topics
#: ("təbrik" is no Tabriz), a near spelling of the city's that begins with the same letter
#: ("yaxşı", good, is no Iaşi; "Gamburq" is Hamburg's Russian "Gamburg"), and the city
#: a city this large within this distance of a House or school (the diaspora's part of the
#: world: "sabah", tomorrow, is no Sanya, China; a re-review: "Lovely" was Lowell, "Хорошего"
#: Khoroshëvo-Mnevniki, "Tables" Tripoli).
MISSPELT_MIN = 6
MISSPELT_POPULATION = 500_000
MISSPELT_NEAR_KM = 1000


async def _misspelt_city(context: BotContext, typed: str) -> City | None:
    """The large city ``typed`` (one word alone) is a typo or two away from, if a House or
    school is near it and the word is no word of the topics."""
    word = typed.strip()
    if len(word) < MISSPELT_MIN or " " in word or faq_index(context).knows_a_word_of(word):
        return None
    found = await gazetteer.search(context.store, word, limit=1, same_start=True)
    if found.exact or not found.cities or found.cities[0].population < MISSPELT_POPULATION:
        return None
    city = found.cities[0]
    for kind in places.KINDS:
        near = await places.nearest_places(context.store, city.lat, city.lon, kind, 1)
        if near and near[0].km <= MISSPELT_NEAR_KM:
            return city
    return None


async def _likely(context: BotContext, city: City, typed: str, *, asked: bool = False) -> bool:
    """Whether ``typed``, a guess from free text (not a city asked for), means ``city``: its
    own name, capitalised as names are ("Weimar", not "at home" for Home, Kansas), a large
    city, or a town with a House or school near it ("Марнеули", "Bolnisidə"). ``asked``: a
    follow-up that asks about a place ("а в Карсе?"): a town of some size will do (a review:
    Kars, 91,000 people, was "no answer")."""
    if asked and city.population >= OWN_NAME_POPULATION:
        return True
    name, written = gazetteer.normalize(city.name), gazetteer.normalize(typed)
    # its own name, or its own name and then its region or country ("Frederick, Maryland",
    # "Portland Maine": the search kept the city in it; a review: "I live in Frederick,
    # Maryland" got "not understood")
    own = written == name or written.startswith(f"{name} ")
    if own and (typed[:1].isupper() or city.population >= OWN_NAME_POPULATION):
        return True
    if city.population >= GUESS_POPULATION:
        return True
    if not typed[:1].isupper() and typed.isascii() and not typed.lower().endswith(_LOCATIVE):
        return False  # "opera", "wave": no district near a House (Opéra, Wavre); "марнеули",
        # "marneulidə" typed without capitals are the town
    near = await places.nearest_places(context.store, city.lat, city.lon, "house", limit=1)
    near += await places.nearest_places(context.store, city.lat, city.lon, "school", limit=1)
    return any(n.km <= PLACES_NEAR_KM for n in near)


async def command_ends_pending(update: Update, context: BotContext) -> None:
    """Group -2: every command ends the wait; /cancel while waiting is answered here."""
    message = update.effective_message
    if message is None or message.text is None or _pending(context) is None:
        return
    _clear(context)
    if command_name(message.text) == "cancel":
        # not stopped here: a broadcast being written is cancelled by the same /cancel
        text = context._("places.cancelled")
        person = update.effective_user
        if person is not None and context.settings.is_admin(person.id):
            # an announcement previewed before the search: still there, and how to drop it
            note = await preview_note(context, person.id)
            text = f"{text}\n{note}" if note else text
        await message.reply_text(text, reply_markup=main_menu(context.lang))
        context.cancel_answered = True


# -- a shared location -----------------------------------------------------------------------
def _in_azerbaijan(context: BotContext, country_code: str) -> list[str]:
    """A search in Azerbaijan itself lists Houses and schools abroad: say why (the Azerbaijani
    review: "Bakıda", a location in Baku, got Marneuli 442 km without a word)."""
    return [context._("places.in_azerbaijan")] if country_code == "AZ" else []


async def location(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or message.location is None:
        return
    state = _pending(context)
    _clear(context)
    _ = context._
    lat, lon = message.location.latitude, message.location.longitude
    if not (isinstance(lat, float | int) and isinstance(lon, float | int)) or not (
        math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180
    ):
        await message.reply_text(_("places.bad_location"))
        return
    notes: list[str] = []
    located = None
    # a place picked on the map, or someone else's location forwarded: near there, but it
    # says nothing of where the person lives (a review: their time zone became New York's)
    own = message.venue is None and message.forward_origin is None
    if not own:
        located = places.Located(await places.city_near(context.store, lat, lon), False)
    elif context.profile is not None:
        located = await places.locate_person(context.store, context.profile, lat, lon)
        if located.city is None:
            notes.append(_("places.remote"))
        elif located.timezone_set:
            zone = zone_text(located.city.timezone, context.clock.now(), context.lang)
            notes.append(_("places.timezone_set", timezone=zone))
        elif (at := await _elsewhere_than_chosen(context, located.city)) is not None:
            # chosen by hand in London, now in Toronto: the greeting would come at 05:00; the
            # clocks as they will be then (summer time today may differ)
            chosen, here = context.profile.timezone or "", located.city.timezone
            notes.append(
                _(
                    "places.timezone_kept",
                    zone=zone_text(chosen, at, context.lang),
                    here=zone_text(here, at, context.lang),
                    name=here,
                )
            )
    if await _reply_empty(message, context):
        return
    kinds = (state.kind,) if state is not None else _BOTH
    also = []
    if located is not None and located.city is not None:
        also = await _also_in(context, kinds, located.city.country_code)
        also = _in_azerbaijan(context, located.city.country_code) + also
    found, online = await _nearby(context, lat, lon, kinds)
    house_school, house_km = await _house_schools(context, kinds, lat, lon)
    also = house_school + also
    if message.venue is not None:
        title = _("places.title_venue", name=message.venue.title)
    else:
        title = _("places.title_location") if own else _("places.title_point")
    text, keyboard = render_nearby(_, context.lang, title, found, online, notes, also, house_km)
    await message.reply_text(text, reply_markup=keyboard, link_preview_options=_NO_PREVIEW)
    # "what about Chicago", "а школа там есть?" next: the point's nearest city, not the point
    near = located.city if located is not None else None
    _searched(context, kinds, ("n", str(near.geonameid)) if near is not None else None)
    if own and near is not None and context.user_data is not None:
        context.user_data[_SHARED] = (near.geonameid, context.clock.now() + FOLLOW_UP)


async def _elsewhere_than_chosen(context: BotContext, city: City) -> datetime | None:
    """The next holiday reminder at which the clock where someone who chose their zone by
    hand is will differ from it (on the holidays' dates: summer time may differ now)."""
    profile = context.profile
    if profile is None or not profile.timezone_manual or not profile.timezone:
        return None
    chosen, here = reminders.zone(profile.timezone), reminders.zone(city.timezone)
    now = context.clock.now()
    coming = []
    for month, day in await subscriptions.subscribed_dates(context.store, profile.id):
        for year in (now.year, now.year + 1):
            try:
                at = datetime.combine(
                    date(year, month, day), time(profile.reminder_hour), tzinfo=chosen
                )
            except ValueError:  # 29 February
                continue
            if at > now:
                coming.append(at)
                break
    for at in sorted(coming):  # the next reminder first
        if at.utcoffset() != at.astimezone(here).utcoffset():
            return at
    return None


# -- buttons ---------------------------------------------------------------------------------
async def button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    _ = context._
    data = query.data or ""
    try:
        action = callbacks.unpack(data, PREFIX, 3)
    except callbacks.StaleButton:
        action = []
    if len(action) != 3 or action[1] not in places.KINDS or query.message is None:
        await query.answer(_("button.stale"), show_alert=True)
        return
    what, kind, value = action
    if what == "w" and isinstance(query.message, Message):
        await query.answer()  # "🔎 Find the nearest House" under the card: as /houses
        _clear(context)
        if not await _reply_empty(query.message, context):
            await _ask_where(query.message, context, kind)
        return
    if what == "c" and places.known_country(value) and isinstance(query.message, Message):
        _clear(context)  # a country chosen: its list is the answer
        await query.answer()
        text, keyboard = await _country_answer(context, kind, value)
        await query.message.reply_text(
            text, reply_markup=keyboard, link_preview_options=_NO_PREVIEW
        )
        return
    if what == "e" and places.known_country(value) and isinstance(query.message, Message):
        _clear(context)  # "🏠 near Moscow" for "Rusiyada azərbaycan evi"
        if await _answer_country_without(query.message, context, kind, value):
            await query.answer()
            return
    if what == "n" and re.fullmatch(r"[0-9]{1,12}", value):
        city = await gazetteer.get_city(context.store, int(value))
        if city is not None and isinstance(query.message, Message):
            _clear(context)  # a city chosen: no longer waiting for one
            await query.answer()
            called = _called(context, city.geonameid)
            await _answer_city(query.message, context, city, kind, called)
            return
    await query.answer(_("button.stale"), show_alert=True)


async def _any_in(context: BotContext, kind: str, city: City) -> bool:
    """Whether the city's country has a place of ``kind`` listed (for schools, a House: each
    has a school)."""
    kinds = ("school", "house") if kind == "school" else (kind,)
    for k in kinds:
        if await places.in_country(context.store, k, city.country_code):
            return True
    return False


#: A country asked about with none of the kind listed there.
_NONE_IN = {"house": "places.none_in_country_house", "school": "places.none_in_country_school"}


async def _reply_country(message: Message, context: BotContext, kind: str, code: str) -> bool:
    """Reply with the places of ``kind`` in the country ``code``, as its button gives; with
    none there, the nearest to its largest city, saying none is listed in the country (for
    schools, unless a House is: each has a school). False if the gazetteer has no city of the
    country to measure from (nothing was sent)."""
    listed = await places.in_country(context.store, kind, code)
    houses = await places.in_country(context.store, "house", code) if kind == "school" else []
    if listed:
        text, keyboard = _country_list(context, kind, code, listed, houses)
        await message.reply_text(text, reply_markup=keyboard, link_preview_options=_NO_PREVIEW)
        _searched(context, (kind,), ("c", code))
        return True
    return await _answer_country_without(message, context, kind, code, bool(houses))


async def _answer_country_without(
    message: Message, context: BotContext, kind: str, code: str, houses: bool | None = None
) -> bool:
    """The nearest places of ``kind`` to the largest city of the country ``code``, which has
    none listed, saying so; for schools, not when a House is there (``houses``): the answer
    names it (each has a school), and the online schools. False if the gazetteer has no city
    of the country (nothing was sent)."""
    largest = await gazetteer.largest_city(context.store, code)
    if largest is None:
        return False
    if houses is None:
        houses = kind == "school" and bool(await places.in_country(context.store, "house", code))
    await _answer_city(message, context, largest, kind, none_in="" if houses else code)
    return True


async def _country_answer(
    context: BotContext, kind: str, code: str
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The places of ``kind`` in the country ``code`` (a country button, or a question naming
    the country), remembered as the last search for a follow-up."""
    found = await places.in_country(context.store, kind, code)
    houses = await places.in_country(context.store, "house", code) if kind == "school" else []
    _searched(context, (kind,), ("c", code))
    return _country_list(context, kind, code, found, houses)


def _country_list(
    context: BotContext,
    kind: str,
    code: str,
    found: list[Place],
    houses: Sequence[Place] = (),
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The places of ``kind`` in a country; for schools, ``houses`` there are named after
    them: each has a weekend school too."""
    _, lang = context._, context.lang
    country = places.country_name(code, lang)
    title = (
        _("places.country_houses", country=country)
        if kind == "house"
        else _("places.country_schools", country=country)
    )
    empty = not found and not houses  # a House is a school too: not "nothing" then
    blocks = [f"{title}\n{_('places.country_empty')}" if empty else title]
    for n, place in enumerate(found, start=1):
        item = _(
            "places.item_in_country",
            n=n,
            name=place.name(lang),
            city=place.city_name(lang) or country,
        )
        blocks.append("\n".join([item, *_details(_, place, lang)]))
    tail = "\n\n".join([*_city_only_note(_, found), _("places.partial")])
    if houses:
        named = ", ".join(dict.fromkeys(h.city_name(lang) or h.name(lang) for h in houses))
        tail = _("places.house_schools_in", country=country, cities=named) + "\n\n" + tail
    text, kept = fit_blocks(blocks, tail)
    # map buttons for the places shown only (the title is the first block)
    buttons = [
        InlineKeyboardButton(_("places.map", n=n), url=url)
        for n, place in enumerate(found[: max(kept - 1, 0)], start=1)
        if (url := _map_url(place))
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    return text, InlineKeyboardMarkup(rows) if rows else None
