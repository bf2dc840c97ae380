"""Admin broadcasts: a draft, its frozen recipient list, sending at the shared rate, resume
after a restart, and the report.

How a broadcast reaches everyone once
-------------------------------------
At Confirm, :func:`bot.store.broadcasts.freeze_recipients` writes one row per recipient
(state ``pending``) and marks the broadcast ``running`` in one transaction. A
:class:`BroadcastRunner` then sends with a bounded pool of concurrent workers; the
Application's rate limiter (``BOT_SEND_RATE``) is the only pace, and every send goes through
:func:`bot.delivery.deliver`.

Each recipient's row moves ``pending → sending → delivered | blocked | failed |
unconfirmed`` (the answer was lost: it may have arrived, so it is not resent):

- a :class:`_Feed` claims recipients a batch at a time: one transaction commits ``sending``
  for the next pending rows — ``blocked`` for people who blocked the bot since Confirm;
  people who used ``/forget`` have no row left — with the outcomes reported since the last
  claim. Only then does a worker get the recipient, so ``sending`` is in SQLite before the
  request can leave;
- the outcome is committed with the next claim, or when the run ends.

At most ``workers`` rows (``rate × 0.2``, 4–100) are ``sending`` at any moment: on the wire,
waiting for the limiter, or claimed and waiting for a worker. That is also how far ahead of
the send someone is checked: a person who uses ``/forget`` or blocks the bot less than about
``workers ÷ rate`` seconds (0.2 s at 25/s) before their turn may still get it.

A graceful stop (SIGTERM, Ctrl-C, ``Application.stop``) lets the requests in flight finish
and records them; the rest, claimed or not, is ``pending`` again and sent after the next
start: no duplicates, no gaps. After the process dies (``kill -9``) the rows still
``sending`` are the only ones whose fate is unknown — the request may or may not have reached
Telegram, and the Bot API offers no way to ask. They become ``unconfirmed`` and are **never
sent again**: nobody gets an announcement twice. The residual risk is a gap of at most
``workers`` recipients (5 at 25/s), some of whom were never sent to, and the report shows how
many there were. (The database runs with ``synchronous = NORMAL``: a power cut, unlike a
killed process, may undo the last commits, claims included.)
"""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import logging
import sqlite3
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.delivery import DEFAULT_POLICY, Outcome, RetryPolicy, deliver
from bot.store import Store, broadcasts, groups, is_busy
from bot.store.broadcasts import Broadcast

log = logging.getLogger(__name__)

#: A broadcast whose first this-many sends to people all fail (and none arrives) is stopped.
GIVE_UP_AFTER = 20
#: How long the per-person rows of a finished broadcast are kept (its counts stay for good).
KEEP_RECIPIENTS = timedelta(days=30)
#: A draft nobody sent or cancelled expires after this long (and is deleted).
DRAFT_EXPIRY = timedelta(days=1)
#: How long telling the admin that a broadcast paused for a shutdown may delay it, s.
PAUSE_NOTICE_TIMEOUT = 5.0
#: After waiting this long for another connection's write, a claim logs a warning (it keeps
#: waiting: giving up would leave delivered rows 'sending' and the broadcast stuck), s.
LOCK_TIMEOUT = 5.0


