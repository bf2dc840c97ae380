"""Per-person flood protection: more than ``limit`` updates in ``window`` earns one
"slow down" message and a cool-down during which that person's updates are dropped.
Other people are not affected. State is in memory (a restart forgives everyone)."""

from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta


class Verdict(enum.Enum):
    ALLOW = "allow"
    WARN = "warn"  # the first update over the limit: tell the person once
    DROP = "drop"  # ignored quietly until the cool-down ends


@dataclass
class _Person:
    recent: deque[datetime] = field(default_factory=deque)
    blocked_until: datetime | None = None


class FloodGuard:
    def __init__(
        self,
        limit: int = 20,
        window: timedelta = timedelta(seconds=10),
        cooldown: timedelta = timedelta(seconds=30),
    ) -> None:
        self.limit = limit
        self.window = window
        self.cooldown = cooldown
        self._people: dict[int, _Person] = {}
        self._checks = 0

    def check(self, user_id: int, now: datetime) -> Verdict:
        self._checks += 1
        if self._checks % 10_000 == 0:
            self._forget_quiet(now)
        person = self._people.setdefault(user_id, _Person())
        if person.blocked_until is not None:
            if now < person.blocked_until:
                return Verdict.DROP
            person.blocked_until = None
            person.recent.clear()
        while person.recent and now - person.recent[0] >= self.window:
            person.recent.popleft()
        person.recent.append(now)
        if len(person.recent) > self.limit:
            person.blocked_until = now + self.cooldown
            return Verdict.WARN
        return Verdict.ALLOW

    def blocked(self, user_id: int, now: datetime) -> bool:
        """Whether ``user_id`` is in a cool-down now (asked without counting an update)."""
        person = self._people.get(user_id)
        return (
            person is not None and person.blocked_until is not None and now < person.blocked_until
        )

    def _forget_quiet(self, now: datetime) -> None:
        """Drop people with no recent updates, so memory stays bounded."""
        quiet = [
            uid
            for uid, p in self._people.items()
            if (p.blocked_until is None or p.blocked_until <= now)
            and (not p.recent or now - p.recent[-1] >= self.window)
        ]
        for uid in quiet:
            del self._people[uid]

    def __len__(self) -> int:
        return len(self._people)
