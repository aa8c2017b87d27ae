-- 003_replay.sql: every event records the rows it leaves behind.
--
-- rows holds one line per row the event wrote (and the organization's and
-- application's rows it concerns): "<table>:<key>" TAB the row as a JSON
-- array of its columns, in the order of lib/store/replay.c, large texts by
-- their SHA-256. It is one of the event's hashed fields. NULL on the events
-- written before this migration; the migration itself appends one
-- "baseline" event per organization recording its rows as they were.
ALTER TABLE events ADD COLUMN rows TEXT;
CREATE INDEX events_app ON events (app_id, seq) WHERE app_id IS NOT NULL;
