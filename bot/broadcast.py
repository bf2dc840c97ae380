"""Admin broadcasts: a draft, its frozen recipient list, sending at the shared rate, resume
after a restart, and the report.

How a broadcast reaches everyone once
-------------------------------------
At Confirm, :func:`bot.store.broadcasts.freeze_recipients` writes one row per recipient
(state ``pending``) and marks the broadcast ``running`` in one transaction. A
:class:`BroadcastRunner` then sends with a bounded pool of concurrent workers; the
Application's rate limiter (``BOT_SEND_RATE``) is the only pace, and every send goes through
:func:`bot.delivery.deliver`.

Each recipient's row moves ``pending → sending → delivered | blocked | failed``:

- ``sending`` is committed by :class:`WireHookLimiter` *after* the limiter lets the request
  through and *before* it leaves for Telegram, so a request still waiting for its turn is
  ``pending`` in the database;
- the outcome is committed right after the answer.

A graceful stop (SIGTERM, Ctrl-C, ``Application.stop``) lets the requests in flight finish
and records them; the rest stays ``pending`` and is sent after the next start: no duplicates,
no gaps. After a hard crash (``kill -9``, power loss) the rows still ``sending`` are the only
ones whose fate is unknown — the request may or may not have reached Telegram, and the Bot API
offers no way to ask. They become ``unconfirmed`` and are **never sent again**: nobody gets
an announcement twice. The residual risk is a gap of at most the requests that were on the
wire at the moment of the crash (about ``rate × round trip``, 2–3 at 25/s), and the report
shows how many there were.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from telegram.ext import AIORateLimiter

from bot.clock import Clock
from bot.delivery import DEFAULT_POLICY, RetryPolicy, deliver
from bot.store import Store, broadcasts, groups
from bot.store.broadcasts import Broadcast

log = logging.getLogger(__name__)

#: Awaited just before the current task's next request leaves for Telegram (see below).
BEFORE_WIRE: ContextVar[Callable[[], Awaitable[None]] | None] = ContextVar(
    "broadcast_before_wire", default=None
)


class WireHookLimiter(AIORateLimiter):
    """PTB's AIORateLimiter, plus one hook: when the task sending a request has set
    :data:`BEFORE_WIRE`, it is awaited after the limiter lets the request through and before
    the request is made (and again before each retry after a 429). Other senders are
    untouched."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        hook = BEFORE_WIRE.get()
        if hook is None:
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )

        async def on_wire(*a: Any, **kw: Any) -> bool | dict[str, Any] | list[dict[str, Any]]:
            await hook()
            return await callback(*a, **kw)

        return await super().process_request(on_wire, args, kwargs, endpoint, data, rate_limit_args)


MAX_WORKERS = 100
#: A broadcast whose first this-many sends all fail (and none arrives) is stopped.
GIVE_UP_AFTER = 20
#: How long the per-person rows of a finished broadcast are kept (its counts stay for good).
KEEP_RECIPIENTS = timedelta(days=30)


def workers_for(rate: float) -> int:
    """Enough concurrent sends that the limiter, not the round trip, sets the pace.

    A request to Telegram takes up to ~0.2 s, so ``rate × 0.2`` of them must be in flight;
    at least 4, at most 100 (also for no limit, ``rate`` 0).
    """
    if rate <= 0:
        return MAX_WORKERS
    return max(4, min(MAX_WORKERS, math.ceil(rate * 0.2)))


