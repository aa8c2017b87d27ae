-- 002_activities.sql - activity records (活动记录) and the imports they came
-- in; the date and result a document of the archive speaks of.

-- The date a document is of (a report's, an evaluation's), which may be
-- earlier than the day it was attached; the attach day unless given. The
-- report and evaluation rules count from it.
ALTER TABLE documents ADD COLUMN dated TEXT;
-- An evaluation's result (测评结果), a handling's outcome (处理结果).
ALTER TABLE documents ADD COLUMN result TEXT;
UPDATE documents SET dated = day;
-- the latest document of a kind, per organization (check, ledger)
CREATE INDEX documents_kind ON documents (kind, org_id, dated);

-- One import of an activity CSV file (one transaction each).
CREATE TABLE imports (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL,               -- the file as given, "-" for standard input
  rows      INTEGER NOT NULL,            -- data rows read
  added     INTEGER NOT NULL,            -- rows new to the store
  day       TEXT NOT NULL,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL
);

-- Activities, keyed by the id the clerk's spreadsheet gives them, so that a
-- file imported twice changes nothing. street and community are codes, kept
-- only when the row names a place other than its organization's. No index
-- but the key: each one more would double the cost of an import.
CREATE TABLE activities (
  activity_id     TEXT PRIMARY KEY,
  org_id          INTEGER NOT NULL REFERENCES orgs (id),
  date            TEXT NOT NULL,               -- YYYY-MM-DD
  participants    INTEGER NOT NULL CHECK (participants >= 0),
  street          TEXT,
  community       TEXT,
  kind            TEXT,
  title           TEXT,
  volunteer_hours REAL CHECK (volunteer_hours IS NULL OR volunteer_hours >= 0),
  import_id       INTEGER NOT NULL REFERENCES imports (id),
  line            INTEGER NOT NULL             -- where in that import's file
) WITHOUT ROWID;

-- Each organization's activities per quarter (2026Q1), kept by the import
-- in the same transaction as the rows: every period (a year, a half, a
-- quarter) is a run of quarters, so the ledger reads a few rows per
-- organization instead of every activity.
CREATE TABLE activity_quarters (
  quarter         TEXT NOT NULL,               -- 2026Q1
  org_id          INTEGER NOT NULL REFERENCES orgs (id),
  activities      INTEGER NOT NULL,
  participants    INTEGER NOT NULL,
  volunteer_hours REAL NOT NULL,
  PRIMARY KEY (quarter, org_id)
) WITHOUT ROWID;
