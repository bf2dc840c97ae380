-- A city's spellings as written, only those that folding changes ("şəki": normalised it is
-- "seki", like Seki, Japan): a name typed with those very letters ranks that city first.
CREATE TABLE city_spellings (
    spelling  TEXT NOT NULL,
    geonameid INTEGER NOT NULL,
    PRIMARY KEY (spelling, geonameid)
) WITHOUT ROWID;
-- The gazetteer is read again at the next start, which fills the table.
DELETE FROM data_files WHERE name = 'cities.tsv.gz';