class _Feed:
    """Hands a run's recipients to its workers, claimed a batch at a time.

    A claim is one short transaction on a connection of the run's own (``feed``): it commits
    ``sending`` for the next pending recipients — the same statement checks that each still
    exists and has not blocked the bot — together with the outcomes the workers reported
    since the last claim. So a row is ``sending`` in SQLite before any worker may send to it,
    and a broadcast costs one transaction per batch instead of two waits per recipient.

    At most ``window`` rows are ``sending`` at any time (claimed, their outcome not yet
    committed) — that is what a crash can leave unconfirmed, and how far ahead of its send a
    recipient is checked. What was claimed but never sent (a stop, a cancel) goes back to
    ``pending`` in :meth:`close`.
    """

    def __init__(
        self,
        feed: sqlite3.Connection,
        broadcast_id: int,
        window: int,
        on_commit: Callable[[], None] = lambda: None,
    ) -> None:
        self._feed = feed
        self._on_commit = on_commit
        self._broadcast_id = broadcast_id
        self._window = max(1, window)
        self._ready: collections.deque[tuple[int, str]] = collections.deque()  # claimed
        self._idle: collections.deque[asyncio.Future[None]] = collections.deque()  # workers
        self._waking: asyncio.Future[None] | None = None  # an idle worker woken, not yet run
        self._exhausted = False  # nothing left to claim
        self._outcomes: list[tuple[int, str]] = []  # reported, not committed yet
        self._unsent: list[int] = []  # handed out, then given back unsent
        self._open = 0  # rows claimed 'sending' whose outcome is not committed yet
        self._outcome_reported = asyncio.Event()

    async def run(self) -> None:
        """Claim while there is room in the window, until no recipient is left pending."""
        try:
            while True:
                # the outcomes committed with this claim free their places in the window
                room = self._window - self._open + len(self._outcomes)
                if room <= 0:
                    self._outcome_reported.clear()
                    await self._outcome_reported.wait()
                    continue
                claimed = await self._write(claim=room)
                self._wake()
                if len(claimed) < room:
                    return
                # a batch of people who blocked the bot since frees no room: let the loop run
                await asyncio.sleep(0)
        finally:
            self._exhausted = True  # (or failed, or cancelled): the idle workers stop
            for waiter in self._idle:
                if not waiter.done():
                    waiter.set_result(None)

    async def next(self) -> tuple[int, str] | None:
        """(user id, ``sending`` or ``blocked``) of the next recipient; None when all are out."""
        while not self._ready:
            if self._exhausted:
                return None
            waiter = asyncio.get_running_loop().create_future()
            self._idle.append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter in self._idle:
                    self._idle.remove(waiter)
                if waiter is self._waking:  # woken, but cancelled before it ran: pass it on
                    self._waking = None
                    self._wake()
                raise
            if waiter is self._waking:
                self._waking = None
        claimed = self._ready.popleft()
        self._wake()
        return claimed

    def _wake(self) -> None:
        """Wake one idle worker if recipients are waiting and none is on its way: a worker
        keeps taking them while its sends do not wait (the next one is woken when they do),
        instead of every idle worker waking up for one each and most finding none."""
        while self._waking is None and self._ready and self._idle:
            waiter = self._idle.popleft()
            if not waiter.done():
                waiter.set_result(None)
                self._waking = waiter

    def report(self, user_id: int, state: str) -> None:
        """A sent recipient's outcome; committed with the next claim, or by :meth:`close`.
        Until then a crash leaves the row 'sending': unconfirmed, never a duplicate."""
        self._outcomes.append((user_id, state))
        self._outcome_reported.set()

    def put_back(self, user_id: int) -> None:
        """A recipient handed out but not sent (the run is stopping)."""
        self._unsent.append(user_id)

    async def close(self) -> None:
        """Commit the outcomes reported so far; what was claimed and never sent goes back to
        'pending'."""
        self._unsent += [user_id for user_id, state in self._ready if state == broadcasts.SENDING]
        self._ready.clear()
        if self._outcomes or self._unsent:
            # the last chance to record what was delivered (a busy database is waited out)
            await self._write(claim=0, release=self._unsent)
            self._unsent = []

    async def _write(self, *, claim: int, release: Sequence[int] = ()) -> list[tuple[int, str]]:
        outcomes, self._outcomes = self._outcomes, []
        waited, warned = 0.0, False
        try:
            while True:
                try:
                    claimed = broadcasts.advance(
                        self._feed,
                        self._broadcast_id,
                        claim=claim,
                        outcomes=outcomes,
                        release=release,
                    )
                    self._on_commit()  # its commits count toward the WAL's checkpoints
                    break
                except sqlite3.Error as exc:
                    # another connection is writing: wait as long as it takes, never giving up
                    # (the loop runs meanwhile); giving up would leave delivered rows 'sending'
                    # and the broadcast stuck 'running'
                    if not is_busy(exc):
                        raise
                    if waited >= LOCK_TIMEOUT and not warned:
                        warned = True
                        log.warning(
                            "broadcast %d: the database has been busy for %.0f s; still waiting",
                            self._broadcast_id,
                            waited,
                        )
                pause = min(0.05, 0.001 + waited / 2)
                await asyncio.sleep(pause)
                waited += pause
        except BaseException:
            self._outcomes = outcomes + self._outcomes  # the next write retries them
            raise
        self._open += sum(state == broadcasts.SENDING for _, state in claimed) - len(outcomes)
        self._ready.extend(claimed)
        return claimed


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
    duration_seconds: int | None  # from Send to the end
    resumed: bool = False  # the duration includes a pause (a stop, a crash, an error)
    #: why the bot stopped it by itself, when it did and is still running: SOURCE_GONE
    why: str | None = None


