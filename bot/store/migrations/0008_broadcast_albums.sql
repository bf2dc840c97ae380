-- An album as an announcement: the admin's messages with one media_group_id, copied together
-- with copyMessages (so recipients see them grouped). A JSON list of message ids in the admin's
-- chat (from_chat_id), in order; source_message_id is the first. NULL for anything else.
ALTER TABLE broadcasts ADD COLUMN album TEXT;
