"""A short message that asks the bot to do something ("отпишите меня", "what do you store
about me", "Salam!") runs that command; anything else is a question
(:func:`handlers.places.question`: the knowledge base, with a place button when it fits)."""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from telegram import Update
from telegram.constants import ChatType

from bot import dates, intents
from bot import faq as faq_service
from bot import reminders as service
from bot.context import BotContext
from bot.faq import normalize
from bot.hours import (
    days_before,
    hour_named,
    impossible_hour,
    without_days_before,
    without_hour,
)
from bot.i18n import zone_name
from bot.store import subscriptions
from handlers import asked, fallback, faq, places, privacy, reminders, settings, start

Handler = Callable[[Update, BotContext], Coroutine[Any, Any, Any]]
#: Commands that take words after them (``/timezone Berlin``): the words after the phrase.
TAKES_WORDS = frozenset({"timezone"})


def free_text(commands: Mapping[str, Handler]) -> Handler:
    """The handler of free text in a private chat (and of a reply to the bot in a group),
    running ``commands`` by name; a personal one asked in a group is sent to a private chat."""

    async def request_or_question(update: Update, context: BotContext) -> None:
        message = update.effective_message
        text = message.text if message is not None else None
        name = intents.request_of(context, text) if text else None
        if await answer_question(update, context):
            return
        if name in ANSWERS:
            # no question open: "ok, thanks" is a thanks, "нет" a question for the knowledge base
            name = intents.command_meant(intents.loaded(context), text or "", skip=ANSWERS)
        chat = update.effective_chat
        if name == "cancel" and chat is not None and chat.type != ChatType.PRIVATE:
            name = None  # "stop" in reply to an announcement in a group: nothing waits there
        if name in PRIVATE_TALK and chat is not None and chat.type != ChatType.PRIVATE:
            return  # nor a question: "как дела" got the State Committee's card ("делам")
        if name in fallback.STOP_REQUESTS and await fallback.stop_in_group(update, context):
            return  # "stop these announcements" in a group that gets them: whose?
        if name == fallback.GROUP_STOP:  # a group that gets none, or a private chat
            await places.question(update, context)
            return
        if name == "zone_of":  # a place's zone; or, with no place named, a question
            if not await settings.zone_of(update, context):
                await places.question(update, context)
            return
        private = chat is not None and chat.type == ChatType.PRIVATE
        if name == "more":  # "tell me more" after a card; with none shown lately, a question
            if not (private and await faq.more(update, context)):
                await places.question(update, context)
            return
        if name in ("subscribe", "subscribe_holiday") and await subscribe_named(update, context):
            return  # "remind me on flag day", "xatırlat 31 dekabr": that holiday's reminder
        if name == "unsubscribe" and text and await _a_holidays_date(context, text):
            # "отключи напоминания на 9 ноября", "stop reminders on 9 November": that day's
            # holiday, not everything off (a review); "отпишите меня с 1 января" is a stop
            name = "unsubscribe_holiday"
        if name == "unsubscribe_holiday":  # "bayraq gününü xatırlatma": that one off
            if not await unsubscribe_named(update, context):
                await places.question(update, context)
            return
        if name == "subscribe_holiday" and text and _asks_days_before(context, text):
            name = "subscribe"  # "remind me 2 days before": every holiday, on the day (said so)
        if name == "subscribe_holiday":  # no holiday named: a question, or an hour alone
            if private and text and only_an_hour(text):  # "а можно чтобы напоминали в 9"
                await settings.hour_request(update, context)
            else:
                await places.question(update, context)
            return
        command = commands.get(name) if name else None
        if name == "unsubscribe" and text and hour_named(text) is not None:
            command = settings.not_at_hour  # "don't remind me at 9": another hour, maybe
        if command is None and private and text and (offset := _offset_alone(text)):
            # "UTC+4", "I'm in GMT-5", "+03:00" alone: the zone (a places review: a blurb, the
            # Fifth Congress's card, and "+03:00" offered as a 03:00 reminder)
            context.args = [offset]
            command = commands["timezone"]
        if command is None and private and message and text and _only_an_impossible_hour(text):
            # "saat 25", "at 25": which hours there are (it had the capabilities' reply)
            await message.reply_text(context._("rem.no_such_hour"))
            return
        if command is None and private and text and only_an_hour(text):
            # "в 9 утра пожалуйста" after subscribing: the reminders' hour (a review: "not
            # understood", with the Flag Day card, 9 November, as a maybe)
            command = settings.hour_request
        elif command is None and private and text and await _an_hour_in_a_citys_time(context, text):
            # "в 14 по Москве", "at 9pm toronto time" (the README's own examples got "no
            # answer" without "напомни" before them: a places review)
            command = settings.hour_request
        if command is None:
            await places.question(update, context)
            return
        if name in fallback.PRIVATE_ONLY and chat is not None and chat.type != ChatType.PRIVATE:
            # "что вы обо мне знаете" in reply to the bot in a group: never the data there
            await fallback.only_in_private(update, context, name)
            return
        if name in TAKES_WORDS and message is not None and message.text:
            # "часовой пояс Берлин": as /timezone Берлин
            context.args = intents.words_after(intents.loaded(context), name, message.text)
        await command(update, context)

    return request_or_question


