CREATE TABLE items (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL,
    notes       text,
    version     bigint      NOT NULL CHECK (version > 0),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