#: Report.why: the admin deleted the message to copy
SOURCE_GONE = "source_gone"


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
        resumed=bool(broadcast.resumed),
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
    groups_left_out: int = 0  # enabled groups this narrower audience does not reach

    @property
    def total(self) -> int:
        return self.count + self.groups


async def audience(store: Store, broadcast_id: int) -> Audience | None:
    draft = await broadcasts.get(store, broadcast_id)
    if draft is None:
        return None
    count = await broadcasts.count_audience(store, draft.target, draft.target_value)
    enabled = await groups.count_enabled(store)
    chats = enabled if draft.target == "all" else 0
    return Audience(draft.target, draft.target_value, count, chats, enabled - chats)


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
#: A broadcast paused: ``outage`` True when Telegram is out of reach (the resume check tries
#: again while the bot runs), False when the bot is stopping (the next start resumes it).
PauseFn = Callable[[Broadcast, Progress, bool], Awaitable[None]]
ReportFn = Callable[[Broadcast, Report], Awaitable[None]]
Spawn = Callable[[Coroutine[Any, Any, None]], "asyncio.Task[None]"]


@dataclass
class _Run:
    broadcast: Broadcast
    counts: dict[str, int]
    started: datetime
    last_progress: datetime
    feed: _Feed
    sent_here: int = 0  # outcomes recorded by this run (for the rate)
    delivered_here: int = 0
    failed_here: int = 0
    interrupted: bool = False
    reporting: bool = False
    #: Telegram is out of reach: the workers stop, the rest stays pending, and the resume
    #: check tries again (RESUME_EVERY)
    paused: bool = False


