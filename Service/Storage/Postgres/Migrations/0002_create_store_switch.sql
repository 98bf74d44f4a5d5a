-- The copier's lease and the completion of a store switch, one row per source store.
-- A table of its own keeps these records out of the items' key space.
CREATE TABLE store_switch (
    source            text        PRIMARY KEY,
    copier            text        NOT NULL,
    lease_expires_at  timestamptz NOT NULL,
    copied            bigint      NOT NULL DEFAULT 0,
    completed_at      timestamptz
);
