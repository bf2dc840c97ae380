-- Placeholder on the places branch only: migration numbers must have no gaps, and 0003 belongs
-- to another feature. Delete this file when merging (the real 0003 takes its place).
SELECT 1;
