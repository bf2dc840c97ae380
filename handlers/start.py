"""/start, /help and /language."""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.constants import ChatType

from bot import callbacks
from bot.commands import MENU, admin_commands, public_commands
from bot.context import BotContext
from bot.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    Translator,
    language_base,
    language_named,
    normalize_language,
    translator,
)
from bot.store import users
from handlers import faq, reminders
from handlers.replies import edit_or_send


@cache
def main_menu(language: str) -> ReplyKeyboardMarkup:
    """The persistent menu keyboard in ``language`` (PTB objects are immutable: built once)."""
    _ = translator(language)
    rows: list[list[KeyboardButton]] = [
        [KeyboardButton(_(item.label_key)) for item in row] for row in MENU
    ]
    rows.append([KeyboardButton(_("menu.share_location"), request_location=True)])
    return ReplyKeyboardMarkup(rows, resize_keyboard=True, is_persistent=True)


@cache
def menu_labels() -> frozenset[str]:
    """The menu keyboard's labels in every language: a text that is one is a button press."""
    return frozenset(
        translator(lang)(item.label_key) for row in MENU for item in row for lang in LANGUAGES
    )


def _other_language(code: str | None, lang: str) -> str | None:
    """The name, in ``lang``, of the language of a Telegram set to one the bot does not write
    ("tr": "türk"), through Babel; None for az, en, ru and codes Babel does not know."""
    base = language_base(code)
    if not base or base in LANGUAGES or base == "und":  # "und": undetermined
        return None
    try:
        return Locale.parse(base).get_display_name(lang)
    except (ValueError, UnknownLocaleError):
        return None


async def start(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    _ = context._
    if message.chat.type != ChatType.PRIVATE:  # no menu keyboard for the whole group
        await message.reply_text(_("groups.start", bot=context.bot.username))
        return
    name = update.effective_user.first_name if update.effective_user else ""
    text = _("start.greeting", name=name)
    code = update.effective_user.language_code if update.effective_user else None
    profile = context.profile
    if (
        profile is not None
        and not profile.asked_subscribe  # the first /start only (a greeting goes here too)
        and profile.language == normalize_language(code)  # not one the person chose
        and (theirs := _other_language(code, context.lang))
    ):
        # a Telegram in Turkish got Azerbaijani, in German English, with no word of why or
        # how to change it (a persona review)
        text = f"{text}\n\n{_('start.other_language', theirs=theirs)}"
    await message.reply_text(text, reply_markup=main_menu(context.lang))
    # inline mode's "All topics in the bot" (a review: the greeting only)
    if context.args == [faq.START_TOPICS]:
        await faq.topics(update, context)
        return
    await reminders.ask_after_start(message, context)  # once per person: reminders yes/no


def help_text(_: Translator, *, admin: bool, group: str | None = None) -> str:
    """The commands; in a group (``group``: the bot's username) those that work there, where
    the others do, and how to ask there (a persona review: /mydata, /settings listed there
    only answered "works only in a private chat", and "just type a question" was ignored)."""
    lines = [_("help.title"), ""]
    shown = [c for c in public_commands() if not (group and c.private)]
    lines += [f"/{c.name} — {_(c.help_key)}" for c in shown]
    if admin and admin_commands():
        lines += ["", _("help.admin_title")]
        lines += [f"/{c.name} — {_(c.help_key)}" for c in admin_commands()]
    if group is not None:
        private = " ".join(f"/{c.name}" for c in public_commands() if c.private)
        lines += ["", _("help.private_commands", commands=private)]
        lines += ["", _("help.footer_group", bot=group)]
    else:
        lines += ["", _("help.footer")]
    return "\n".join(lines)


async def show_help(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    person = update.effective_user
    # in a group the admin commands would tell everyone there who the admin is
    is_admin = message.chat.type == ChatType.PRIVATE and context.settings.is_admin(
        person.id if person else None
    )
    group = context.bot.username if message.chat.type != ChatType.PRIVATE else None
    await message.reply_text(help_text(context._, admin=is_admin, group=group))


@cache
def language_keyboard(current: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    ("✅ " if code == current else "") + LANGUAGE_NAMES[code],
                    callback_data=callbacks.pack("lang", code),
                )
            ]
            for code in LANGUAGES
        ]
    )


async def choose_language(update: Update, context: BotContext) -> None:
    """/language: the buttons; "/language az", "/language русский": that language at once."""
    message = update.effective_message
    if message is None:
        return
    code = language_named(" ".join(context.args or []))
    if code is not None and context.profile is not None and message.chat.type == ChatType.PRIVATE:
        changed = await _set_language(context, code)
        await message.reply_text(
            translator(code)("language.changed"), reply_markup=main_menu(code) if changed else None
        )
        return
    # "/language de": not one of them, said so (a persona review: the buttons without a word)
    asked_for = context.args and code is None
    key = "language.not_offered" if asked_for else "language.choose"
    await message.reply_text(context._(key), reply_markup=language_keyboard(context.lang))


async def _set_language(context: BotContext, code: str) -> bool:
    """Store the person's language; False if it was that already."""
    if context.profile is None or code == context.profile.language:
        return False
    await users.set_language(context.store, context.profile.id, code)
    return True


async def language_chosen(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.profile is None:
        return
    if query.message is None or query.message.chat.type != ChatType.PRIVATE:
        # a picker someone else opened in a group: it would answer "changed" and change nothing;
        # no message: a card shared through inline mode, with crafted data (a security review)
        await query.answer(context._("rem.private_only"), show_alert=True)
        return
    try:
        (code,) = callbacks.unpack(query.data, "lang", 1)
    except callbacks.StaleButton:
        code = ""
    if code not in LANGUAGES:
        await query.answer(context._("button.stale"), show_alert=True)
        return
    unchanged = not await _set_language(context, code)
    _ = translator(code)
    await query.answer()
    await edit_or_send(query, _("language.changed"))
    # the menu keyboard is already in this language when it did not change
    if query.message is not None and not unchanged:
        await context.bot.send_message(
            query.message.chat.id, _("language.menu_updated"), reply_markup=main_menu(code)
        )
