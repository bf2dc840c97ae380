"""/mydata shows what is stored; /forget deletes it after a confirmation."""

from __future__ import annotations

from datetime import datetime

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType

from bot import callbacks, privacy, reminders
from bot.context import BotContext
from bot.i18n import LANGUAGE_NAMES, Translator, zone_name, zone_text
from bot.places import country_name
from handlers import asked
from handlers.replies import edit_or_send


def render(
    data: privacy.StoredData, _: Translator, holiday_names: dict[str, str], now: datetime
) -> str:
    user = data.user
    if user is None:  # only an admin's groups: their id is all there is
        lines = [_("privacy.title"), "", _("privacy.id", id=data.user_id)]
        lines.append(_("privacy.admin", broadcasts=data.admin_broadcasts, groups=data.admin_groups))
        return "\n".join([*lines, "", _("privacy.footer")])
    yes, no = _("privacy.yes"), _("privacy.no")
    holidays = ", ".join(holiday_names.get(h, h) for h in data.holidays) or _("privacy.none")
    default = zone_name(reminders.DEFAULT_ZONE, now, user.language)
    zone = _("privacy.timezone_default", zone=default)
    if user.timezone:
        how = (
            _("privacy.timezone_manual") if user.timezone_manual else _("privacy.timezone_located")
        )
        # "Berlin, UTC+1 — chosen by you; stored as Europe/Berlin": the zone as every other
        # reply names it, then exactly what is stored (the reviews: an IANA id alone, and
        # brackets inside brackets)
        stored = user.timezone
        if stored.startswith("Etc/"):  # "Etc/GMT-3" is UTC+3: POSIX's sign
            stored = _("privacy.timezone_etc", stored=stored)
        shown = zone_text(user.timezone, now, user.language)
        zone = _("privacy.timezone_stored", zone=shown, how=how, stored=stored)
    lines = [
        _("privacy.title"),
        "",
        _("privacy.id", id=user.id),
        _("privacy.language", language=LANGUAGE_NAMES.get(user.language, user.language)),
        _("privacy.timezone", timezone=zone),
        _(
            "privacy.country",
            country=country_name(user.country, user.language)
            if user.country
            else _("privacy.not_set"),
        ),
        _("privacy.reminders", holidays=holidays),
        _("privacy.hour", hour=f"{user.reminder_hour:02d}:00"),
        _("privacy.announcements", value=yes if user.announcements else no),
        _("privacy.asked", value=yes if user.asked_subscribe else no),
        _("privacy.every_holiday", value=yes if user.every_holiday else no),
        _("privacy.active", value=yes if user.active else no),
        _("privacy.dates", created=_utc(user.created_at), seen=_utc(user.last_seen)),
        _(
            "privacy.records",
            reminders=data.reminders_sent,
            announcements=data.announcements_received,
        ),
    ]
    if data.admin_broadcasts or data.admin_groups:
        lines.append(_("privacy.admin", broadcasts=data.admin_broadcasts, groups=data.admin_groups))
    return "\n".join([*lines, "", _("privacy.footer")])


def _utc(stamp: str) -> str:
    """'2026-11-27T10:15:39Z' as stored, shown to the minute: '2026-11-27 10:15 UTC'."""
    return f"{stamp[:10]} {stamp[11:16]} UTC" if len(stamp) >= 16 else stamp


async def _holiday_names(context: BotContext) -> dict[str, str]:
    """Names in the person's language; a suspended holiday (its id no longer in the holidays
    file: nothing is sent) says so, or /mydata and /settings would seem to disagree."""
    rows = await context.store.lookup(
        "SELECT t.holiday_id, t.name, h.in_file FROM holiday_texts t"
        " JOIN holidays h ON h.id = t.holiday_id WHERE t.language = ?",
        (context.lang,),
    )
    paused = context._("privacy.suspended")
    return {r["holiday_id"]: r["name"] if r["in_file"] else f"{r['name']} ({paused})" for r in rows}


