"""The one list of commands: it drives handler registration (in ``bot.app``), ``/help`` and
the command menus Telegram shows (``set_my_commands`` per language)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    name: str
    help_key: str  # msgid of the one-line description
    admin: bool = False
    #: about the person (their data, settings, language) or an admin's tool: a private chat
    #: only; in a group it says so, never shows someone's data or buttons to everyone
    private: bool = False


COMMANDS: tuple[Command, ...] = (
    Command("start", "cmd.start"),
    Command("help", "cmd.help"),
    Command("language", "cmd.language", private=True),
    Command("mydata", "cmd.mydata", private=True),
    Command("forget", "cmd.forget", private=True),
    Command("subscribe", "cmd.subscribe", private=True),
    Command("unsubscribe", "cmd.unsubscribe", private=True),
    Command("settings", "cmd.settings", private=True),
    Command("timezone", "cmd.timezone", private=True),
    Command("solidarity", "cmd.solidarity"),
    Command("flagday", "cmd.flagday"),
    Command("topics", "cmd.topics"),
    Command("houses", "cmd.houses"),
    Command("schools", "cmd.schools"),
    # admins (BOT_ADMINS) only; hidden from everyone else's /help and menu
    Command("broadcast", "cmd.broadcast", admin=True, private=True),
    Command("broadcasts", "cmd.broadcasts", admin=True, private=True),
    Command("cancel_broadcast", "cmd.cancel_broadcast", admin=True, private=True),
    Command("group_broadcasts", "cmd.group_broadcasts", admin=True),  # sent in a group
    Command("stats", "cmd.stats", admin=True, private=True),
    # last: a /broadcast being written takes its /cancel first (its conversation comes before)
    Command("cancel", "cmd.cancel"),
)


@dataclass(frozen=True)
class MenuItem:
    """A button of the main reply keyboard; pressing it runs ``command``."""

    label_key: str
    command: str


#: Rows of the main menu keyboard shown by /start. The location button is added by /start.
MENU: tuple[tuple[MenuItem, ...], ...] = (
    (MenuItem("menu.faq_topics", "topics"), MenuItem("menu.solidarity", "solidarity")),
    (MenuItem("menu.houses", "houses"), MenuItem("menu.schools", "schools")),
    (MenuItem("menu.help", "help"), MenuItem("menu.language", "language")),
)


def public_commands() -> list[Command]:
    return [c for c in COMMANDS if not c.admin]


def command_name(text: str) -> str:
    """The command a message starts with, as registered: "/Stats@diaspora_bot now" → "stats";
    "" when it starts with none."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    return first[1:].partition("@")[0].lower() if first.startswith("/") else ""


def private_commands() -> list[Command]:
    return [c for c in COMMANDS if c.private]


def admin_commands() -> list[Command]:
    return [c for c in COMMANDS if c.admin]