async def _a_holidays_date(context: BotContext, text: str) -> bool:
    """Whether ``text`` stops the reminder of the date of one of the bot's holidays: "на 9
    ноября", "on 9 November", "9 noyabr üçün"; not "hər şeyi dayandır, 9 noyabr da", "stop
    sending me messages, 9 November was enough", "отпишите меня до 31 декабря" (a review:
    only that holiday went off, the announcements stayed)."""
    if not _FOR_A_DAY.search(text) or _ALL_OR_A_TIME.search(text):
        return False
    day = dates.date_named(text)
    holidays = await subscriptions.all_holidays(context.store) if day is not None else []
    return any((h.month, h.day) == day for h in holidays)


#: A day a stop is for: "на 9 ноября", "on (the) 9 November", "for November 9", "9 noyabr
#: üçün".
_FOR_A_DAY = re.compile(
    r"\b(?:на|on|for)\s+(?:the\s+)?(?:\d|[a-z]+\s+\d)|\d{1,2}[\s.-]*\w+\s+üçün", re.IGNORECASE
)
#: Everything, or a time from or until which: then the stop is a whole one.
_ALL_OR_A_TIME = re.compile(
    r"\b(?:all|every\w*|все|всё|всех|вообще|hər\s+şey\w*|hamısı\w*|bütün\w*|tüm\w*"
    r"|her\s+şey\w*|messages|сообщени\w*|mesaj\w*|until|till|after|before|from|до|после|с"
    r"|sonra|qədər|kadar)\b",
    re.IGNORECASE,
)


async def _an_hour_in_a_citys_time(context: BotContext, text: str) -> bool:
    """An hour alone in a large city's time: "в 14 по Москве", "saat 9-da Bakı vaxtı ilə"."""
    if "?" in text:  # "в 20 по Баку?": a question, no setting (a review)
        return False
    alone = settings.without_zone_named(text)
    return (
        alone != text
        and only_an_hour(alone)
        and await settings.city_with_hour(context, text) is not None
    )


#: A UTC offset alone, maybe after "I'm in" or "my time zone is": "UTC+4", "GMT -5", "я в
#: UTC+3", "+03:00" (a sign and minutes: "+1" alone is a "me too").
_OFFSET_ALONE = re.compile(
    r"(?:(?:i'?m|i\s+am|we\s+are|я|мы)\s+(?:живу\s+|живём\s+|живем\s+)?(?:in|в)\s+"
    r"|(?:my\s+)?time\s*zone\s+(?:is\s+)?|(?:мой\s+)?часовой\s+пояс\s+|saat\s+qurşağ\w*\s+)?"
    r"(?P<offset>(?:utc|gmt)\s*[+\-−]\s*\d{1,2}(?:[:.]?\d{2})?|[+\-−]\d{2}:\d{2})"
    r"[\s.!]*",
    re.IGNORECASE,
)


def _offset_alone(text: str) -> str | None:
    """The offset of a message that is a UTC offset alone (see :data:`_OFFSET_ALONE`)."""
    found = _OFFSET_ALONE.fullmatch(text.strip())
    return found["offset"] if found else None  # "UTC+15" too: /timezone says why not


