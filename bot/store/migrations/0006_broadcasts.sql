-- Admin broadcasts. A draft holds what to send and to whom; at Confirm the recipients are
-- frozen into broadcast_recipients (one row each, with its delivery state) in one transaction,
-- so a restart continues the same list.
CREATE TABLE broadcasts (
    id                 INTEGER PRIMARY KEY,
    admin_id           INTEGER REFERENCES users (id) ON DELETE SET NULL,  -- who wrote it;
                                                          -- the progress goes to their chat
    kind               TEXT NOT NULL CHECK (kind IN ('text', 'copy')),
    text               TEXT,                              -- kind 'text': HTML as sent
    from_chat_id       INTEGER,                           -- kind 'copy': the admin's message …
    source_message_id  INTEGER,                           -- … copied with copyMessage
    target             TEXT NOT NULL DEFAULT 'all'
        CHECK (target IN ('all', 'language', 'country', 'holiday')),
    target_value       TEXT,                              -- 'az' / 'DE' / 'solidarity_day'
    state              TEXT NOT NULL DEFAULT 'draft'
        CHECK (state IN ('draft', 'running', 'done', 'cancelled')),
    control_message_id INTEGER,                           -- the admin's message edited with
                                                          -- the progress and the report
    created_at         TEXT NOT NULL,                     -- UTC, ISO 8601
    started_at         TEXT,
    finished_at        TEXT,
    total              INTEGER NOT NULL DEFAULT 0,
    -- the report, written when the broadcast ends (counted live from the rows before that)
    delivered          INTEGER NOT NULL DEFAULT 0,
    blocked            INTEGER NOT NULL DEFAULT 0,
    failed             INTEGER NOT NULL DEFAULT 0,
    unconfirmed        INTEGER NOT NULL DEFAULT 0,
    not_sent           INTEGER NOT NULL DEFAULT 0,
    CHECK ((kind = 'text' AND text IS NOT NULL)
        OR (kind = 'copy' AND from_chat_id IS NOT NULL AND source_message_id IS NOT NULL))
);
CREATE INDEX broadcasts_by_state ON broadcasts (state, id);

-- pending → sending (the request is leaving for Telegram) → delivered | blocked | failed.
-- A row still 'sending' after a crash may or may not have arrived: it becomes 'unconfirmed'
-- and is never sent again (no one gets an announcement twice).
CREATE TABLE broadcast_recipients (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state        TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'sending', 'delivered', 'blocked', 'failed', 'unconfirmed')),
    PRIMARY KEY (broadcast_id, user_id)
) WITHOUT ROWID;
CREATE INDEX broadcast_recipients_by_state ON broadcast_recipients (broadcast_id, state);
