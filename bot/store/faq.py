"""The knowledge-base tables: ``faq_topics``, ``faq_texts`` and the ``faq_fts`` index."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.store import Store


@dataclass(frozen=True)
class TopicText:
    title: str
    answer: str
    more: str
    questions: tuple[str, ...]
    keywords: tuple[str, ...]
    names: tuple[str, ...] = ()  # other names of the topic, read as its title's words


@dataclass(frozen=True)
class TopicRecord:
    """One topic as stored: texts by language (az, en, ru)."""

    id: str
    order: int
    related: tuple[str, ...]
    texts: dict[str, TopicText]


@dataclass(frozen=True)
class FtsHit:
    topic_id: str
    rank: float  # bm25: lower is better


def _strings(raw: str) -> tuple[str, ...]:
    value = json.loads(raw)
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


async def upsert_topics(
    store: Store, topics: Iterable[TopicRecord], index_body: Sequence[tuple[str, str, str]]
) -> None:
    """Insert or replace ``topics`` and their index rows (topic_id, language, body), atomically."""
    topics = list(topics)
    async with store.transaction() as conn:
        for topic in topics:
            await conn.execute(
                "INSERT INTO faq_topics (id, sort_order, related) VALUES (?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET sort_order = excluded.sort_order,"
                " related = excluded.related",
                (topic.id, topic.order, json.dumps(list(topic.related))),
            )
            await conn.execute("DELETE FROM faq_texts WHERE topic_id = ?", (topic.id,))
            await conn.execute("DELETE FROM faq_fts WHERE topic_id = ?", (topic.id,))
            await conn.executemany(
                "INSERT INTO faq_texts (topic_id, language, title, answer, more, questions,"
                " keywords, names) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        topic.id,
                        lang,
                        text.title,
                        text.answer,
                        text.more,
                        json.dumps(list(text.questions), ensure_ascii=False),
                        json.dumps(list(text.keywords), ensure_ascii=False),
                        json.dumps(list(text.names), ensure_ascii=False),
                    )
                    for lang, text in topic.texts.items()
                ],
            )
        await conn.executemany(
            "INSERT INTO faq_fts (topic_id, language, body) VALUES (?, ?, ?)", index_body
        )


async def remove_topics_except(store: Store, keep: Iterable[str]) -> list[str]:
    """Delete every topic whose id is not in ``keep`` (its texts and index rows with it), in
    one transaction; the ids removed."""
    keep = sorted(set(keep))
    async with store.transaction() as conn:
        async with conn.execute(
            "SELECT id FROM faq_topics WHERE id NOT IN (SELECT value FROM json_each(?))",
            (json.dumps(keep),),
        ) as cursor:
            gone = sorted(str(r[0]) for r in await cursor.fetchall())
        await conn.executemany("DELETE FROM faq_fts WHERE topic_id = ?", [(i,) for i in gone])
        await conn.executemany("DELETE FROM faq_topics WHERE id = ?", [(i,) for i in gone])
    return gone


async def all_topics(store: Store) -> list[TopicRecord]:
    """Every topic with its texts, in menu order."""
    topics = await store.fetchall("SELECT * FROM faq_topics ORDER BY sort_order, id")
    texts = await store.fetchall("SELECT * FROM faq_texts")
    by_topic: dict[str, dict[str, TopicText]] = {}
    for row in texts:
        by_topic.setdefault(row["topic_id"], {})[row["language"]] = TopicText(
            title=row["title"],
            answer=row["answer"],
            more=row["more"],
            questions=_strings(row["questions"]),
            keywords=_strings(row["keywords"]),
            names=_strings(row["names"]),
        )
    return [
        TopicRecord(
            id=row["id"],
            order=row["sort_order"],
            related=_strings(row["related"]),
            texts=by_topic.get(row["id"], {}),
        )
        for row in topics
    ]


async def search(store: Store, match: str, limit: int = 20) -> list[FtsHit]:
    """Best topics for an FTS5 ``match`` expression (built by ``bot.faq`` from safe terms)."""
    rows = await store.lookup(
        "SELECT topic_id, rank FROM faq_fts WHERE faq_fts MATCH ? ORDER BY rank LIMIT ?",
        (match, limit * 3),  # one row per topic and language
    )
    best: dict[str, float] = {}
    for row in rows:
        best.setdefault(row["topic_id"], float(row["rank"]))
    return [FtsHit(topic_id, rank) for topic_id, rank in best.items()][:limit]


async def holiday_of_topic(store: Store, topic_id: str) -> tuple[str, int, int] | None:
    """(id, month, day) of the holiday whose card is the topic ``topic_id``: the one naming it
    in its ``faq`` field, else the holiday with the same id; None if there is none."""
    row = await store.lookup_one(
        "SELECT id, month, day FROM holidays WHERE (faq_id = ?1 OR id = ?1) AND in_file = 1"
        " ORDER BY faq_id IS ?1 DESC, id LIMIT 1",
        (topic_id,),
    )
    return (str(row["id"]), int(row["month"]), int(row["day"])) if row else None