def _asks_days_before(context: BotContext, text: str) -> bool:
    """ "remind me 2 days before", "напомни за 2 дня": a request to subscribe once the days
    are taken out (not "напомни мне за день до экзамена", "…, заранее спасибо")."""
    if not days_before(text):
        return False
    rest = without_days_before(text)
    if _EVENT.search(rest):  # "remind me a day before the exam", "imtahandan bir gün əvvəl"
        return False
    return intents.command_meant(intents.loaded(context), rest) == "subscribe"


#: What is left of a days-before request that names an event of the person's own.
_EVENT = re.compile(r"\bдо\b|\bbefore\b|\bthe\b|\bmy\b|\w(?:dan|dən)\b", re.IGNORECASE)


#: Words that may stand beside an hour alone: "at 9 please", "в 9 утра, пожалуйста", "а в 9
#: утра можно", "поменяйте время на 9 утра", "actually make it 8am" (a review: a Yekaterinburg
#: user tried four such ways and never got 9:00).
_PLEASE = frozenset(
    normalize("please pls plz пожалуйста плиз zəhmət olmasa xahiş edirəm lütfen ok okay").split()
)
#: "No" before an hour that corrects the one just set.
_CORRECTING = frozenset(normalize("no nope нет yox xeyr hayır").split())
_POLITE = _PLEASE | frozenset(
    normalize(
        "а можно хочу пусть лучше давайте давай тогда время на поменяйте поменяй измените"
        " измени поставьте поставь сделайте сделай мне по местному времени чтобы напоминали"
        " приходило приходили приходит поздравление напоминание напоминания"
        " напоминайте напоминай напомните напомни remind me"
        " make it actually instead change the time to set can you could i want then rather"
        " vaxtı olsun dəyiş dəyişin mənə edin keçir keçirin qoy qoyun et saatı saatını"
        " xatırlatma xatırlatmanı xatırlatmaları switch move it"
        " keç keçin qaytar qaytarın səhər axşam"
        " gəlsin gelsin göndərin gönderin göndər gönder"  # "saat 9-da gəlsin" (let it come)
        " göndərsin gondersin get prefer d id would"  # "saat 8de gondersin", "I'd rather get it"
    ).split()
)


def only_an_hour(text: str) -> bool:
    """Whether ``text`` is an hour of the day and nothing else but a please, or fillers with
    a word of the reminders or a time of day ("а в 9 утра можно"; not "а можно в 10?" after a
    question about a House's opening hours: a re-review)."""
    if hour_named(text) is None:
        return False
    rest = normalize(without_hour(text)).split()
    if rest[:1] and rest[0] in _CORRECTING and len(rest) > 1:
        rest = rest[1:]  # "yox, 20:00", "нет, в 8", "no, 8pm": that hour instead (a review)
    if rest.count("hour") != 1:
        return False
    if all(w == "hour" or w in _PLEASE for w in rest):
        return True
    timed = _TIME_WORDS.search(text) is not None
    return timed and all(w == "hour" or w in _POLITE for w in rest)


def _only_an_impossible_hour(text: str) -> bool:
    """ "saat 25", "в 25:00", "at 25 please": an hour no day has, and nothing else but fillers."""
    if not impossible_hour(text):
        return False
    rest = [w for w in normalize(text).split() if not w.isdigit()]
    return all(w in _POLITE or w in ("at", "saat", "в", "во", "к") for w in rest)


#: A word of the reminders or of a time of day beside the fillers.
_TIME_WORDS = re.compile(
    r"напомин|врем|поздравлен|remind|time|xatırlat|vaxt|утра|вечера|am\b|pm\b|a\.m|p\.m"
    r"|səhər|axşam|o'?clock|час|saat",
    re.IGNORECASE,
)


