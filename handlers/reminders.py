"""/subscribe, /unsubscribe, the reminder buttons (``rem:…``), the /start question, and the
scheduler job that sends the holiday reminders."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from babel.dates import format_date
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import callbacks, reminders
from bot.context import BotContext
from bot.delivery import workers_for
from bot.hours import days_before, hour_named, impossible_hour, minutes_dropped
from bot.i18n import Html, Translator, translator, zone_name
from bot.reminders import Due
from bot.store import subscriptions as subs
from handlers import asked
from handlers.replies import edit_or_send

log = logging.getLogger(__name__)

JOB_NAME = "reminders"
JOB_INTERVAL = 60.0  # seconds between runs; the first run is at start (catches up downtime)


def hour_text(hour: int) -> str:
    return f"{hour:02d}:00"


def day_text(month: int, day: int, lang: str) -> str:
    return format_date(reminders.local_date(month, day), "d MMMM", locale=lang)


def full_day_text(day: date, lang: str) -> str:
    """ "Thursday, 31 December 2026", "четверг, 31 декабря 2026", "cümə axşamı, 31 dekabr
    2026": a countdown's day, with its weekday and year (a review: "what day of the week is
    it", and 345 days to 9 November read as this year's)."""
    text = format_date(day, "EEEE, d MMMM y", locale=lang)
    return text if lang == "en" else text[:1].lower() + text[1:]  # mid-sentence: "cümə"


async def holiday_list(context: BotContext) -> str:
    """Every holiday the bot has, with its date: "State Flag Day (9 November), …"."""
    texts = await subs.holiday_texts(context.store, context.lang)
    holidays = [
        f"{texts[h.id].name if h.id in texts else h.id} ({day_text(h.month, h.day, context.lang)})"
        for h in await subs.all_holidays(context.store)
    ]
    return ", ".join(holidays) or "—"


def _user_id(context: BotContext) -> int:
    return context.profile.id if context.profile else 0


async def zone_and_hour(context: BotContext) -> tuple[str, str, bool]:
    """The zone reminders use, the hour, and whether the person chose the zone (or shared a
    location)."""
    view = await reminders.settings_of(context.store, _user_id(context), context.lang)
    if view is None:
        return reminders.DEFAULT_ZONE, hour_text(reminders.DEFAULT_HOUR), False
    return view.timezone, hour_text(view.hour), view.timezone_set


def default_zone_name(lang: str, now: datetime) -> str:
    """The zone of people who set none (``BOT_DEFAULT_TZ``), as a sentence names it."""
    return zone_name(reminders.DEFAULT_ZONE, now, lang)


def zone_hint(context: BotContext) -> str:
    """ "I don't know your time zone yet, so this is Baku time: … or write your city" (the
    default zone's): a city typed next is the zone's, as after /timezone's "Type your city" (a
    persona review: "Кёльн" got "what are you looking for there?", and no zone)."""
    asked.ask(context, asked.ZONE_HINT)
    return context._("rem.zone_hint", zone=default_zone_name(context.lang, context.clock.now()))


async def subscribed_text(context: BotContext, already: bool = False) -> str:
    """ "✅ Subscribed…"; ``already``: it was before ("✅ You are subscribed already…")."""
    zone, time, zone_set = await zone_and_hour(context)
    zone = zone_name(zone, context.clock.now(), context.lang)  # reminders come later: no offset
    key = "rem.already_subscribed" if already else "rem.subscribed"
    text = context._(key, holidays=await holiday_list(context), time=time, zone=zone)
    # "10:00 your time" at /start, then "10:00 (Asia/Baku)": say why, and how to change it
    return text if zone_set else f"{text}\n{zone_hint(context)}"


# -- who may change settings -------------------------------------------------------------------
async def person_id(update: Update, context: BotContext, *, private_only: bool) -> int | None:
    """The id of a person whose settings may be changed here, or None after telling them why
    not: settings are personal (commands work in a private chat only), and people the bot does
    not store (strangers pressing a button in a group) must open a private chat first."""
    profile = context.profile
    chat = update.effective_chat
    # a button on a card shared through inline mode has no chat: not a private one either (a
    # security review: crafted "set:…" data turned such a card into someone's settings)
    allowed = profile is not None and (
        not private_only or (chat is not None and chat.type == "private")
    )
    if profile is not None and allowed and await reminders.is_known(context.store, profile.id):
        return profile.id
    text = context._("rem.private_only")
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text)
    return None


