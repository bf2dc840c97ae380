-- Holiday reminders: one row per (person, holiday, year) once the scheduler has claimed it.
-- The primary key is what makes "never twice" hold across restarts, crashes and overlapping
-- runs: a run first INSERTs the row (the claim) and sends only if that insert succeeded.
CREATE TABLE reminder_sent (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    holiday_id TEXT NOT NULL REFERENCES holidays (id) ON DELETE CASCADE,
    year       INTEGER NOT NULL,                          -- the holiday's year, local to the person
    status     TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'blocked', 'failed', 'unknown')),
    attempts   INTEGER NOT NULL DEFAULT 1,                -- a 'failed' row is retried up to 3 times
    claimed_at TEXT NOT NULL,                             -- UTC, ISO 8601
    done_at    TEXT,
    PRIMARY KEY (user_id, holiday_id, year)
) WITHOUT ROWID;

-- The scheduler asks "who in zone Z wants reminders at hour <= H": one index range per zone.
CREATE INDEX users_by_zone_hour ON users (timezone, reminder_hour) WHERE active = 1;