async def answer_question(update: Update, context: BotContext) -> bool:
    """True once this message answered the yes/no question just asked (the gate opens one in
    private chats only): "да" to "Shall I send you reminders?"; "отмена" is a no."""
    message = update.effective_message
    text = message.text if message is not None else None
    question = context.asked if context.asked in TYPED_ANSWERS else None
    if question is None or not text:
        return False
    name = intents.request_of(context, text)
    if question == asked.CARD_SUBSCRIBE:
        # a yes in so many words ("yes", "да", "bəli"; "yes, just flag day": that one), or a
        # no; not "ok", "хорошо, понятно" (a word back to a card, which asks nothing)
        first = normalize(text).split()[:1]
        plain = bool(first) and first[0] in _PLAIN_YES
        if plain and await _yes_to_one(context, text) and await subscribe_named(update, context):
            asked.answered(context, question)
            return True
        if not ((name == "yes" and plain) or name == "no"):
            return False
        asked.answered(context, question)
        await reminders.typed_answer(update, context, name == "yes")
        return True
    if question in NEEDS_EXPLICIT:
        explicit = intents.says(intents.loaded(context), EXPLICIT_YES, text)
        explicit = explicit and _PLAIN.fullmatch(text) is not None
        if explicit:  # "да", "удалите", "bəli sil" (not "да…", "yes 👎")
            asked.answered(context, question)
            await TYPED_ANSWERS[question](update, context, True)
            return True
        if name == "yes":  # "ok, later", "хорошо" after "Delete everything?": asked again
            await NEEDS_EXPLICIT[question](update, context)
            return True
    one = question == asked.START_REMINDERS and name in (None, "yes")
    # "да, только про 31 декабря", "yes, just flag day": that holiday's reminder, as
    # /subscribe names it (a mixed-language review: it got Solidarity Day's card)
    if one and await _yes_to_one(context, text) and await subscribe_named(update, context):
        asked.answered(context, question)
        return True
    if name not in ANSWERS and name != "cancel":
        return False
    asked.answered(context, question)  # answered: a reply to it later answers nothing
    await TYPED_ANSWERS[question](update, context, name == "yes")
    return True


async def _yes_to_one(context: BotContext, text: str) -> bool:
    """Whether ``text`` is a yes ("да", "yes please", "bəli,") and then only a holiday's name
    or date, with "only", "about" and the like: "да, только про 31 декабря". Anything else
    after the yes keeps its old reading: "yes, except flag day" (a review: it subscribed to
    Flag Day alone), "yes, and flag day too", "ok, when is flag day?" (a question)."""
    if "?" in text:
        return False
    table = intents.loaded(context)
    words = text.split()
    taken = next(
        (n for n in (1, 2) if intents.says(table, "yes", " ".join(words[:n]).strip(",.!:;—-"))),
        0,
    )
    rest = " ".join(words[taken:])
    if not taken or not await faq.only_a_holiday(context, rest, _ONE_HOLIDAY_WORDS):
        return False
    return bool(await faq.holidays_named(context, rest))


#: Words that may stand beside a holiday's name in "yes, only about Flag Day" (normalised).
_ONE_HOLIDAY_WORDS = frozenset(
    normalize(
        "only just for about the on of please pls remind me reminder reminders it"
        " только про о об для пожалуйста напоминай напоминайте напоминание напоминания мне"
        " yalnız ancaq sadəcə təkcə üçün haqqında zəhmət olmasa xahiş edirəm mənə xatırlat"
        " xatırlatma xatırlatmanı"
        # a day's ordinal ending, split off by normalising: "31-е", "31st", "31-i", "31-ci"
        " е го ое st nd rd th i ı ci cı cu cü u ü"
    ).split()
)


#: Words, spaces and a full stop, comma or exclamation mark: an explicit yes has nothing else
#: (an emoji or "…" may say the opposite, or hesitate).
_PLAIN = re.compile(r"[^\W_]+(?:[\s,.!]+[^\W_]+)*[.!]*", re.UNICODE)


async def subscribe_command(update: Update, context: BotContext) -> None:
    """/subscribe: every holiday and the announcements (at the hour given); "/subscribe
    bayraq", "/subscribe flag day" the holiday named only (a review: every holiday, and the
    announcements); "/subscribe novruz" nothing (a holiday the bot sends no greeting for)."""
    if context.args and await subscribe_named(update, context):
        return
    if context.args and _names_something(" ".join(context.args)):
        # "/subscribe birthday": a day the bot has no greeting for, not every holiday and the
        # announcements (a content editor's review; "/subscribe novruz" was refused already)
        await not_our_holiday(update, context)
        return
    await reminders.subscribe(update, context)


