-- /forget deletes a person's rows: without these indexes each /forget scanned every recipient
-- row of every broadcast kept (30 days of them) and every broadcast, to find the person's.
CREATE INDEX broadcast_recipients_by_user ON broadcast_recipients (user_id);
CREATE INDEX broadcasts_by_admin ON broadcasts (admin_id) WHERE admin_id IS NOT NULL;
