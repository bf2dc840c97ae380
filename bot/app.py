"""``build_application(settings)``: the one place where every handler is registered.

Order matters: PTB runs at most one handler per group, lowest group first, and inside a
group the first handler whose filters match. The last handlers of group 0 are the fallbacks
that make sure every private message gets an answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from telegram import BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import DATA_DIR, callbacks, gazetteer, holidays, intents, places
from bot import faq as faq_service
from bot import reminders as reminder_rules
from bot.clock import Clock, SystemClock, iso
from bot.commands import COMMANDS, MENU, admin_commands, private_commands, public_commands
from bot.concurrency import PerPersonUpdateProcessor
from bot.config import Settings
from bot.context import BotContext, Runtime
from bot.i18n import LANGUAGES, gettext
from bot.store import Store, StoreError
from bot.updatelog import LoggedApplication, instrument
from handlers import (
    broadcast,
    errors,
    fallback,
    faq,
    gate,
    groups,
    membership,
    privacy,
    reminders,
    start,
)
from handlers import intents as intents_handlers
from handlers import places as places_handlers
from handlers import settings as settings_handlers
from handlers.admin import show_stats

log = logging.getLogger(__name__)

#: A syntactically valid token for the offline stand-in; never reaches Telegram.
OFFLINE_TOKEN = "123456789:offline-token-for-the-bot-api-stand-in"

Handler = Callable[[Update, BotContext], Coroutine[Any, Any, Any]]
BotApplication = Application[Any, BotContext, Any, Any, Any, Any]

#: Every command's callback, by name. ``bot.commands.COMMANDS`` says which exist.
COMMAND_CALLBACKS: dict[str, Handler] = {
    "start": start.start,
    "help": start.show_help,
    "language": start.choose_language,
    "subscribe": intents_handlers.subscribe_command,
    "unsubscribe": intents_handlers.unsubscribe_command,
    "settings": settings_handlers.show_settings,
    "timezone": settings_handlers.timezone_command,
    "mydata": privacy.my_data,
    "forget": privacy.ask_forget,
    "solidarity": faq.solidarity,
    "flagday": faq.flag_day,
    "topics": faq.topics,
    "broadcast": broadcast.start_broadcast,
    "broadcasts": broadcast.list_broadcasts,
    "cancel_broadcast": broadcast.cancel_broadcast,
    "group_broadcasts": groups.group_broadcasts,
    "stats": show_stats,
    "cancel": fallback.cancel,
    "houses": places_handlers.houses,
    "schools": places_handlers.schools,
}


def runtime_of(app: BotApplication) -> Runtime:
    runtime = app.bot_data["runtime"]
    assert isinstance(runtime, Runtime)
    return runtime


async def _post_init(app: BotApplication) -> None:
    runtime = runtime_of(app)
    runtime.starting = asyncio.current_task()
    try:
        await _start(app, runtime)
    finally:
        runtime.starting = None


async def _start(app: BotApplication, runtime: Runtime) -> None:
    runtime.store = await Store.open(runtime.settings.db_path)
    log.info("store ready at schema version %d", await runtime.store.version())
    if not DATA_DIR.is_dir():  # neither a checkout's data/ nor a wheel's copy: a broken install
        log.error(
            "no data folder at %s: no FAQ, holidays or places are loaded (those already in"
            " the database are used). Reinstall from a checkout: pip install -e .",
            DATA_DIR,
        )
    try:
        await holidays.load_at_start(runtime.store)
        runtime.extras["faq_index"] = await faq_service.load_knowledge_base(runtime.store)
        runtime.extras[intents.EXTRAS_KEY] = await asyncio.to_thread(intents.load, request_names())
        await load_data(runtime.store, runtime.clock)  # places and the gazetteer
    except sqlite3.Error as exc:  # a read-only file or folder, a full disk: one clear line
        raise StoreError(f"{runtime.settings.db_path} at start-up: {exc}") from exc
    # admin broadcasts: resumes any broadcast a stop or crash left running, once started
    await broadcast.start_runner(app, runtime)
    try:
        await publish_commands(app)
    except TelegramError as exc:
        log.warning("could not publish the command menu: %s", exc)


#: Content files (plain files anyone can edit), loaded into the store at start.


def request_names() -> set[str]:
    """The tables data/intents.toml may have: the commands, and the typed replies."""
    return (
        set(COMMAND_CALLBACKS)
        | set(intents_handlers.REPLIES)
        | intents_handlers.NOT_REQUESTS
        | intents_handlers.ANSWERED_HERE
    )


async def load_data(store: Store, clock: Clock) -> None:
    """Load data files into the store; each is read again only when it changed (sha256)."""
    started = time.perf_counter()
    now = iso(clock.now())
    # each on its own: a broken gazetteer must not keep an updated places file out
    try:
        await gazetteer.load(store, DATA_DIR / gazetteer.DATA_NAME, now)
    except (OSError, gazetteer.GazetteerError) as exc:  # the bot still answers without it
        log.error("could not load the gazetteer: %s", exc)
    try:
        await gazetteer.load_regions(store, DATA_DIR / gazetteer.REGIONS_NAME, now)
    except (OSError, gazetteer.GazetteerError) as exc:  # cities are still found without it
        log.error("could not load the regions: %s", exc)
    try:
        await places.load(store, DATA_DIR / places.DATA_NAME, now)
    except OSError as exc:
        log.error("could not load the places data: %s", exc)
    log.info("data files checked in %.2f s", time.perf_counter() - started)


async def publish_commands(app: BotApplication) -> None:
    """Tell Telegram the command menu in each language (and the admin menu to admins)."""
    settings = runtime_of(app).settings
    for lang in LANGUAGES:
        code = None if lang == "en" else lang
        commands = [BotCommand(c.name, gettext(lang, c.help_key)) for c in public_commands()]
        await app.bot.set_my_commands(
            commands, scope=BotCommandScopeAllPrivateChats(), language_code=code
        )
    if not admin_commands():
        return
    for admin in settings.admins:
        try:
            for lang in LANGUAGES:  # in the admin's Telegram language, as everyone's menu
                await app.bot.set_my_commands(
                    [BotCommand(c.name, gettext(lang, c.help_key)) for c in COMMANDS],
                    scope=BotCommandScopeChat(admin),
                    language_code=None if lang == "en" else lang,
                )
        except TelegramError as exc:  # the admin never opened the bot: not fatal
            log.warning("could not set the admin command menu for one admin: %s", exc)


async def _post_shutdown(app: BotApplication) -> None:
    runtime = runtime_of(app)
    starting = runtime.starting
    if starting is not None and not starting.done():
        # Stopped during start-up: PTB's run_polling leaves post_init's task running while it
        # shuts down. Cancel it (an open transaction rolls back; the next start redoes it).
        starting.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await starting
        log.info("stopped during start-up")
    if runtime.store is not None:
        await runtime.store.close()
        runtime.store = None


def _menu_filter(label_key: str) -> filters.BaseFilter:
    return filters.Text([gettext(lang, label_key) for lang in LANGUAGES])


#: Seconds to wait for Telegram's answer to a request (PTB's default is 5).
READ_TIMEOUT = 20.0


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    clock: Clock | None = None,
) -> BotApplication:
    """The bot. ``request`` replaces the network (the Bot API stand-in in chat and tests)."""
    reminder_rules.use_default_zone(settings.default_timezone)
    builder = (
        ApplicationBuilder()
        .application_class(LoggedApplication)
        .token(settings.token or OFFLINE_TOKEN)
        .context_types(ContextTypes(context=BotContext))
        .defaults(Defaults(parse_mode=ParseMode.HTML, disable_notification=False))
        .rate_limiter(
            AIORateLimiter(
                overall_max_rate=settings.send_rate, overall_time_period=1, max_retries=3
            )
        )
        .concurrent_updates(PerPersonUpdateProcessor(64))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if settings.api_url:
        builder = builder.base_url(settings.api_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:
        # PTB waits 5 s for Telegram's answer; a slower one would count a reminder or an
        # announcement as "maybe delivered" (never resent, see bot.delivery) although it
        # was only slow
        builder = builder.read_timeout(READ_TIMEOUT)
    app: BotApplication = builder.build()
    app.bot_data["runtime"] = Runtime(settings=settings, clock=clock or SystemClock())
    if app.job_queue is not None:
        # APScheduler skips a job that starts more than 1 s late (misfire_grace_time). A busy
        # loop at start-up could then skip resuming broadcasts, an album's completion or a
        # conversation's time-out, silently. Late is better than never, for every job:
        app.job_queue.scheduler.configure(
            job_defaults={"misfire_grace_time": None, "coalesce": True},
            **app.job_queue.scheduler_configuration,
        )

    # -- group -110: a group became a supergroup (a service message, which the gate drops) -----
    app.add_handler(
        MessageHandler(filters.StatusUpdate.MIGRATE, membership.group_migrated), group=-110
    )

    # -- group -100: the gate (groups, edits, flood) and the person's profile ------------------
    app.add_handler(TypeHandler(Update, gate.remember_user), group=-100)

    # -- group -1: the person blocked or unblocked the bot, or it was removed from a group ----
    app.add_handler(
        ChatMemberHandler(membership.membership_changed, ChatMemberHandler.MY_CHAT_MEMBER),
        group=-1,
    )

    # -- groups -20/-10: /houses and /schools waiting for a city ------------------------------
    # any command ends the wait (/cancel is answered there); a text while waiting is the city
    app.add_handler(
        MessageHandler(
            filters.COMMAND & filters.ChatType.PRIVATE, places_handlers.command_ends_pending
        ),
        group=-20,
    )
    app.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE, places_handlers.pending_text
        ),
        group=-10,
    )

    # -- group -9: the city typed right after /timezone's buttons ------------------------------
    app.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE, settings_handlers.zone_typed
        ),
        group=-9,
    )

    # -- group -5: the other items of an album being taken as an announcement ----------------
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & broadcast.IN_ALBUM, broadcast.album_item),
        group=-5,
    )

    # -- group 0: commands, from the one command list ------------------------------------------
    missing = {c.name for c in COMMANDS} ^ set(COMMAND_CALLBACKS)
    if missing:
        raise RuntimeError(f"commands without a callback or not listed: {sorted(missing)}")
    # a command that starts a conversation is registered as that conversation
    conversations = {"broadcast": broadcast.conversation(COMMAND_CALLBACKS["broadcast"])}
    # conversations first: while one waits, its fallbacks (/cancel, /forget) must reach it
    # before the plain command handlers of the same group take them
    for command in sorted(COMMANDS, key=lambda c: c.name not in conversations):
        only = filters.ChatType.PRIVATE if command.private else None
        app.add_handler(
            conversations.get(command.name)
            or CommandHandler(command.name, COMMAND_CALLBACKS[command.name], filters=only)
        )
    # the same commands outside a private chat: "write to me privately" (with a link)
    app.add_handler(CommandHandler([c.name for c in private_commands()], fallback.private_only))

    # main menu buttons (reply keyboard) run the same callbacks as their commands
    for row in MENU:
        for item in row:
            app.add_handler(
                MessageHandler(
                    _menu_filter(item.label_key) & filters.ChatType.PRIVATE,
                    COMMAND_CALLBACKS[item.command],
                )
            )

    # inline buttons
    app.add_handler(CallbackQueryHandler(start.language_chosen, pattern=callbacks.pattern("lang")))
    app.add_handler(CallbackQueryHandler(privacy.forget_answered, pattern=callbacks.pattern("fg")))
    app.add_handler(CallbackQueryHandler(reminders.button, pattern=callbacks.pattern("rem")))
    app.add_handler(
        CallbackQueryHandler(settings_handlers.button, pattern=callbacks.pattern("set"))
    )
    app.add_handler(CallbackQueryHandler(faq.button, pattern=callbacks.pattern("faq")))

    # inline mode: @bot words -> knowledge-base cards
    app.add_handler(InlineQueryHandler(faq.inline))

    # free-text questions: any private text no command, menu button or feature above took
    free_text = intents_handlers.free_text(COMMAND_CALLBACKS | intents_handlers.REPLIES)
    app.add_handler(
        # a request in plain words ("отпишите меня") runs its command; anything else is a
        # question, and one about Houses or schools that names a place gets a button for it
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE,
            free_text,
        )
    )
    # in a group, a reply to one of the bot's messages (the gate let only those through) is
    # a question or a request too (a personal one is then sent to a private chat)
    app.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & filters.ChatType.GROUPS & filters.REPLY, free_text
        )
    )
    app.add_handler(CallbackQueryHandler(broadcast.button, pattern=callbacks.pattern("bc")))
    app.add_handler(
        CallbackQueryHandler(
            places_handlers.button, pattern=callbacks.pattern(places_handlers.PREFIX)
        )
    )

    # a shared location, anywhere in a private chat: the nearest Houses and schools
    app.add_handler(
        MessageHandler(filters.LOCATION & filters.ChatType.PRIVATE, places_handlers.location)
    )

    # a photo's or a file's caption, in a private chat: read as a message's text is
    app.add_handler(
        MessageHandler(filters.CAPTION & filters.ChatType.PRIVATE, intents_handlers.caption)
    )

    # -- fallbacks: nothing goes unanswered ----------------------------------------------------
    app.add_handler(CallbackQueryHandler(fallback.stale_button))
    app.add_handler(MessageHandler(filters.COMMAND, fallback.unknown_command))
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE, fallback.unrecognised))

    # -- group 1: after the answer, an admin's text that may be a waiting draft's new text -----
    if settings.admins:  # the admins' messages only: nobody else's update runs it
        app.add_handler(
            MessageHandler(
                filters.TEXT
                & ~filters.COMMAND
                & filters.ChatType.PRIVATE
                & filters.UpdateType.MESSAGE
                & filters.User(user_id=sorted(settings.admins)),
                broadcast.offer_replacement,
            ),
            group=1,
        )

    app.add_error_handler(errors.on_error)

    # -- jobs: ONE repeating job sends every holiday reminder (first run at start: catch-up) ---
    if app.job_queue is not None:
        app.job_queue.run_repeating(
            reminders.reminder_job,
            interval=reminders.JOB_INTERVAL,
            name=reminders.JOB_NAME,
            # run once as soon as the scheduler starts (APScheduler would otherwise round a
            # start date that passed during start-up to the next interval), and never skip a
            # late run; overlapping ticks are prevented by the job itself (a tick while a long
            # run sends returns at once: APScheduler's own limit of one instance would log a
            # warning every minute of an hour-long run instead, a review found)
            job_kwargs={
                "next_run_time": datetime.now(UTC),
                "misfire_grace_time": None,
                "coalesce": True,
                "max_instances": 2,
            },
        )

    instrument(app, skip_groups=-50)  # name handlers in the per-update log line
    return app