# -- commands ----------------------------------------------------------------------------------
async def subscribe(update: Update, context: BotContext) -> None:
    """/subscribe, "remind me"; with an hour ("/subscribe 9", "remind me at 9am", "в 9
    утра", "saat 9-da"), at that hour."""
    message = update.effective_message
    user_id = await person_id(update, context, private_only=True)
    if message is None or user_id is None:
        return
    text = message.text or ""
    argument = text.split()[1:2] if text.startswith("/") else []
    hour = hour_named(text)  # "/subscribe 9 pm" is 21:00, "/subscribe 9" 09:00
    if hour is None and argument and argument[0].isdecimal() and not days_before(text):
        hour = int(argument[0])  # (not "/subscribe 1 day before": that was 01:00)
    if impossible_hour(text) or (hour is not None and not 0 <= hour <= 23):
        await message.reply_text(context._("rem.no_such_hour"))
        return
    subscribed = await subs.subscribed_holidays(context.store, user_id)
    if hour is None and subscribed and days_before(text):
        # "напомни за 2 дня" from a subscriber: what they have, not /subscribe again (a review:
        # the announcements and a holiday they had turned off came back)
        zone, time, _zone_set = await zone_and_hour(context)
        zone = zone_name(zone, context.clock.now(), context.lang)
        when = context._("set.when", time=time, zone=zone)
        await message.reply_text(f"{context._('rem.on_the_day')}\n{when} /settings")
        return
    if hour is not None and subscribed:
        # subscribed already: the hour is what they ask to change, not every holiday back on
        await reminders.set_hour(context.store, user_id, hour)
        await message.reply_text(with_notes(context, text, await hour_set_text(context)))
        return
    if hour is None and await _has_everything(context, user_id):
        # "/subscribe" again: "✅ Subscribed" read as if it were new (a persona review)
        await message.reply_text(with_notes(context, text, await subscribed_text(context, True)))
        return
    await reminders.subscribe_all(context.store, user_id)
    if hour is not None:
        await reminders.set_hour(context.store, user_id, hour)
    await message.reply_text(with_notes(context, text, await subscribed_text(context)))


async def _has_everything(context: BotContext, user_id: int) -> bool:
    """Whether every holiday's reminder and the announcements are on already."""
    view = await reminders.settings_of(context.store, user_id, context.lang)
    return view is not None and view.announcements and all(h.subscribed for h in view.holidays)


def with_notes(context: BotContext, asked: str, reply: str) -> str:
    """``reply``, and that reminders come on the day itself if ``asked`` wanted one before it
    ("напомни за 2 дня": a review: it was read as 14:00, and said nothing of the days), and
    on the whole hour if it named minutes ("at 9:30" is 09:00, said so)."""
    if minutes_dropped(asked):
        reply = f"{reply}\n{context._('rem.whole_hour')}"
    return f"{reply}\n{context._('rem.on_the_day')}" if days_before(asked) else reply


async def hour_set_text(context: BotContext) -> str:
    zone, time, zone_set = await zone_and_hour(context)
    zone = zone_name(zone, context.clock.now(), context.lang)
    text = context._("rem.hour_set", time=time, zone=zone)
    return text if zone_set else f"{text}\n{zone_hint(context)}"


async def unsubscribe(update: Update, context: BotContext) -> None:
    message = update.effective_message
    user_id = await person_id(update, context, private_only=True)
    if message is None or user_id is None:
        return
    view = await reminders.settings_of(context.store, user_id, context.lang)
    await reminders.unsubscribe_all(context.store, user_id)
    if view is not None and not view.any_on:  # "🔕 Unsubscribed" to someone who never was
        await message.reply_text(context._("rem.unsubscribed_already"))
        return
    await message.reply_text(context._("rem.unsubscribed"))


async def ask_after_start(message: Message, context: BotContext) -> None:
    """Called by /start: asks a person once whether they want reminders (in a private chat)."""
    if (
        message.chat.type != "private"
        or context.profile is None
        or context.profile.asked_subscribe  # the profile was read for this update
        or not await reminders.should_ask(context.store, context.profile.id)
    ):
        return
    _ = context._
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("rem.ask_yes"), callback_data=callbacks.pack("rem", "ask", "yes")
                ),
                InlineKeyboardButton(
                    _("rem.ask_no"), callback_data=callbacks.pack("rem", "ask", "no")
                ),
            ]
        ]
    )
    text = _("rem.ask", holidays=await holiday_list(context))
    if context.profile is None or context.profile.timezone is None:
        # "10:00 your time" while the bot knows no zone was Baku's 10:00: 01:00 in Houston (the
        # English review); said before the answer, not only after it
        zone = default_zone_name(context.lang, context.clock.now())
        text = f"{text}\n{_('rem.ask_zone_unknown', zone=zone)}"
    question = await message.reply_text(text, reply_markup=keyboard)
    asked.ask(context, asked.START_REMINDERS, question.message_id)  # a typed "да" too