def _names_something(text: str) -> bool:
    """Whether /subscribe's words name one day the bot has no greeting for: "/subscribe
    birthday", "/subscribe день рождения", "/subscribe flower day". Anything else keeps
    meaning every holiday ("/subscribe to all", "/subscribe me", "/subscribe 9 pm Baku
    time", "/subscribe на праздники": a review found a first version refusing these)."""
    if days_before(text):  # "/subscribe 1 day before": told the greeting comes on the day
        return False
    said = set(normalize(text).split())
    return bool(said & _ONE_DAY_WORDS) and not said & _ALL_WORDS


#: Words that name one day (normalised): a holiday's name has one ("... Day", "... günü",
#: "День ...", "... bayramı").
_ONE_DAY_WORDS = frozenset(
    normalize(
        "day birthday anniversary günü gün ad günü день дня дне рождения годовщина bayramı"
    ).split()
)
#: Words of every holiday, whatever else is said (normalised).
_ALL_WORDS = frozenset(
    normalize(
        "all every everything both holidays все всё всех оба обоих праздники праздников"
        " hamısı hamısına bütün hər ikisi bayramlar bayramları"
    ).split()
)


#: "/unsubscribe announcements", "/unsubscribe объявления": those only.
_ANNOUNCEMENTS = re.compile(r"announcement|объявлен|elan", re.IGNORECASE)


async def unsubscribe_command(update: Update, context: BotContext) -> None:
    """/unsubscribe: every holiday and the announcements off; "/unsubscribe announcements" the
    announcements only (a review: everything)."""
    if context.args and _ANNOUNCEMENTS.search(" ".join(context.args)):
        await announcements_off(update, context)
        return
    await reminders.unsubscribe(update, context)


async def subscribe_named(update: Update, context: BotContext) -> bool:
    """ "remind me on flag day", "напомни о дне флага в 18:00", "bayraq günü saat 9-da
    xatırlat": the reminder of the holiday named (at the hour named), not every holiday and
    the announcements, as "remind me" alone. Another holiday or day named ("напомните о
    рамазане", "напомни 8 ноября"): which ones the bot has, and nothing subscribed. False
    (nothing said) if no holiday or day is named."""
    message = update.effective_message
    text = message.text if message is not None else None
    if message is None or not text:
        return False
    # the holidays named where a stop is asked, not where one is kept: "Bayraq gününü
    # söndürməyin, həmrəylik günü xatırlatma istəmirəm" keeps Flag Day (bot.intents.keeps)
    rest, kept = intents.split_kept(text)
    text = rest or text
    named = await faq.holidays_named(context, text)
    if kept:
        spared = {h.id for h in await faq.holidays_named(context, kept)}
        named = [h for h in named if h.id not in spared]
    day = dates.numeric_date(" ".join(context.args or [])) if text.startswith("/") else None
    if day is not None:  # "/subscribe 9.11" (a review: every holiday and the announcements)
        holidays = await subscriptions.all_holidays(context.store)
        named = [h for h in holidays if (h.month, h.day) == day]
    if not named and _BOTH_HOLIDAYS.search(text):  # "changed my mind, remind me of both"
        named = await subscriptions.all_holidays(context.store)
    other = faq.names_other_holiday(text)
    if not named and not other and (_this_day(text) or _bare(text)):
        # "remind me of this day", or "hatırlat" alone, right after a holiday's card: that
        # holiday, as the card's 🔔 (a review: every holiday and the announcements)
        named = await faq.last_holiday(context)
    if not named and not other and day is None and dates.date_named(text) is None:
        return False
    user_id = await reminders.person_id(update, context, private_only=True)
    if user_id is None:  # told why (a group)
        return True
    if not named:
        await not_our_holiday(update, context)
        return True
    hour = hour_named(text)
    if hour is None and text.startswith("/") and dates.date_named(text) is None:
        # "/subscribe flag day 9", as "/subscribe 9" (not "/subscribe 9 ноября", a date)
        hour = next((int(a) for a in context.args or [] if a.isdecimal() and len(a) <= 2), None)
    if impossible_hour(text) or (hour is not None and not 0 <= hour <= 23):
        await message.reply_text(context._("rem.no_such_hour"))
        return True
    ids = [holiday.id for holiday in named]
    only = await _only(context, text)
    if only:  # "напоминай только о дне флага": the others off (a user-journey review)
        others = await subscriptions.subscribed_holidays(context.store, user_id) - set(ids)
        await service.only_holidays(context.store, user_id, ids)
    for holiday in named if not only else ():
        await service.subscribe_holiday(context.store, user_id, holiday.id)
    if hour is not None:
        await settings.zone_with_hour(context, user_id, text)  # "at 9pm toronto time"
        await service.set_hour(context.store, user_id, hour)
    reply = await reminders.one_holiday_text(context, user_id, ids)
    reply = reply or await reminders.subscribed_text(context)
    if only and others:  # under the holidays' lines, above how to set the zone
        lines = reply.split("\n")
        reply = "\n".join([*lines[: len(ids)], context._("rem.others_off"), *lines[len(ids) :]])
    await message.reply_text(reminders.with_notes(context, text, reply))
    return True