class _Journal:
    """Recipient states written by many workers, committed together (group commit).

    It writes through a connection of its own (``store``, opened for the run): the batch is
    one call to SQLite's thread instead of three (BEGIN, UPDATEs, COMMIT) on the shared one.

    :meth:`write` returns once *its* change is in SQLite (and everything queued before it);
    :meth:`queue` only adds a change to the next batch. While one batch commits, the next one
    gathers, so a broadcast costs about one transaction per round of workers instead of two
    per recipient — and no change is ever reported written before it is.
    """

    def __init__(self, store: Store, broadcast_id: int) -> None:
        self._store = store
        self._broadcast_id = broadcast_id
        self._pending: list[tuple[int, str]] = []
        self._queued = 0  # number of changes queued so far
        self._committed = 0  # … of which the first ones are committed
        self._committing: asyncio.Event | None = None  # set when the batch in flight is done

    def queue(self, user_id: int, state: str) -> None:
        self._pending.append((user_id, state))
        self._queued += 1

    async def write(self, user_id: int, state: str) -> None:
        self.queue(user_id, state)
        await self.flush()

    async def flush(self) -> None:
        """Until every change queued so far is committed."""
        mine = self._queued
        while self._committed < mine:
            if self._committing is not None:  # a batch is on its way: wait for it, look again
                await self._committing.wait()
                continue
            done = self._committing = asyncio.Event()
            batch: list[tuple[int, str]] = []
            try:
                # First let every worker that is ready now run up to its own write: the
                # batch is then as large as it gets and is committed while the event loop
                # has nothing else to do, so SQLite's thread gets the GIL at once.
                await asyncio.sleep(0)
                batch, upto = self._pending, self._queued
                self._pending = []
                await broadcasts.set_states(self._store, self._broadcast_id, batch)
            except BaseException:
                self._pending = batch + self._pending  # the next writer retries them
                raise
            else:
                self._committed = upto
            finally:
                self._committing = None
                done.set()  # wakes every writer of this batch at once


class _Presence:
    """Whether frozen recipients can still be sent to (they may have used /forget or blocked
    the bot since Confirm), asked for every worker that is ready at once: one query per round
    of workers instead of one per recipient."""

    def __init__(self, store: Store, broadcast_id: int) -> None:
        self._store = store
        self._broadcast_id = broadcast_id
        self._waiting: dict[int, asyncio.Future[bool | None]] = {}
        self._lookups: set[asyncio.Task[None]] = set()  # referenced until done

    async def check(self, user_id: int) -> bool | None:
        """True: send; False: blocked the bot since; None: gone (``/forget``)."""
        future: asyncio.Future[bool | None] = asyncio.get_running_loop().create_future()
        self._waiting[user_id] = future
        if len(self._waiting) == 1:  # the first of a round starts its lookup
            task = asyncio.create_task(self._lookup())
            self._lookups.add(task)
            task.add_done_callback(self._lookups.discard)
        return await future

    async def _lookup(self) -> None:
        await asyncio.sleep(0)  # let every ready worker add its recipient first
        batch, self._waiting = self._waiting, {}
        try:
            found = await recipients_present(self._store, self._broadcast_id, list(batch))
        except Exception as exc:  # the workers waiting on this batch get the error
            for future in batch.values():
                if not future.done():
                    future.set_exception(exc)
            return
        for user_id, future in batch.items():
            if not future.done():
                future.set_result(found.get(user_id))


async def recipients_present(
    store: Store, broadcast_id: int, chat_ids: list[int]
) -> dict[int, bool]:
    """:func:`bot.store.broadcasts.recipients_active` for the people among ``chat_ids``, and
    for the groups whether they are still enabled: a group has no ``users`` row, yet it is
    never gone — one turned off or removed since Confirm counts as blocked."""
    people = [c for c in chat_ids if not groups.is_group(c)]
    if len(people) == len(chat_ids):
        return await broadcasts.recipients_active(store, broadcast_id, chat_ids)
    found = await broadcasts.recipients_active(store, broadcast_id, people) if people else {}
    found.update(await groups.enabled_among(store, [c for c in chat_ids if groups.is_group(c)]))
    return found


class _Slot:
    """A worker's recipient in hand; :data:`BEFORE_WIRE` calls :meth:`mark_sending`."""

    __slots__ = ("journal", "marked", "user_id")

    def __init__(self, journal: _Journal) -> None:
        self.journal = journal
        self.user_id: int | None = None
        self.marked = False

    async def mark_sending(self) -> None:
        """Commit 'sending' before the request leaves (once, also when a 429 is retried)."""
        if self.user_id is not None and not self.marked:
            await self.journal.write(self.user_id, broadcasts.SENDING)
            self.marked = True


@dataclass(frozen=True)
class Progress:
    broadcast_id: int
    total: int
    done: int  # recipients with an outcome
    delivered: int
    blocked: int
    failed: int
    unconfirmed: int
    rate: float | None  # recipients per second since this run started
    eta_seconds: float | None


@dataclass(frozen=True)
class Report:
    broadcast_id: int
    state: str  # done or cancelled
    total: int
    delivered: int
    blocked: int
    failed: int
    unconfirmed: int
    not_sent: int
    duration_seconds: int | None


