-- State-system membership (COW and Gleditsch-Ward), direct contiguity, strategic rivalries and
-- minimum distances, all as shipped by peacesciencer.
CREATE TABLE state_system (
    iso3     VARCHAR NOT NULL,
    as_state VARCHAR,                     -- 'SUN' for a period of COW/GW 365 that starts in Soviet times
    code     INTEGER NOT NULL,            -- the system's own number (COW ccode or GW gwcode)
    abbr     VARCHAR,                     -- the system's letter code (Kazakhstan: KZK)
    name     VARCHAR,
    start    DATE NOT NULL,
    "end"    DATE NOT NULL,
    system   VARCHAR NOT NULL CHECK (system IN ('cow', 'gw')),
    source   VARCHAR NOT NULL             -- one row per period of membership; a state may have several
);

CREATE TABLE contiguity (
    iso3_a     VARCHAR NOT NULL,
    iso3_b     VARCHAR NOT NULL,
    as_state_a VARCHAR,
    as_state_b VARCHAR,
    conttype   INTEGER NOT NULL CHECK (conttype BETWEEN 0 AND 5),  -- 1 land ... 5 400 miles of water; 0 none
    start      DATE NOT NULL,
    "end"      DATE NOT NULL,
    source     VARCHAR NOT NULL           -- directed: each period appears for (a, b) and (b, a)
);

CREATE TABLE rivalry (
    rivalry_id INTEGER NOT NULL,          -- Thompson and Dreyer's rivalry number
    name       VARCHAR,
    iso3_a     VARCHAR,                   -- NULL only for a polity the registry does not know (Venice)
    iso3_b     VARCHAR,
    as_state_a VARCHAR,
    as_state_b VARCHAR,
    code_a     INTEGER NOT NULL,          -- COW codes as peacesciencer gives them (code_a < code_b)
    code_b     INTEGER NOT NULL,
    start_year INTEGER NOT NULL,
    end_year   INTEGER NOT NULL,          -- rivalries still running are right-bound at 2010
    region     VARCHAR,
    type1      VARCHAR,                   -- spatial, positional, ideological or interventionary
    type2      VARCHAR,
    type3      VARCHAR,
    source     VARCHAR NOT NULL
);

CREATE TABLE distance (
    iso3_a     VARCHAR NOT NULL,
    iso3_b     VARCHAR NOT NULL,
    as_state_a VARCHAR,
    as_state_b VARCHAR,
    year       INTEGER NOT NULL,
    mindist    DOUBLE,                    -- kilometres between the closest borders on 1 January
    source     VARCHAR NOT NULL           -- non-directed: one row per pair and year
);
