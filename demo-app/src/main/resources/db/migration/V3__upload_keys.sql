-- Idempotency keys of POST /api/readings: a retried upload carrying the same key is answered with
-- the stored report instead of being stored again. The key row is written in the upload's own
-- transaction, so it exists exactly when the upload's rows do.
create table upload_keys (
  key text primary key,
  report jsonb,
  created_at timestamptz not null default now()
);
