-- People who have talked to the bot. Only what the features need.
CREATE TABLE users (
    id               INTEGER PRIMARY KEY,              -- Telegram user id
    language         TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('az', 'en', 'ru')),
    timezone         TEXT,                             -- IANA name, NULL until known
    timezone_manual  INTEGER NOT NULL DEFAULT 0 CHECK (timezone_manual IN (0, 1)),
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),  -- 0: blocked the bot
    created_at       TEXT NOT NULL,                    -- UTC, ISO 8601
    last_seen        TEXT NOT NULL
);
