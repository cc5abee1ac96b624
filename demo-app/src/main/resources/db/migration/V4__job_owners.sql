-- Which instance runs each import and export. A running instance holds a PostgreSQL advisory lock
-- keyed by its owner id for as long as it lives (the server drops it with the connection when the
-- process dies), so a job whose owner's lock is free was left behind by a process that is gone and
-- is taken over by the next instance that starts. An export keeps its query so that it can be redone.
alter table imports add column owner text;
alter table exports add column owner text;
alter table exports add column query jsonb;
