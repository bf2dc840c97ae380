-- Holidays (seeded from data/holidays.toml) and who wants what.
CREATE TABLE holidays (
    id     TEXT PRIMARY KEY,                              -- e.g. 'solidarity_day'
    month  INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    day    INTEGER NOT NULL CHECK (day BETWEEN 1 AND 31),
    faq_id TEXT                                           -- the knowledge-base topic of its card
);

CREATE TABLE holiday_texts (
    holiday_id TEXT NOT NULL REFERENCES holidays (id) ON DELETE CASCADE,
    language   TEXT NOT NULL CHECK (language IN ('az', 'en', 'ru')),
    name       TEXT NOT NULL,
    greeting   TEXT NOT NULL,                             -- sent on the day, no countdown
    PRIMARY KEY (holiday_id, language)
);

-- Per-person settings of the subscription features.
ALTER TABLE users ADD COLUMN announcements INTEGER NOT NULL DEFAULT 0
    CHECK (announcements IN (0, 1));                      -- receives admin broadcasts
ALTER TABLE users ADD COLUMN reminder_hour INTEGER NOT NULL DEFAULT 10
    CHECK (reminder_hour BETWEEN 0 AND 23);               -- local hour of holiday reminders
ALTER TABLE users ADD COLUMN country TEXT;                -- ISO 3166 alpha-2, from a location or city
ALTER TABLE users ADD COLUMN asked_subscribe INTEGER NOT NULL DEFAULT 0
    CHECK (asked_subscribe IN (0, 1));                    -- /start asked once about reminders

-- One row per holiday a person wants reminders for.
CREATE TABLE holiday_subscriptions (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    holiday_id TEXT NOT NULL REFERENCES holidays (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, holiday_id)
) WITHOUT ROWID;
CREATE INDEX holiday_subscriptions_by_holiday ON holiday_subscriptions (holiday_id, user_id);
