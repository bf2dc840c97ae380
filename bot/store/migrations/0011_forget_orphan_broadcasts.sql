-- Announcements whose admin used /forget while they were being sent were kept unlinked
-- (admin_id NULL) with the admin's chat and message ids. From now on such an announcement is
-- deleted when it ends (broadcasts.finish); this deletes the ones that ended before.
DELETE FROM broadcasts WHERE admin_id IS NULL AND state <> 'running';