def _parse(stamp: str | None) -> datetime | None:
    return datetime.fromisoformat(stamp) if stamp else None


def report_of(broadcast: Broadcast) -> Report:
    started, finished = _parse(broadcast.started_at), _parse(broadcast.finished_at)
    duration = int((finished - started).total_seconds()) if started and finished else None
    return Report(
        broadcast_id=broadcast.id,
        state=broadcast.state,
        total=broadcast.total,
        delivered=broadcast.delivered,
        blocked=broadcast.blocked,
        failed=broadcast.failed,
        unconfirmed=broadcast.unconfirmed,
        not_sent=broadcast.not_sent,
        duration_seconds=duration,
    )


async def live_progress(store: Store, broadcast: Broadcast) -> Progress:
    """Where a running broadcast stands, counted from its rows (for /broadcasts)."""
    counts = await broadcasts.state_counts(store, broadcast.id)
    return _progress(broadcast.id, broadcast.total, counts, None, None)


def _progress(
    broadcast_id: int,
    total: int,
    counts: dict[str, int],
    rate: float | None,
    eta: float | None,
) -> Progress:
    finals = (
        broadcasts.DELIVERED,
        broadcasts.BLOCKED,
        broadcasts.FAILED,
        broadcasts.UNCONFIRMED,
    )
    return Progress(
        broadcast_id=broadcast_id,
        total=total,
        done=sum(counts.get(s, 0) for s in finals),
        delivered=counts.get(broadcasts.DELIVERED, 0),
        blocked=counts.get(broadcasts.BLOCKED, 0),
        failed=counts.get(broadcasts.FAILED, 0),
        unconfirmed=counts.get(broadcasts.UNCONFIRMED, 0),
        rate=rate,
        eta_seconds=eta,
    )


# -- drafts and Confirm ------------------------------------------------------------------------
@dataclass(frozen=True)
class Audience:
    target: str  # all, language, country, holiday
    value: str | None
    count: int  # people
    groups: int = 0  # enabled groups: only an announcement to everyone goes to them

    @property
    def total(self) -> int:
        return self.count + self.groups


async def audience(store: Store, broadcast_id: int) -> Audience | None:
    draft = await broadcasts.get(store, broadcast_id)
    if draft is None:
        return None
    count = await broadcasts.count_audience(store, draft.target, draft.target_value)
    chats = await groups.count_enabled(store) if draft.target == "all" else 0
    return Audience(draft.target, draft.target_value, count, chats)


async def choose_audience(
    store: Store, broadcast_id: int, admin_id: int, target: str, value: str | None
) -> Audience | None:
    """Point a draft at everyone / one language / one country / one holiday's subscribers."""
    if target not in broadcasts.TARGETS:
        return None
    if not await broadcasts.set_target(store, broadcast_id, admin_id, target, value):
        return None
    return await audience(store, broadcast_id)


async def freeze_recipients(
    store: Store, broadcast_id: int, admin_id: int, now: datetime
) -> int | None:
    """Confirm: freeze the recipient list into SQLite (one transaction); None if not a draft."""
    return await broadcasts.freeze_recipients(store, broadcast_id, admin_id, now)


# -- sending -----------------------------------------------------------------------------------
SendFn = Callable[[Broadcast, int], Awaitable[object]]
ProgressFn = Callable[[Broadcast, Progress], Awaitable[None]]
ReportFn = Callable[[Broadcast, Report], Awaitable[None]]
Spawn = Callable[[Coroutine[Any, Any, None]], "asyncio.Task[None]"]


@dataclass
class _Run:
    broadcast: Broadcast
    counts: dict[str, int]
    started: datetime
    last_progress: datetime
    journal: _Journal
    presence: _Presence
    sent_here: int = 0  # outcomes recorded by this run (for the rate)
    delivered_here: int = 0
    failed_here: int = 0
    interrupted: bool = False
    reporting: bool = False
    recipients: Iterator[int] = field(default_factory=lambda: iter(()))


