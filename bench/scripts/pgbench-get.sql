-- The store's single-row lookup, on a random seeded id. bench_ids maps 1..count to the
-- seeded ids (pgbench variables are numbers only); its primary-key probe is the one extra step.
\set n random(1, :count)
SELECT id, name, notes, version, created_at, updated_at FROM items WHERE id = (SELECT id FROM bench_ids WHERE n = :n);
