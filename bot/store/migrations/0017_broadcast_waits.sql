-- An admin's /broadcast waiting for the announcement (15 minutes at most). The wait itself is
-- PTB's ConversationHandler, in memory: a restart ended it without a word, and the text the
-- admin sent next got a FAQ card (a persona review). This row lets the bot, once restarted,
-- tell them the wait ended and nothing was sent. Deleted when the wait ends, with the admin
-- (/forget), and once they were told.
CREATE TABLE broadcast_waits (
    admin_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    since    TEXT NOT NULL                                -- UTC, when /broadcast began waiting
);
