-- 004_asof.sql: indexes that make "as of a day" fast; both are derived from
-- the tables they index, which SQLite keeps (and integrity_check checks).
--
-- An organization whose events all lie on or before a day is, on that day,
-- what its row is now (verify proves the row is its last event's image): the
-- day in the index tells it without reading an event.
CREATE INDEX events_org_day ON events (org_id, seq, day);
-- The activities of the imports up to a day, or of those after it.
CREATE INDEX activities_import ON activities (import_id);
