-- 1: the person asked for every holiday (/subscribe, "Yes" at /start, or each one ticked) and
-- has turned none off since: a holiday added to data/holidays.toml, or back in it after a
-- while suspended, is theirs too. A 🔕 on any holiday, or /unsubscribe, clears it, so a
-- holiday someone turned off never comes back to them unasked.
ALTER TABLE users ADD COLUMN every_holiday INTEGER NOT NULL DEFAULT 0
    CHECK (every_holiday IN (0, 1));

-- Who has every holiday of the file now is taken to have asked for it.
UPDATE users SET every_holiday = 1
WHERE (SELECT count(*) FROM holidays WHERE in_file = 1) > 0
  AND (SELECT count(*) FROM holiday_subscriptions s JOIN holidays h ON h.id = s.holiday_id
       WHERE s.user_id = users.id AND h.in_file = 1)
      = (SELECT count(*) FROM holidays WHERE in_file = 1);
