-- The knowledge base (seeded from data/faq/*.toml): topics, their texts per language and a
-- full-text index over the normalised text (see bot.faq.normalize: ə→e, ı→i, no diacritics).
CREATE TABLE faq_topics (
    id         TEXT PRIMARY KEY,                          -- e.g. 'solidarity_day'
    sort_order INTEGER NOT NULL DEFAULT 0,                -- position in the topics menu
    related    TEXT NOT NULL DEFAULT '[]'                 -- JSON list of topic ids
);

CREATE TABLE faq_texts (
    topic_id  TEXT NOT NULL REFERENCES faq_topics (id) ON DELETE CASCADE,
    language  TEXT NOT NULL CHECK (language IN ('az', 'en', 'ru')),
    title     TEXT NOT NULL,                              -- short button label
    answer    TEXT NOT NULL,                              -- 1-3 sentences
    more      TEXT NOT NULL,                              -- the longer text
    questions TEXT NOT NULL DEFAULT '[]',                 -- JSON list of example questions
    keywords  TEXT NOT NULL DEFAULT '[]',                 -- JSON list of keywords
    PRIMARY KEY (topic_id, language)
) WITHOUT ROWID;

-- One row per topic and language; ``body`` is normalised title + questions + keywords + answer.
CREATE VIRTUAL TABLE faq_fts USING fts5 (
    topic_id UNINDEXED,
    language UNINDEXED,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
