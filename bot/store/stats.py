"""Counts over the community for admins' ``/stats`` (no personal data leaves this module)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.clock import iso
from bot.store import Store, groups


@dataclass(frozen=True)
class CommunityStats:
    users: int
    active: int
    announcements: int  # active people who receive broadcasts
    new_this_week: int
    by_language: list[tuple[str, int]]
    by_country: list[tuple[str | None, int]]  # None: country unknown
    by_holiday: list[tuple[str, int]]  # (holiday name, subscribers)
    groups: int = 0  # groups an admin turned announcements on for


async def community_stats(
    store: Store, now: datetime, week_ago: datetime, language: str, countries: int = 10
) -> CommunityStats:
    totals = await store.fetchone(
        "SELECT count(*), coalesce(sum(active), 0),"
        " coalesce(sum(active AND announcements), 0),"
        " coalesce(sum(created_at >= ? AND created_at <= ?), 0) FROM users",
        (iso(week_ago), iso(now)),
    )
    users, active, announcements, new = (int(v) for v in totals) if totals else (0, 0, 0, 0)
    by_language = await store.fetchall(
        "SELECT language, count(*) FROM users WHERE active = 1"
        " GROUP BY language ORDER BY count(*) DESC, language"
    )
    by_country = await store.fetchall(
        "SELECT country, count(*) FROM users WHERE active = 1"
        " GROUP BY country ORDER BY count(*) DESC, country LIMIT ?",
        (countries,),
    )
    by_holiday = await store.fetchall(
        "SELECT coalesce(t.name, h.id),"
        " (SELECT count(*) FROM holiday_subscriptions s JOIN users u ON u.id = s.user_id"
        "  WHERE s.holiday_id = h.id AND u.active = 1)"
        " FROM holidays h LEFT JOIN holiday_texts t ON t.holiday_id = h.id AND t.language = ?"
        " WHERE h.in_file = 1 ORDER BY h.month, h.day, h.id",
        (language,),
    )
    return CommunityStats(
        users=users,
        active=active,
        announcements=announcements,
        new_this_week=new,
        by_language=[(str(r[0]), int(r[1])) for r in by_language],
        by_country=[(r[0], int(r[1])) for r in by_country],
        by_holiday=[(str(r[0]), int(r[1])) for r in by_holiday],
        groups=await groups.count_enabled(store),
    )