async def my_data(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    person = update.effective_user
    data = await privacy.stored_data(context.store, person.id) if person else None
    if data is None:
        await message.reply_text(context._("privacy.nothing"))
        return
    names = await _holiday_names(context)
    await message.reply_text(render(data, context._, names, context.clock.now()))


async def ask_forget(update: Update, context: BotContext) -> None:
    await _ask_forget(update, context, again=False)


async def ask_forget_again(update: Update, context: BotContext) -> None:
    """The question again after a typed answer that is no explicit yes ("yes please", "ok"),
    saying what deletes (a review: the same question, no word why)."""
    await _ask_forget(update, context, again=True)


async def _ask_forget(update: Update, context: BotContext, *, again: bool) -> None:
    message = update.effective_message
    if message is None:
        return
    _ = context._
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("privacy.forget_yes"), callback_data=callbacks.pack("fg", "yes")
                ),
                InlineKeyboardButton(
                    _("privacy.forget_no"), callback_data=callbacks.pack("fg", "no")
                ),
            ]
        ]
    )
    text = _("privacy.forget_confirm")
    if again:
        text = f"{text}\n\n{_('privacy.forget_how', yes=_('privacy.forget_yes'))}"
    prompt = await message.reply_text(text, reply_markup=buttons)
    asked.ask(context, asked.FORGET, prompt.message_id)  # a typed "да" answers it too
    if context.user_data is not None:
        context.user_data[_PROMPT] = prompt.message_id


#: The message id of the person's latest /forget question (memory only): a "Yes" pressed on any
#: other, or after a restart, asks again (a review: "No" on a second question, then "Yes" on
#: the first one, still on the screen above, deleted everything).
_PROMPT = "forget_prompt"


def _latest_prompt(context: BotContext, query: CallbackQuery) -> bool:
    """True if ``query`` is on the latest /forget question, which then closes."""
    data = context.user_data
    if data is None or query.message is None or data.get(_PROMPT) != query.message.message_id:
        return False  # "No" on an older question leaves the latest one open (a review)
    del data[_PROMPT]
    return True


async def forget_answered(update: Update, context: BotContext) -> bool:
    """The answer to /forget's question; True once everything was deleted."""
    query = update.callback_query
    if query is None:
        return False
    if query.message is None or query.message.chat.type != ChatType.PRIVATE:
        # someone else's /forget in a group: never deletes the one who pressed; nor crafted
        # data on a card shared through inline mode (a security review)
        await query.answer(context._("rem.private_only"), show_alert=True)
        return False
    try:
        (choice,) = callbacks.unpack(query.data, "fg", 1)
    except callbacks.StaleButton:
        choice = ""
    _ = context._  # the language is read before the row is gone
    asked.answered(context, asked.FORGET)
    latest = _latest_prompt(context, query)
    if choice == "yes" and not latest:
        if await privacy.stored_data(context.store, query.from_user.id) is None:
            # a double tap on "Yes": the first deleted everything (a review: "nothing was
            # deleted", and the question again); its "Everything is deleted" stays
            await query.answer(_("privacy.nothing"))
            return False
        await query.answer()
        await edit_or_send(query, _("privacy.forget_again"))
        await ask_forget(update, context)
        return False
    if choice == "yes":
        await _forget(context, query.from_user.id, query.message.chat.id if query.message else None)
        await query.answer()
        await edit_or_send(query, _("privacy.forgotten"))
        return True
    if choice == "no":
        await query.answer()
        # pressed after "Yes" on the same question (a double tap, a second device)
        stored = await privacy.stored_data(context.store, query.from_user.id) is not None
        await edit_or_send(query, _("privacy.kept") if stored else _("privacy.nothing"))
    else:
        await query.answer(_("button.stale"), show_alert=True)
    return False


async def _forget(context: BotContext, user_id: int, chat_id: int | None) -> None:
    await privacy.forget(context.store, user_id)
    context.profile = None
    # what PTB keeps in memory for the person and this chat (e.g. a /houses city awaited)
    context.application.drop_user_data(user_id)
    if chat_id is not None:
        context.application.drop_chat_data(chat_id)


async def typed_answer(update: Update, context: BotContext, yes: bool) -> None:
    """ "да" or "нет" typed right after /forget's question (in the private chat it was
    asked in), as its buttons."""
    message = update.effective_message
    person = update.effective_user
    if message is None or person is None:
        return
    _ = context._  # the language is read before the row is gone
    if context.user_data is not None:  # answered: its buttons ask again
        context.user_data.pop(_PROMPT, None)
    if yes:
        await _forget(context, person.id, message.chat.id)
        await message.reply_text(_("privacy.forgotten"))
    else:
        await message.reply_text(_("privacy.kept"))
