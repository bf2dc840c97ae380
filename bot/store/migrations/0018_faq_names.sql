-- Other names of a topic, as people call it ("Dayanışma Günü", Turkish for Solidarity Day):
-- a JSON list, per language, read like the title's words (a reminder asked for "dayanışma
-- günü" names that holiday; a persona review: it subscribed to nothing).
ALTER TABLE faq_texts ADD COLUMN names TEXT NOT NULL DEFAULT '[]';
