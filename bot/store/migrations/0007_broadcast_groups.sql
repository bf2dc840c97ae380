-- Groups an admin turned announcements on for (issue 7). An announcement to everyone also goes
-- to every enabled group; language, country and holiday audiences never include groups.
-- Nothing about the group's members is stored.
CREATE TABLE broadcast_groups (
    chat_id    INTEGER PRIMARY KEY CHECK (chat_id < 0),   -- the group's Telegram chat id
    enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)), -- 0: turned off, or the bot was
                                                          -- removed / the group is unreachable
    enabled_at TEXT NOT NULL,                             -- UTC, when it was last turned on
    admin_id   INTEGER                                    -- the admin who turned it on (NULL
                                                          -- after that admin's /forget)
);

-- A broadcast's frozen list now holds group chats (negative ids) next to people, so the ids
-- can no longer reference users (id). The table is rebuilt without that reference; the trigger
-- below does what its ON DELETE CASCADE did: /forget deletes the person's rows.
CREATE TABLE broadcast_recipients_new (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,                        -- a person (users.id, > 0) or a
                                                          -- group (broadcast_groups.chat_id, < 0)
    state        TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'sending', 'delivered', 'blocked', 'failed', 'unconfirmed')),
    PRIMARY KEY (broadcast_id, user_id)
) WITHOUT ROWID;
INSERT INTO broadcast_recipients_new (broadcast_id, user_id, state)
    SELECT broadcast_id, user_id, state FROM broadcast_recipients;
DROP TABLE broadcast_recipients;
ALTER TABLE broadcast_recipients_new RENAME TO broadcast_recipients;
CREATE INDEX broadcast_recipients_by_state ON broadcast_recipients (broadcast_id, state);

CREATE TRIGGER users_delete_broadcast_recipients AFTER DELETE ON users FOR EACH ROW
BEGIN
    DELETE FROM broadcast_recipients WHERE user_id = OLD.id;
END;
