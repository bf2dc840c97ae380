-- Azerbaijani Houses and weekend schools (loaded from data/places.csv or `import places`).
CREATE TABLE places (
    pk           INTEGER PRIMARY KEY,                    -- the R*Tree's integer key
    id           TEXT NOT NULL UNIQUE,                   -- slug, e.g. 'house-berlin'
    kind         TEXT NOT NULL CHECK (kind IN ('house', 'school')),
    name_az      TEXT NOT NULL DEFAULT '',
    name_en      TEXT NOT NULL DEFAULT '',
    name_ru      TEXT NOT NULL DEFAULT '',
    city         TEXT NOT NULL DEFAULT '',
    country_code TEXT NOT NULL DEFAULT '',               -- ISO 3166 alpha-2, '' for online
    lat          REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
    lon          REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
    location     TEXT NOT NULL DEFAULT '' CHECK (location IN ('', 'city', 'exact')),
    address      TEXT NOT NULL DEFAULT '',
    contacts     TEXT NOT NULL DEFAULT '',
    opened       TEXT NOT NULL DEFAULT '',
    online       INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1)),
    source_url   TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX places_by_country ON places (kind, country_code);

-- Bounding boxes (points) of the places that have coordinates; +kind filters after the search.
CREATE VIRTUAL TABLE places_rtree USING rtree (pk, min_lat, max_lat, min_lon, max_lon, +kind);

-- How many places of each kind have a point: sizes the first R*Tree search (kept by replace_all).
CREATE TABLE places_points (
    kind   TEXT PRIMARY KEY,
    points INTEGER NOT NULL
);

-- The offline gazetteer (data/cities.tsv.gz, GeoNames CC BY 4.0).
CREATE TABLE cities (
    geonameid    INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    country_code TEXT NOT NULL,
    lat          REAL NOT NULL,
    lon          REAL NOT NULL,
    population   INTEGER NOT NULL,
    timezone     TEXT NOT NULL
);
-- A bounding-box prefilter on a plain index (quicker to build at load than an R*Tree).
CREATE INDEX cities_by_lat ON cities (lat, lon);

-- Every spelling of a city, normalised (see bot.gazetteer.normalize); rkey is key reversed,
-- so that a typo in the first letters is still found through the end of the name.
-- (The key columns come first: SQLite 3.40's integrity_check wrongly reports NULLs in a
-- WITHOUT ROWID table whose NOT NULL column sits between its primary-key columns.)
CREATE TABLE city_names (
    key       TEXT NOT NULL,
    geonameid INTEGER NOT NULL,
    rkey      TEXT NOT NULL,
    PRIMARY KEY (key, geonameid)
) WITHOUT ROWID;
CREATE INDEX city_names_by_rkey ON city_names (rkey);

-- Which version (sha256) of each data file is loaded, so that start-up reloads only changes.
CREATE TABLE data_files (
    name      TEXT PRIMARY KEY,
    sha256    TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);