class BroadcastRunner:
    """Runs broadcasts in the background, one task each, with a bounded pool of workers.

    ``send(broadcast, user_id)`` makes the one Bot API call; ``on_progress`` and
    ``on_report`` tell the admin, and ``on_pause`` when a shutdown or an outage pauses a
    broadcast.
    ``spawn`` starts a tracked task (``Application.create_task``) and ``keep_going`` turns
    False when the Application is stopping: workers then finish the send in hand and the
    broadcast stays ``running`` for the next start.
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
        on_pause: PauseFn | None = None,
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
        self._on_pause = on_pause
        self._policy = policy
        self._progress_every = progress_every
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._cancelled: set[int] = set()
        self._why: dict[int, str] = {}  # see Report.why
        #: Set once :meth:`resume_all` has run (tests wait for it after a restart).
        self.resumed = asyncio.Event()

    def is_running(self, broadcast_id: int) -> bool:
        return broadcast_id in self._tasks

    def start(self, broadcast_id: int, *, resumed: bool = False) -> bool:
        """Start sending a running broadcast in the background (False if it already is);
        ``resumed``: it was interrupted (its sender is not running in this process)."""
        if broadcast_id in self._tasks:
            return False
        task = self._spawn(self._run(broadcast_id, resumed))
        self._tasks[broadcast_id] = task
        task.add_done_callback(lambda _: self._tasks.pop(broadcast_id, None))
        return True

    async def resume_all(self) -> list[int]:
        """At start and every few minutes: continue every broadcast left running by a stop, a
        crash or an error that ended its sender (not those sending in this process)."""
        now = self._clock.now()
        await broadcasts.delete_old_drafts(self._store, now - DRAFT_EXPIRY)
        await broadcasts.forget_old_recipients(self._store, now - KEEP_RECIPIENTS)
        for cancelled in await broadcasts.cancelled_without_report(self._store):
            if cancelled not in self._tasks:  # else its task reports when its sends are done
                await broadcasts.mark_resumed(self._store, cancelled)
                await self._finish(cancelled)
        resumed = [
            b for b in await broadcasts.running_ids(self._store) if self.start(b, resumed=True)
        ]
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
    async def _run(self, broadcast_id: int, resumed: bool) -> None:
        broadcast = await broadcasts.get(self._store, broadcast_id)
        if broadcast is None or broadcast.state != "running":
            return
        if resumed:
            await broadcasts.mark_resumed(self._store, broadcast_id)
        lost = await broadcasts.unconfirm_interrupted(self._store, broadcast_id)
        if lost:
            log.warning(
                "broadcast %d: %d recipients were claimed when the bot went down (sent or not);"
                " not sending them again",
                broadcast_id,
                lost,
            )
        counts = await broadcasts.state_counts(self._store, broadcast_id)
        pending = counts.get(broadcasts.PENDING, 0)
        workers = min(self._workers, max(1, pending))
        feed = broadcasts.open_feed(self._store.path)
        now = self._clock.now()
        run = _Run(
            broadcast=broadcast,
            counts=counts,
            started=now,
            last_progress=now,
            # no more claimed than there are workers: what a crash can leave unconfirmed
            feed=_Feed(feed, broadcast_id, window=workers, on_commit=self._store.note_commit),
        )
        log.info("broadcast %d: %d of %d to send", broadcast_id, pending, broadcast.total)
        try:
            # a TaskGroup: if the feed or a worker fails, the others stop too (their sends in
            # hand stay 'sending' → unconfirmed at the next start), so no orphan keeps sending
            async with asyncio.TaskGroup() as group:
                feeding = group.create_task(run.feed.run())
                await asyncio.wait([group.create_task(self._worker(run)) for _ in range(workers)])
                feeding.cancel()  # the workers stopped early: claim no more
        finally:
            try:
                await run.feed.close()
            finally:
                feed.close()
        if run.paused and broadcast_id not in self._cancelled and self._keep_going():
            log.warning(
                "broadcast %d paused at %d of %d: Telegram is out of reach; the resume check"
                " tries again",
                broadcast_id,
                self._progress(run).done,
                broadcast.total,
            )
            await self._tell_paused(run, outage=True)
            if broadcast_id in self._cancelled:  # Stop pressed while the admin was told
                await self._finish(broadcast_id)
            return
        if run.interrupted and broadcast_id not in self._cancelled:
            log.info(
                "broadcast %d paused for shutdown at %d of %d; it resumes at the next start",
                broadcast_id,
                self._progress(run).done,
                broadcast.total,
            )
            await self._tell_paused(run, outage=False)
            return
        await self._finish(broadcast_id)

    async def _tell_paused(self, run: _Run, *, outage: bool) -> None:
        """Best effort, within PAUSE_NOTICE_TIMEOUT: a failed or slow edit must not hold up
        the shutdown (the broadcast resumes all the same), and in an outage it may well fail
        (the report comes when the sending is done)."""
        if self._on_pause is None:
            return
        try:
            async with asyncio.timeout(PAUSE_NOTICE_TIMEOUT):
                await self._on_pause(run.broadcast, self._progress(run), outage)
        except Exception:  # TimeoutError included
            log.warning(
                "broadcast %d: could not tell the admin it paused", run.broadcast.id, exc_info=True
            )

    async def _finish(self, broadcast_id: int) -> None:
        self._cancelled.discard(broadcast_id)
        final = await broadcasts.finish(self._store, broadcast_id, self._clock.now())
        if final is None:
            return
        report = dataclasses.replace(report_of(final), why=self._why.pop(broadcast_id, None))
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
        while (claimed := await run.feed.next()) is not None:
            user_id, state = claimed
            if broadcast_id in self._cancelled or run.paused or not self._keep_going():
                run.interrupted = True
                if state == broadcasts.SENDING:
                    run.feed.put_back(user_id)  # not sent: pending again
                return
            if state == broadcasts.SENDING:
                state = await self._deliver_one(run, user_id)
                if state in (Outcome.NOT_SENT.value, Outcome.FLOODED.value):
                    # Telegram out of reach: marking everyone left 'failed' would lose them
                    # for good; they stay pending for the next try
                    run.feed.put_back(user_id)
                    run.interrupted = run.paused = True
                    return
                if state == Outcome.SOURCE_GONE.value:
                    # the original was deleted: no one left can get it (not "failed" for each)
                    run.feed.put_back(user_id)
                    await self._give_up(run, "its original message was deleted", SOURCE_GONE)
                    return
                run.feed.report(user_id, state)
            # else the claim found they blocked the bot after Confirm, and recorded it
            run.counts[state] = run.counts.get(state, 0) + 1
            run.sent_here += 1
            if state == broadcasts.DELIVERED:
                run.delivered_here += 1
            elif state == broadcasts.FAILED and not groups.is_group(user_id):
                # groups come first (negative ids) and may refuse for their own reasons
                # (no media allowed): only people's failures say the message cannot arrive
                run.failed_here += 1
                if run.failed_here >= GIVE_UP_AFTER and not run.delivered_here:
                    await self._give_up(run, f"the first {GIVE_UP_AFTER} sends all failed")
            if (
                self._on_progress is not None
                and not run.reporting
                and self._clock.now() - run.last_progress >= self._progress_every
            ):
                await self._report_progress(run)

    async def _deliver_one(self, run: _Run, user_id: int) -> str:
        """Send to one claimed recipient; the state of the outcome."""
        broadcast = run.broadcast
        try:
            outcome = await deliver(
                self._store,
                user_id,
                lambda: self._send(broadcast, user_id),
                self._policy,
                send_to=lambda chat_id: self._send_moved(broadcast, chat_id),
                keep_going=self._keep_going,
            )
        except Exception:  # a bug or an unexpected API answer: count it, keep going
            log.exception("broadcast %d: a send failed unexpectedly", broadcast.id)
            return broadcasts.FAILED
        return outcome.value

    async def _send_moved(self, broadcast: Broadcast, chat_id: int) -> bool:
        """A group became ``chat_id`` after Confirm: send there, unless that chat is one of
        this broadcast's own recipients (it gets, or got, its own copy)."""
        if await broadcasts.is_recipient(self._store, broadcast.id, chat_id):
            return False
        await self._send(broadcast, chat_id)
        return True

    def _progress(self, run: _Run) -> Progress:
        elapsed = (self._clock.now() - run.started).total_seconds()
        rate = run.sent_here / elapsed if elapsed > 0 and run.sent_here else None
        progress = _progress(run.broadcast.id, run.broadcast.total, run.counts, rate, None)
        if rate:
            eta = (progress.total - progress.done) / rate
            progress = _progress(run.broadcast.id, run.broadcast.total, run.counts, rate, eta)
        return progress

    async def _give_up(self, run: _Run, why: str, reason: str | None = None) -> None:
        """Nothing arrives (the admin deleted the message to copy, Telegram refuses it): stop
        instead of marking everyone failed; the report shows the rest as not sent, and
        ``reason`` (Report.why) if given. ``why`` is for the log."""
        broadcast_id = run.broadcast.id
        if broadcast_id in self._cancelled:
            return
        log.warning("broadcast %d: %s; stopping it", broadcast_id, why)
        if await broadcasts.request_cancel(self._store, broadcast_id):
            self._cancelled.add(broadcast_id)
            if reason is not None:  # for the report (see Report.why)
                self._why[broadcast_id] = reason

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