async def typed_answer(update: Update, context: BotContext, yes: bool) -> None:
    """ "да", "yox" typed right after /start's question, as its buttons."""
    message = update.effective_message
    user_id = await person_id(update, context, private_only=True)
    if message is None or user_id is None:
        return
    if yes:
        await reminders.subscribe_all(context.store, user_id)
        await message.reply_text(await subscribed_text(context))
    else:
        await message.reply_text(await declined_text(context, user_id))


async def declined_text(context: BotContext, user_id: int) -> str:
    """ "No, thanks" to /start's question: "no reminders", unless some are on already (a
    holiday's 🔔 pressed since, then the old "No" tapped: "no reminders" while the 31
    December one stayed on, a persona review), which stay, named."""
    view = await reminders.settings_of(context.store, user_id, context.lang)
    kept = [h.name for h in view.holidays if h.subscribed] if view else []
    if not kept:
        return context._("rem.declined")
    return context._("rem.declined_kept", holidays=", ".join(kept))


async def one_holiday_text(
    context: BotContext, user_id: int, holiday_ids: list[str], *, alert: bool = False
) -> str | None:
    """ "🔔 State Flag Day: I will remind you on 9 November at 10:00 (Berlin)", a line for
    each holiday of ``holiday_ids``; in a message (not an ``alert``), how to set the zone if
    none is set. None if the person or a holiday is not known."""
    view = await reminders.settings_of(context.store, user_id, context.lang)
    chosen = [h for h in view.holidays if h.id in holiday_ids] if view else []
    if view is None or len(chosen) != len(holiday_ids):
        return None
    # an alert is plain text: values are not HTML-escaped there
    value: type[str] = Html if alert else str
    zone = value(zone_name(view.timezone, context.clock.now(), context.lang))
    lines = [
        context._(
            "rem.sub_one",
            name=value(choice.name),
            date=day_text(choice.month, choice.day, context.lang),
            time=hour_text(view.hour),
            zone=zone,
        )
        for choice in chosen
    ]
    if not alert and not view.timezone_set:
        lines.append(zone_hint(context))
    return "\n".join(lines)


# -- buttons: rem:sub|off:<holiday>, rem:ask:yes|no, rem:ann:off|preview, rem:at:<hour> -----
async def button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    data = query.data or ""
    try:
        action, value = callbacks.unpack(data, "rem", 2)
    except callbacks.StaleButton:
        action, value = "", ""
    # "🔔 Remind me" under a card and the stops answer in a pop-up only the presser sees, in a
    # group too; "ask" and "at" rewrite the message into the person's reminders, which a group
    # must not see (a security review: crafted data posted one's zone there)
    user_id = await person_id(update, context, private_only=action in ("ask", "at"))
    if user_id is None:
        return
    _ = context._
    if action == "ask" and value in ("yes", "no"):
        asked.answered(context, asked.START_REMINDERS)
        await query.answer()
        if value == "yes":
            await reminders.subscribe_all(context.store, user_id)
            await edit_or_send(query, await subscribed_text(context))
        else:
            await edit_or_send(query, await declined_text(context, user_id))
        return
    if action == "sub" and await reminders.subscribe_holiday(context.store, user_id, value):
        # in a private chat, a message stays in the chat and can say how to set the zone (a
        # persona review: a 67-year-old may miss a pop-up, and it had no word on the zone); in
        # a group, a pop-up only the presser sees
        private = query.message is None or query.message.chat.type == "private"
        text = await one_holiday_text(context, user_id, [value], alert=not private)
        if text is not None and not private:
            await query.answer(text, show_alert=True)
            return
        if text is not None:
            await query.answer()
            await query.get_bot().send_message(user_id, text)
            return
    if action == "ann" and value == "off":  # under an announcement
        await reminders.set_announcements(context.store, user_id, False)
        await query.answer(_("broadcast.stopped"), show_alert=True)
        return
    if action == "at" and value.isdecimal() and 0 <= int(value) <= 23:
        # "🔔 Remind me at 08:00" under "you don't get reminders yet" (an hour typed)
        asked.answered(context, asked.START_REMINDERS)
        await reminders.subscribe_all(context.store, user_id)
        await reminders.set_hour(context.store, user_id, int(value))
        await query.answer()
        await edit_or_send(query, await subscribed_text(context))
        return
    if action == "ann" and value == "preview":  # under the admin's preview: nothing changes
        await query.answer(_("broadcast.stop_preview"), show_alert=True)
        return
    if action == "off":
        name = await reminders.stop_holiday(context.store, user_id, value, context.lang)
        if name is not None:
            await query.answer(_("rem.off_one", name=Html(name)), show_alert=True)
            return
    await query.answer(_("button.stale"), show_alert=True)