class BroadcastRunner:
    """Runs broadcasts in the background, one task each, with a bounded pool of workers.

    ``send(broadcast, user_id)`` makes the one Bot API call; ``on_progress`` and
    ``on_report`` tell the admin. ``spawn`` starts a tracked task (``Application.create_task``)
    and ``keep_going`` turns False when the Application is stopping: workers then finish the
    send in hand and the broadcast stays ``running`` for the next start.
    """

    def __init__(
        self,
        store: Store,
        send: SendFn,
        *,
        clock: Clock,
        workers: int,
        spawn: Spawn,
        keep_going: Callable[[], bool],
        on_progress: ProgressFn | None = None,
        on_report: ReportFn | None = None,
        policy: RetryPolicy = DEFAULT_POLICY,
        progress_every: timedelta = timedelta(seconds=3),
    ) -> None:
        self._store = store
        self._send = send
        self._clock = clock
        self._workers = max(1, workers)
        self._spawn = spawn
        self._keep_going = keep_going
        self._on_progress = on_progress
        self._on_report = on_report
        self._policy = policy
        self._progress_every = progress_every
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._cancelled: set[int] = set()
        #: Set once :meth:`resume_all` has run (tests wait for it after a restart).
        self.resumed = asyncio.Event()

    def is_running(self, broadcast_id: int) -> bool:
        return broadcast_id in self._tasks

    def start(self, broadcast_id: int) -> bool:
        """Start sending a running broadcast in the background (False if it already is)."""
        if broadcast_id in self._tasks:
            return False
        task = self._spawn(self._run(broadcast_id))
        self._tasks[broadcast_id] = task
        task.add_done_callback(lambda _: self._tasks.pop(broadcast_id, None))
        return True

    async def resume_all(self) -> list[int]:
        """At start: continue every broadcast a stop or crash left running."""
        now = self._clock.now()
        await broadcasts.delete_old_drafts(self._store, now - timedelta(days=1))
        await broadcasts.forget_old_recipients(self._store, now - KEEP_RECIPIENTS)
        for cancelled in await broadcasts.cancelled_without_report(self._store):
            await self._finish(cancelled)
        resumed = [b for b in await broadcasts.running_ids(self._store) if self.start(b)]
        if resumed:
            log.info("resuming broadcasts %s", resumed)
        self.resumed.set()
        return resumed

    async def cancel(self, broadcast_id: int) -> bool:
        """Stop a running broadcast; its report is sent when the sends in flight are done."""
        if not await broadcasts.request_cancel(self._store, broadcast_id):
            return False
        self._cancelled.add(broadcast_id)
        if broadcast_id not in self._tasks:
            await self._finish(broadcast_id)
        return True

    async def wait(self) -> None:
        """Until every broadcast started so far has finished or paused (tests, benchmarks)."""
        while self._tasks:
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    # -- one broadcast -------------------------------------------------------------------
    async def _run(self, broadcast_id: int) -> None:
        broadcast = await broadcasts.get(self._store, broadcast_id)
        if broadcast is None or broadcast.state != "running":
            return
        lost = await broadcasts.unconfirm_interrupted(self._store, broadcast_id)
        if lost:
            log.warning(
                "broadcast %d: %d sends were in flight during a crash; not sending them again",
                broadcast_id,
                lost,
            )
        pending = await broadcasts.pending_recipients(self._store, broadcast_id)
        journal = await Store.open(self._store.path, migrate=False)
        now = self._clock.now()
        run = _Run(
            broadcast=broadcast,
            counts=await broadcasts.state_counts(self._store, broadcast_id),
            started=now,
            last_progress=now,
            journal=_Journal(journal, broadcast_id),
            presence=_Presence(self._store, broadcast_id),
            recipients=iter(pending),
        )
        log.info("broadcast %d: %d of %d to send", broadcast_id, len(pending), broadcast.total)
        workers = min(self._workers, max(1, len(pending)))
        try:
            # a TaskGroup: if one worker fails, the others stop too (their sends in hand stay
            # 'sending' → unconfirmed at the next start), so no orphan keeps sending
            async with asyncio.TaskGroup() as group:
                for _ in range(workers):
                    group.create_task(self._worker(run))
        finally:
            try:
                await run.journal.flush()
            finally:
                await journal.close()
        if run.interrupted and broadcast_id not in self._cancelled:
            log.info(
                "broadcast %d paused for shutdown at %d of %d; it resumes at the next start",
                broadcast_id,
                self._progress(run).done,
                broadcast.total,
            )
            return
        await self._finish(broadcast_id)

    async def _finish(self, broadcast_id: int) -> None:
        self._cancelled.discard(broadcast_id)
        final = await broadcasts.finish(self._store, broadcast_id, self._clock.now())
        if final is None:
            return
        report = report_of(final)
        log.info(
            "broadcast %d %s: %d delivered, %d blocked, %d failed, %d unconfirmed, %d not sent",
            broadcast_id,
            report.state,
            report.delivered,
            report.blocked,
            report.failed,
            report.unconfirmed,
            report.not_sent,
        )
        if self._on_report is not None:
            try:
                await self._on_report(final, report)
            except Exception:  # telling the admin must not undo the broadcast
                log.exception("broadcast %d: could not send the report", broadcast_id)

    async def _worker(self, run: _Run) -> None:
        broadcast_id = run.broadcast.id
        # this worker's task has its own context: its requests mark the recipient in hand
        slot = _Slot(run.journal)
        BEFORE_WIRE.set(slot.mark_sending)
        for user_id in run.recipients:
            if broadcast_id in self._cancelled or not self._keep_going():
                run.interrupted = True  # this recipient stays pending
                return
            slot.user_id, slot.marked = user_id, False
            state = await self._deliver_one(run, user_id)
            slot.user_id = None  # the progress edit below is not a send to anyone
            if state is None:
                continue
            run.counts[state] = run.counts.get(state, 0) + 1
            run.sent_here += 1
            if state == broadcasts.DELIVERED:
                run.delivered_here += 1
            elif state == broadcasts.FAILED:
                run.failed_here += 1
                if run.failed_here >= GIVE_UP_AFTER and not run.delivered_here:
                    await self._give_up(run)
            if (
                self._on_progress is not None
                and not run.reporting
                and self._clock.now() - run.last_progress >= self._progress_every
            ):
                await self._report_progress(run)

    async def _deliver_one(self, run: _Run, user_id: int) -> str | None:
        """Send to one recipient; None when they left (``/forget``) after the list was frozen."""
        broadcast = run.broadcast
        # the list was frozen at Confirm; the person may have blocked the bot or used /forget
        active = await run.presence.check(user_id)
        if active is None:
            return None
        if not active:
            run.journal.queue(user_id, broadcasts.BLOCKED)
            return broadcasts.BLOCKED
        try:
            outcome = await deliver(
                self._store, user_id, lambda: self._send(broadcast, user_id), self._policy
            )
            state = outcome.value
        except Exception:  # a bug or an unexpected API answer: count it, keep going
            log.exception("broadcast %d: a send failed unexpectedly", broadcast.id)
            state = broadcasts.FAILED
        # Committed with the next 'sending' marks (or the final flush). Until then a crash
        # leaves the row 'sending': unconfirmed, never a duplicate.
        run.journal.queue(user_id, state)
        return state

    def _progress(self, run: _Run) -> Progress:
        elapsed = (self._clock.now() - run.started).total_seconds()
        rate = run.sent_here / elapsed if elapsed > 0 and run.sent_here else None
        progress = _progress(run.broadcast.id, run.broadcast.total, run.counts, rate, None)
        if rate:
            eta = (progress.total - progress.done) / rate
            progress = _progress(run.broadcast.id, run.broadcast.total, run.counts, rate, eta)
        return progress

    async def _give_up(self, run: _Run) -> None:
        """Nothing arrives (the admin deleted the message to copy, Telegram refuses it): stop
        instead of marking everyone failed; the report shows the rest as not sent."""
        broadcast_id = run.broadcast.id
        if broadcast_id in self._cancelled:
            return
        log.warning(
            "broadcast %d: the first %d sends all failed; stopping it", broadcast_id, GIVE_UP_AFTER
        )
        if await broadcasts.request_cancel(self._store, broadcast_id):
            self._cancelled.add(broadcast_id)

    async def _report_progress(self, run: _Run) -> None:
        if self._on_progress is None:
            return
        run.reporting = True
        run.last_progress = self._clock.now()
        try:
            await self._on_progress(run.broadcast, self._progress(run))
        except Exception:  # a failed progress edit must not stop the broadcast
            log.exception("broadcast %d: could not show the progress", run.broadcast.id)
        finally:
            run.reporting = False