#: "both holidays", "оба праздника", "hər iki bayram", "all the holidays": every holiday (a
#: mixed-language review: "wait i changed my mind, remind me for both holidays" got a card).
_BOTH_HOLIDAYS = re.compile(
    r"\b(?:both|all(?:\s+the)?)\s+(?:of\s+the\s+)?holidays\b|\bоб(?:а|оих)\s+праздник"
    r"|\bвсе(?:х|м)?\s+праздник|\bhər\s+iki\s+bayram|\bbütün\s+bayram",
    re.IGNORECASE,
)
#: "only on flag day", "только о дне флага", "yalnız bayraq günü": the others off — when a
#: holiday is named within a few words after it ("напомни о дне флага, только пораньше" is no
#: "only"; "just", "sadəcə" are fillers: a review found them turning the others off).
_ONLY = re.compile(r"\b(?:only|только|yalnız|yalnızca)\b((?:\W+\w+){1,5})", re.IGNORECASE)


async def _only(context: BotContext, text: str) -> bool:
    for found in _ONLY.finditer(text):
        if await faq.holidays_named(context, found.group(1)):
            return True
    return False


def _bare(text: str) -> bool:
    """ "remind me", "напомни", "hatırlat" typed alone (no command, no hour)."""
    return not text.startswith("/") and len(text.split()) <= 3 and hour_named(text) is None


def _this_day(text: str) -> bool:
    """Whether ``text`` is about the holiday just talked about, and nothing else: "хочу
    чтобы мне напоминали об этом дне", "remind me about it" (a review: "remind me to pay for
    this", "bu gün" (today) and "onu" (it) subscribed to the last card's holiday)."""
    found = _THIS_DAY.search(text)
    if found is None:
        return False
    words = len(text.split())
    return words <= (5 if found["vague"] else 8)


#: The holiday just talked about: "об этом дне", "about it", "bu günü" (after its card).
_THIS_DAY = re.compile(
    r"(?P<vague>\b(?:about|of)\s+it\b)"
    r"|\b(?:this|that)\s+(?:day|holiday|date)\b"
    r"|\b(?:этом|этот|том|тот|этого|эту)\s+(?:дне|день|празднике|праздник|дату)\b"
    r"|\b(?:bu|həmin|o)\s+(?:günü|bayramı|tarixi)\b",
    re.IGNORECASE,
)