# -- the scheduler -----------------------------------------------------------------------------
@dataclass
class SchedulerState:
    """One per Application (in ``bot_data``): runs never overlap inside one process."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    recovered: bool = False
    runs: int = 0
    #: (holiday, year) whose missed reminders were counted (see reminders.missed_lately)
    missed_checked: set[tuple[str, int]] = field(default_factory=set)


def scheduler_state(context: BotContext) -> SchedulerState:
    state = context.bot_data.get("reminders")
    if not isinstance(state, SchedulerState):
        state = SchedulerState()
        context.bot_data["reminders"] = state
    return state


def reminder_text(_: Translator, name: str, greeting: str) -> str:
    return _("rem.message", name=name, greeting=greeting)


def reminder_keyboard(_: Translator, holiday_id: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("rem.btn_settings"), callback_data=callbacks.pack("set", "open")
                ),
                InlineKeyboardButton(
                    _("rem.btn_stop"), callback_data=callbacks.pack("rem", "off", holiday_id)
                ),
            ]
        ]
    )


async def reminder_job(context: BotContext) -> None:
    """The JobQueue callback (every minute, first at start). A run that is still sending when
    the next minute comes keeps selecting newly due people itself, so the next tick returns."""
    await run_reminders(context, wait=False)


async def run_reminders(context: BotContext, *, wait: bool = True) -> reminders.RunReport | None:
    state = scheduler_state(context)
    if state.lock.locked() and not wait:
        return None
    async with state.lock:
        store = context.store
        if not state.recovered:
            state.recovered = True
            lost = await reminders.recover(store)
            if lost:
                log.warning(
                    "%d reminders were in flight when the bot last stopped abruptly; "
                    "they are not sent again, to never send twice",
                    lost,
                )

        # checked at each run, said once per process: a bot restarted at 02:00 UTC on 1
        # January still greets the Americas, and only at 12:00 UTC is the day over everywhere
        over = await reminders.missed_lately(store, context.clock.now(), state.missed_checked)
        for holiday_id, year, people in over:
            state.missed_checked.add((holiday_id, year))
            if people:
                log.warning(
                    "%s %d is over and %d subscriber(s) who had joined before it have no"
                    " reminder recorded for it: the bot was not running at their hour, or they"
                    " subscribed after it (reminders are never sent a day late)",
                    holiday_id,
                    year,
                    people,
                )
        texts = await reminders.holiday_texts(store)
        bot = context.bot
        application = context.application

        async def send(due: Due) -> None:
            nonlocal texts
            if due.holiday_id not in texts["en"]:  # a holiday imported while this run goes on
                texts = await reminders.holiday_texts(store)
            text = texts.get(due.language, {}).get(due.holiday_id) or texts["en"][due.holiday_id]
            _ = translator(due.language)
            await bot.send_message(
                due.user_id,
                reminder_text(_, text.name, text.greeting),
                reply_markup=reminder_keyboard(_, due.holiday_id),
            )

        report = await reminders.send_due(
            store,
            context.clock,
            send,
            workers=workers_for(context.settings.send_rate),
            keep_going=lambda: application.running,
        )
        state.runs += 1
        if report.selected:
            log.info(
                "reminders: %d due, %d sent, %d blocked, %d failed, %d unconfirmed,"
                " %d skipped (taken by another run, or no longer due)",
                report.selected,
                report.sent,
                report.blocked,
                report.failed,
                report.unconfirmed,
                report.skipped,
            )
        if report.not_sent:
            log.warning(
                "reminders: Telegram could not be reached or kept asking to wait; the run"
                " stopped and the next one tries again (%d given back)",
                report.not_sent,
            )
        return report
