"""Knowledge-base matching: start-up load time, time per question and top-1 accuracy on
tests/faq_eval.toml, beside a naive baseline in the same run (rapidfuzz ``WRatio`` of the
question against every example question of every topic, no index, threshold 80).

    python -m benchmarks.faq [--rounds 20]

It also measures the retrieval alternatives with the same ranking: FTS5 prefix queries on
stems (what the bot does), whole words without stemming, and a ``trigram`` tokenizer.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from bot import faq
from bot.store import Store
from bot.store import faq as faq_store

EVAL = tomllib.loads(
    (Path(__file__).resolve().parent.parent / "tests" / "faq_eval.toml").read_text("utf-8")
)
HOLDOUT = tomllib.loads(
    (Path(__file__).resolve().parent.parent / "tests" / "faq_holdout.toml").read_text("utf-8")
)
#: Held out for one run only, then tuned on (see its header).
HOLDOUT2 = tomllib.loads(
    (Path(__file__).resolve().parent.parent / "tests" / "faq_holdout2.toml").read_text("utf-8")
)
LANGS = ("az", "en", "ru")


def naive_matcher(index: faq.FaqIndex) -> tuple[list[str], list[str]]:
    phrases, owners = [], []
    for topic in index.topics.values():
        for text in topic.texts.values():
            for q in (text.title, *text.questions):
                phrases.append(faq.normalize(q))
                owners.append(topic.id)
    return phrases, owners


async def accuracy(
    store: Store, index: faq.FaqIndex, data: dict[str, Any] = EVAL
) -> tuple[int, int]:
    index.answers.clear()  # the answer cache would hide a change of retrieval
    hits = off = 0
    for lang in LANGS:
        for question, topic in data[lang]:
            m = await faq.find(store, index, question)
            right = topic if isinstance(topic, list) else [topic]  # two equally right topics
            hits += bool(m and m[0].confident and m[0].topic_id in right)
    for text in data["off_topic"]:
        m = await faq.find(store, index, text)
        off += bool(m and m[0].confident)
    return hits, off


async def retrieval_alternatives(store: Store, index: faq.FaqIndex) -> None:
    n = sum(len(EVAL[lang]) for lang in LANGS)
    results = {"FTS5 prefix on stems (ours)": await accuracy(store, index)}
    stem = faq.stem
    faq.stem = lambda word: word
    try:
        results["whole words, no stemming"] = await accuracy(store, index)
    finally:
        faq.stem = stem
    await store.conn.execute(
        "CREATE VIRTUAL TABLE faq_tri USING fts5"
        " (topic_id UNINDEXED, language UNINDEXED, body, tokenize = 'trigram')"
    )
    await store.conn.execute("INSERT INTO faq_tri SELECT topic_id, language, body FROM faq_fts")
    search = faq_store.search

    async def trigram_search(store: Store, match: str, limit: int = 20) -> list[faq_store.FtsHit]:
        terms = [t.strip('"*') for t in match.split(" OR ")]
        expr = " OR ".join(f'"{t}"' for t in terms if len(t) >= 3)
        if not expr:
            return []
        rows = await store.fetchall(
            "SELECT topic_id, rank FROM faq_tri WHERE faq_tri MATCH ? ORDER BY rank LIMIT ?",
            (expr, limit * 3),
        )
        best: dict[str, float] = {}
        for row in rows:
            best.setdefault(row["topic_id"], float(row["rank"]))
        return [faq_store.FtsHit(t, r) for t, r in best.items()][:limit]

    faq_store.search = trigram_search  # type: ignore[assignment]
    try:
        results["trigram tokenizer"] = await accuracy(store, index)
    finally:
        faq_store.search = search
    print("retrieval (same ranking)        top-1          off-topic answered")
    for name, (hits, off) in results.items():
        print(f"{name:31} {hits:>3}/{n} {hits / n:6.1%}   {off}/{len(EVAL['off_topic'])}")


async def main(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = await Store.open(Path(folder) / "bench.sqlite3")
        started = time.perf_counter()
        index = await faq.load_knowledge_base(store)
        load_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        await faq.load_knowledge_base(store)
        reload_ms = (time.perf_counter() - started) * 1000
        print(f"topics: {len(index.topics)}; load {load_ms:.0f} ms, again {reload_ms:.0f} ms")

        questions = [(q, t) for lang in LANGS for q, t in EVAL[lang]]
        texts = [q for q, _ in questions] + list(EVAL["off_topic"])
        phrases, owners = naive_matcher(index)

        ours: list[float] = []
        naive: list[float] = []
        for _ in range(rounds):
            for text in texts:
                index.answers.clear()  # time the real work, not the answer cache
                t0 = time.perf_counter()
                await faq.find(store, index, text)
                ours.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                process.extractOne(faq.normalize(text), phrases, scorer=fuzz.WRatio)
                naive.append((time.perf_counter() - t0) * 1000)

        hits = off = naive_hits = naive_off = 0
        for q, topic in questions:
            m = await faq.find(store, index, q)
            hits += bool(m and m[0].confident and m[0].topic_id == topic)
            found = process.extractOne(faq.normalize(q), phrases, scorer=fuzz.WRatio)
            naive_hits += bool(found and found[1] >= 80 and owners[found[2]] == topic)
        for text in EVAL["off_topic"]:
            m = await faq.find(store, index, text)
            off += bool(m and m[0].confident)
            found = process.extractOne(faq.normalize(text), phrases, scorer=fuzz.WRatio)
            naive_off += bool(found and found[1] >= 80)
        hold_hits, hold_off = await accuracy(store, index, HOLDOUT)
        hold_n = sum(len(HOLDOUT[lang]) for lang in LANGS)
        print(
            f"held-out set (never tuned on): top-1 {hold_hits}/{hold_n} = {hold_hits / hold_n:.1%},"
            f" off-topic answered {hold_off}/{len(HOLDOUT['off_topic'])}"
        )
        hold_hits, hold_off = await accuracy(store, index, HOLDOUT2)
        hold_n = sum(len(HOLDOUT2[lang]) for lang in LANGS)
        print(
            f"second held-out set (held out once, then tuned on): top-1 {hold_hits}/{hold_n} ="
            f" {hold_hits / hold_n:.1%}, off-topic answered {hold_off}/{len(HOLDOUT2['off_topic'])}"
        )
        await retrieval_alternatives(store, index)
        await store.close()

    def q(values: list[float], pct: int) -> float:
        return statistics.quantiles(values, n=100)[pct - 1]

    n, n_off = len(questions), len(EVAL["off_topic"])
    print(f"{'':10} {'top-1':>12} {'off-topic answered':>20} {'p50 ms':>8} {'p95 ms':>8}")
    print(
        f"{'ours':10} {hits:>5}/{n} {hits / n:5.1%} {off:>16}/{n_off} "
        f"{q(ours, 50):8.2f} {q(ours, 95):8.2f}"
    )
    print(
        f"{'naive':10} {naive_hits:>5}/{n} {naive_hits / n:5.1%} {naive_off:>16}/{n_off} "
        f"{q(naive, 50):8.2f} {q(naive, 95):8.2f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    asyncio.run(main(parser.parse_args().rounds))
