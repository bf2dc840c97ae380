-- A city's first-level region, as GeoNames codes it ('FL', '08', 'SCT'): "Toronto, Ontario"
-- is the Toronto of that region.
ALTER TABLE cities ADD COLUMN admin1 TEXT NOT NULL DEFAULT '';
CREATE INDEX cities_by_region ON cities (country_code, admin1, population);

-- Regions by their names (data/regions.csv): "Florida", "Онтарио", "Bavariya", "Borçalı".
CREATE TABLE regions (
    key          TEXT NOT NULL,  -- a name, normalised (bot.gazetteer.normalize)
    country_code TEXT NOT NULL,
    admin1       TEXT NOT NULL,
    name_az      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    name_ru      TEXT NOT NULL,
    PRIMARY KEY (key, country_code, admin1)
) WITHOUT ROWID;

-- The gazetteer is read again at the next start, which fills the cities' regions.
DELETE FROM data_files WHERE name = 'cities.tsv.gz';