async def unsubscribe_named(update: Update, context: BotContext) -> bool:
    """ "не хочу напоминания о дне флага", "bayraq gününü xatırlatma", "stop reminders for flag
    day": that holiday's reminder off, the other holidays and the announcements as they were
    (both reviews: the reminders card, "yours come at 10:00", and still subscribed); a holiday
    the bot never greets ("stop novruz") changes nothing, and says so. False (nothing said)
    if no holiday or day is named."""
    message = update.effective_message
    text = message.text if message is not None else None
    if message is None or not text:
        return False
    # the holidays named where a stop is asked, not where one is kept: "Bayraq gününü
    # söndürməyin, həmrəylik günü xatırlatma istəmirəm" keeps Flag Day (bot.intents.keeps)
    rest, kept = intents.split_kept(text)
    text = rest or text
    named = await faq.holidays_named(context, text)
    if kept:
        spared = {h.id for h in await faq.holidays_named(context, kept)}
        named = [h for h in named if h.id not in spared]
    if not named and not faq.names_other_holiday(text) and dates.date_named(text) is None:
        return False
    user_id = await reminders.person_id(update, context, private_only=True)
    if user_id is None:  # told why (a group)
        return True
    if not named:
        holidays = await reminders.holiday_list(context)
        await message.reply_text(context._("rem.not_our_holiday_off", holidays=holidays))
        return True
    lines = []
    for holiday in named:
        name = await service.stop_holiday(context.store, user_id, holiday.id, context.lang)
        if name is not None:
            lines.append(context._("rem.off_one", name=name))
    # none left: "your other reminders stay" was wrong to someone who had none (a persona
    # review, after /unsubscribe)
    left = await subscriptions.subscribed_holidays(context.store, user_id)
    lines.append(context._("rem.off_one_rest") if left else context._("rem.off_none_left"))
    await message.reply_text("\n".join(lines))
    return True


async def not_our_holiday(update: Update, context: BotContext) -> None:
    """ "/subscribe novruz", "напомните о рамазане": the holidays the bot has; nothing done."""
    message = update.effective_message
    if message is not None:
        holidays = await reminders.holiday_list(context)
        await message.reply_text(context._("rem.not_our_holiday", holidays=holidays))


async def caption(update: Update, context: BotContext) -> None:
    """A caption in a private chat ("С Днём флага!" under a picture, a question under a
    screenshot): a wish or a thanks gets its word back, a question the knowledge base answers
    its card; anything else is told what the bot reads (a review: a greeting picture got the
    Flag Day card, "/start" as a caption the diaspora policy)."""
    message = update.effective_message
    text = (message.caption if message is not None else None) or ""
    if message is not None and fallback.album_answered(context, message):
        return  # one reply for an album (a re-review: the caption's, then "only text")
    if text and not text.startswith("/"):
        name = intents.command_meant(intents.loaded(context), text)
        if name in ("congrats", "thanks"):
            await REPLIES[name](update, context)
            return
        if name == "start":  # "Привет" under a photo: a greeting back (a review: "only text")
            await start.start(update, context)
            return
        matches = await faq_service.find(context.store, faq.faq_index(context), text)
        if matches and matches[0].confident:
            await faq.question(update, context, matches=matches, text=text)
            return
    if message is not None and message.chat.type == ChatType.PRIVATE:
        # the album is marked answered above: this is its one reply (a review: silence)
        await fallback.say_unrecognised(message, context)


