-- A holiday missing from data/holidays.toml that people subscribed to is kept (a mistyped id
-- must not delete their subscriptions), but suspended: not sent, not offered, not on a card,
-- until it is back in the file (or removed with `import holidays FILE --remove`).
ALTER TABLE holidays ADD COLUMN in_file INTEGER NOT NULL DEFAULT 1 CHECK (in_file IN (0, 1));
