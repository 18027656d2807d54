-- The first schema: country identity, UN votes, ideal points, alliances, trade, IGOs, and the load log.
CREATE TABLE load_log (
    load_id       INTEGER PRIMARY KEY,
    source        VARCHAR NOT NULL,
    part          VARCHAR NOT NULL,      -- which piece of the source (a file stem, or 'all')
    path          VARCHAR NOT NULL,
    file_sha256   VARCHAR NOT NULL,
    rows_in       BIGINT NOT NULL,
    rows_ok       BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    seconds       DOUBLE,
    loaded_at     TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE SEQUENCE load_id_seq START 1;

CREATE TABLE rejected_row (
    load_id  INTEGER NOT NULL,
    file     VARCHAR NOT NULL,
    row      BIGINT,
    "column" VARCHAR,
    value    VARCHAR,
    reason   VARCHAR NOT NULL,
    level    VARCHAR NOT NULL         -- 'error' (row rejected) or 'warning' (row kept)
);

CREATE TABLE roll_call (
    rc_id          VARCHAR PRIMARY KEY,   -- 'unvotes:<rcid>' or 'unxml:<symbol>'
    source         VARCHAR NOT NULL,
    part           VARCHAR NOT NULL,
    symbol         VARCHAR,               -- UN style: A/RES/68/262, A/RES/ES-11/1
    source_symbol  VARCHAR,               -- as the source writes it (Voeten: R/68/262)
    session        INTEGER,               -- regular session number the vote falls in
    session_label  VARCHAR,               -- '74', 'ES-11', 'S-32'
    date           DATE NOT NULL,
    title          VARCHAR,
    descr          VARCHAR,
    amend          BOOLEAN,
    para           BOOLEAN,
    important      BOOLEAN,
    issue_codes    VARCHAR[],
    subjects       VARCHAR[],
    yes            INTEGER,
    no             INTEGER,
    abstain        INTEGER,
    superseded_by  VARCHAR                -- set when another source records the same roll call
);

CREATE TABLE vote (
    rc_id    VARCHAR NOT NULL,
    iso3     VARCHAR NOT NULL,
    vote     VARCHAR NOT NULL CHECK (vote IN ('Y', 'N', 'A')),
    as_state VARCHAR                      -- e.g. 'SUN' for votes cast by the USSR, kept under RUS
);

CREATE TABLE ideal_point (
    iso3        VARCHAR NOT NULL,
    as_state    VARCHAR,
    cow         INTEGER,
    session     INTEGER NOT NULL,
    n_votes     INTEGER,
    ideal_point DOUBLE,
    q00 DOUBLE, q05 DOUBLE, q10 DOUBLE, q50 DOUBLE, q90 DOUBLE, q95 DOUBLE, q100 DOUBLE,
    agree_usa DOUBLE, agree_rus DOUBLE, agree_bra DOUBLE, agree_chn DOUBLE, agree_ind DOUBLE, agree_isr DOUBLE,
    source      VARCHAR NOT NULL
);

CREATE TABLE alliance (
    iso3_a     VARCHAR NOT NULL,
    iso3_b     VARCHAR NOT NULL,
    as_state_a VARCHAR,
    as_state_b VARCHAR,
    year       INTEGER NOT NULL,
    defense    BOOLEAN,
    offense    BOOLEAN,
    neutral    BOOLEAN,
    nonagg     BOOLEAN,
    consul     BOOLEAN,
    entente    BOOLEAN,
    source     VARCHAR NOT NULL           -- 'atop' or 'cow-alliance'; rows are directed dyad-years
);

CREATE TABLE trade (
    iso3_a           VARCHAR NOT NULL,
    iso3_b           VARCHAR NOT NULL,
    as_state_a       VARCHAR,
    as_state_b       VARCHAR,
    year             INTEGER NOT NULL,
    imports_a_from_b DOUBLE,              -- millions of current US dollars
    imports_b_from_a DOUBLE,
    smooth_a_from_b  DOUBLE,
    smooth_b_from_a  DOUBLE,
    source           VARCHAR NOT NULL
);

CREATE TABLE trade_total (
    iso3     VARCHAR NOT NULL,
    as_state VARCHAR,
    year     INTEGER NOT NULL,
    imports  DOUBLE,
    exports  DOUBLE,
    source   VARCHAR NOT NULL
);

CREATE TABLE igo (
    iso3_a     VARCHAR NOT NULL,
    iso3_b     VARCHAR NOT NULL,
    as_state_a VARCHAR,
    as_state_b VARCHAR,
    year       INTEGER NOT NULL,
    shared     INTEGER,
    source     VARCHAR NOT NULL
);

-- One combined vote table: a roll call recorded by two sources counts once.
CREATE VIEW votes AS
SELECT r.rc_id, r.source, r.symbol, r.session, r.session_label, r.date, r.title,
       r.amend, r.para, r.important, r.issue_codes, v.iso3, v.vote, v.as_state
FROM vote v JOIN roll_call r USING (rc_id)
WHERE r.superseded_by IS NULL;
