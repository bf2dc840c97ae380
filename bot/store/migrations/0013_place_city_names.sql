-- The city of a place in Azerbaijani and Russian (empty: `city` is shown in every language),
-- so that a card reads "Кёльн, Германия", not "Cologne, Германия". Places loaded before stay
-- as they are (empty here) until data/places.csv changes or an import brings the names.
ALTER TABLE places ADD COLUMN city_az TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN city_ru TEXT NOT NULL DEFAULT '';
