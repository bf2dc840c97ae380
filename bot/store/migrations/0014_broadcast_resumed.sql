-- 1: the sending of this announcement was interrupted (the bot stopped or crashed, an error
-- stopped its sender) and resumed later. Its duration, from Send to the end, then includes
-- that pause, and the report says so.
ALTER TABLE broadcasts ADD COLUMN resumed INTEGER NOT NULL DEFAULT 0 CHECK (resumed IN (0, 1));
