-- Events between actors (curated chronology, GDELT, ICEWS, POLECAT, PLOVER records, coded text)
-- and the documents coded events come from.
CREATE TABLE event (
    event_id       VARCHAR NOT NULL,      -- unique within a dataset
    dataset        VARCHAR NOT NULL,      -- 'curated', 'gdelt1', 'gdelt2', 'icews', 'polecat', 'plover', 'text'
    part           VARCHAR NOT NULL,      -- the load part (file) the row came from
    date           DATE NOT NULL,
    date_precision VARCHAR NOT NULL CHECK (date_precision IN ('day', 'month', 'year')),
    source_iso3    VARCHAR,               -- ISO3 or organisation code (CSTO, EAEU ...); NULL when not a state
    source_actor   VARCHAR,               -- the actor as named: "Tokayev", "Rostransnadzor"
    target_iso3    VARCHAR,
    target_actor   VARCHAR,
    plover_type    VARCHAR,               -- PLOVER category (2021 draft names mapped to current ones)
    cameo_code     VARCHAR,               -- CAMEO event code as text ('057', '1721')
    goldstein      DOUBLE,                -- Goldstein (1992) value of the CAMEO code
    quad           VARCHAR,               -- verbal_cooperation, material_cooperation, verbal_conflict, material_conflict
    domain         VARCHAR,               -- security, energy, trade, transport, diplomacy, sovereignty/territory ...
    summary        VARCHAR,
    reports        INTEGER,               -- how many reports (GDELT mentions/articles) stand behind the event
    doc_id         VARCHAR,
    span_start     INTEGER,
    span_end       INTEGER,
    confidence     DOUBLE,
    citation       VARCHAR,               -- the reference a reader can check
    checked        VARCHAR,               -- curated rows: how the fact was checked
    source_url     VARCHAR
);

CREATE TABLE document (
    doc_id       VARCHAR PRIMARY KEY,
    path_or_url  VARCHAR,
    lang         VARCHAR,
    published    DATE,
    sha256       VARCHAR
);