#: Both off in one phrase: "объявления и напоминания", "announcements or reminders", "elanları
#: və xatırlatmaları" (either order; not "announcements, reminders are fine").
_ANN = r"(?:объявлени\w*|announcements?|elan\w*)"
_REM = r"(?:напоминани\w*|поздравлени\w*|reminders?|greetings?|xatırlatma\w*|təbrik\w*)"
_AND = r"\s+(?:и|или|and|or|və|ya)\s+(?:(?:no|не|без)\s+)?"
_BOTH = re.compile(rf"{_ANN}{_AND}{_REM}|{_REM}{_AND}{_ANN}", re.IGNORECASE)
#: The reminders asked for: "хочу напоминания без объявлений", "subscribe me, no announcements".
_WANTED = re.compile(
    r"хочу\s+(?:получать\s+)?напомина|подпиш|\bwant\s+(?:the\s+)?reminders|\bsubscribe\s+me"
    r"|sign\s+me\s+up|xatırlatma\w*\s+istəyirəm|abunə\s+olmaq\s+istəyirəm",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:не|don'?t|dont|do\s+not|never|istəmirəm|istemiyorum)\b", re.I)


async def announcements_off(update: Update, context: BotContext) -> None:
    """ "turn off the announcements", "отпишите меня от объявлений": those off, the holiday
    reminders as they were; "хочу напоминания без объявлений": subscribed, without them;
    "отключите объявления и напоминания": both off, as /unsubscribe (a review: each was read as
    the announcements only, and "unsubscribe me from the announcements" as everything)."""
    message = update.effective_message
    text = (message.text if message is not None else None) or ""
    if _BOTH.search(text):  # "отключите объявления и напоминания": both off
        await reminders.unsubscribe(update, context)
        return
    user_id = await reminders.person_id(update, context, private_only=True)
    if message is None or user_id is None:
        return
    store = context.store
    wanted = _WANTED.search(text) is not None and not _NEGATION.search(text)
    if wanted and not await subscriptions.subscribed_holidays(store, user_id):
        await service.subscribe_all(store, user_id)
        await service.set_announcements(store, user_id, False)
        zone, time, _zone_set = await reminders.zone_and_hour(context)
        zone = zone_name(zone, context.clock.now(), context.lang)
        holidays = await reminders.holiday_list(context)
        await message.reply_text(
            context._("rem.subscribed_no_announcements", holidays=holidays, time=time, zone=zone)
        )
        return
    await service.set_announcements(store, user_id, False)
    await message.reply_text(context._("rem.announcements_off"))


async def reminders_off(update: Update, context: BotContext) -> None:
    """ "stop reminders but keep announcements", "не хочу напоминания, только объявления",
    "turn off only the announcements": one of the two kept, the other off. Which one is too
    easily read the wrong way round (three reviews in a row found a wording that turned off
    the very one asked for), so nothing is changed: the settings screen, where each holiday's
    reminder and the announcements have a switch, with a line saying so. A request read
    wrongly must cost a message, not a change nobody asked for."""
    await settings.show_settings(update, context, hint="rem.choose_in_settings")


async def chatter(update: Update, context: BotContext) -> None:
    """ "как дела", "how are you", "stupid bot": what the bot does, and every topic."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(
            context._("faq.chatter"), reply_markup=faq.all_topics_markup(context._)
        )


async def thanks(update: Update, context: BotContext) -> None:
    """ "спасибо", "sağ olun": a word back, not "I have no answer to that"."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(context._("intents.thanks"))


async def congrats(update: Update, context: BotContext) -> None:
    """ "с праздником!", "bayramınız mübarək": the wish back."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(context._("intents.congrats"))


async def text_size(update: Update, context: BotContext) -> None:
    """ "я плохо вижу, пишите крупно": where Telegram's text size is (a mixed-language review:
    "not understood")."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(context._("intents.text_size"))


#: What a request in plain words may ask for besides a command (and ``ANSWERED_HERE``, see
#: :func:`free_text`).
REPLIES: dict[str, Handler] = {
    "thanks": thanks,
    "congrats": congrats,
    "text_size": text_size,
    "reminder_hour": settings.hour_request,
    "my_zone": settings.my_zone,
    "announcements_off": announcements_off,
    "reminders_off": reminders_off,
    "chatter": chatter,
    "bye": thanks,
}
#: Read in a private chat only: under an announcement in a group, "как дела", "всем пока",
#: "idiot" are people talking to each other (a review: each drew a reply for the group).
PRIVATE_TALK = frozenset({"chatter", "bye"})
#: Answers to the yes/no question the bot has just asked (:mod:`handlers.asked`).
ANSWERS = frozenset({"yes", "no"})
#: What a question that deletes needs typed: an explicit yes alone, else it is asked again.
EXPLICIT_YES = "explicit_yes"
#: The tables of data/intents.toml that are no request.
NOT_REQUESTS = ANSWERS | {EXPLICIT_YES, intents.NEAR_ME}
#: Tables answered in :func:`free_text` itself.
ANSWERED_HERE = frozenset(
    {"zone_of", "subscribe_holiday", "unsubscribe_holiday", "more", fallback.GROUP_STOP}
)
TYPED_ANSWERS: dict[str, Callable[[Update, BotContext, bool], Coroutine[Any, Any, None]]] = {
    asked.START_REMINDERS: reminders.typed_answer,
    asked.FORGET: privacy.typed_answer,
    asked.CARD_SUBSCRIBE: reminders.typed_answer,
}
#: A yes in so many words (normalised), for the reminders card's Subscribe button.
_PLAIN_YES = frozenset(normalize("yes yeah yep yup да ага bəli hə he evet").split())
#: The questions whose yes deletes, and how each is asked again.
NEEDS_EXPLICIT: dict[str, Handler] = {asked.FORGET: privacy.ask_forget_again}
