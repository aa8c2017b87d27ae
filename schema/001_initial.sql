-- 001_initial.sql - organizations, their versions and applications, votes,
-- the archive's documents, and the hash-chained event log.
-- Dates are YYYY-MM-DD text (the business date, $SSO_TODAY if set); times
-- are UTC ISO 8601 text.

CREATE TABLE orgs (
  id            INTEGER PRIMARY KEY,           -- printed as ORG000001
  name          TEXT NOT NULL,
  form          TEXT,                          -- social_group | service_org | foundation
  tier          TEXT,                          -- group | filed | registered; NULL while a first filing is pending
  stage         TEXT NOT NULL DEFAULT 'budding', -- budding | growing | mature
  status        TEXT NOT NULL,                 -- pending | active | terminated | revoked | rejected
  category      TEXT,
  district      TEXT NOT NULL,                 -- codes from the jurisdiction
  street        TEXT NOT NULL,
  community     TEXT NOT NULL,
  hub           INTEGER NOT NULL DEFAULT 0,
  leader        TEXT,                          -- the leader's name, for the ledger
  members       INTEGER NOT NULL DEFAULT 0,    -- size of the roster
  certificate   TEXT UNIQUE,                   -- 备案证书 number once filed
  uscc          TEXT UNIQUE,                   -- 统一社会信用代码 once registered
  version       INTEGER NOT NULL DEFAULT 0,    -- the current version; 0 before the first is certified
  created_on    TEXT NOT NULL,
  filed_on      TEXT,
  referred_on   TEXT,
  registered_on TEXT,
  ended_on      TEXT,
  CHECK (status IN ('pending', 'active', 'terminated', 'revoked', 'rejected')),
  CHECK (tier IS NULL OR tier IN ('group', 'filed', 'registered')),
  CHECK (stage IN ('budding', 'growing', 'mature'))
);
CREATE INDEX orgs_street ON orgs (street, id);
CREATE INDEX orgs_name ON orgs (name);

-- Each certified version of an organization's data (canonical YAML), so that
-- a change leaves the previous version readable.
CREATE TABLE versions (
  org_id    INTEGER NOT NULL REFERENCES orgs (id),
  version   INTEGER NOT NULL,
  app_id    INTEGER REFERENCES apps (id),
  effective TEXT NOT NULL,
  data      TEXT NOT NULL,
  PRIMARY KEY (org_id, version)
);

CREATE TABLE apps (
  id           INTEGER PRIMARY KEY,            -- printed as APP000001
  kind         TEXT NOT NULL,                  -- filing | change | termination
  org_id       INTEGER NOT NULL REFERENCES orgs (id),
  state        TEXT NOT NULL,
  data         TEXT NOT NULL,                  -- the form, canonical YAML
  reason       TEXT,                           -- the last return, rejection or objection
  submitted_on TEXT NOT NULL,
  updated_on   TEXT NOT NULL,
  notice_start TEXT,
  notice_end   TEXT,
  CHECK (kind IN ('filing', 'change', 'termination')),
  CHECK (state IN ('submitted', 'reviewed', 'approved', 'in_notice', 'objected',
                   'returned', 'rejected', 'done'))
);
-- two open applications of one kind for one organization are refused
CREATE UNIQUE INDEX apps_open ON apps (org_id, kind) WHERE state NOT IN ('done', 'rejected');
CREATE INDEX apps_state ON apps (state, notice_end);
CREATE INDEX apps_org ON apps (org_id);

-- 全体成员会议: the all-member votes recorded for terminations
CREATE TABLE votes (
  id       INTEGER PRIMARY KEY,
  org_id   INTEGER NOT NULL REFERENCES orgs (id),
  date     TEXT NOT NULL,
  members  INTEGER NOT NULL,
  present  INTEGER NOT NULL,
  in_favour INTEGER NOT NULL,
  against  INTEGER NOT NULL,
  abstain  INTEGER NOT NULL,
  passed   INTEGER NOT NULL,
  recorded_on TEXT NOT NULL
);
CREATE INDEX votes_org ON votes (org_id, date);

-- 档案: each document with its SHA-256; its bytes in chunks, so that large
-- files are written and re-hashed as streams
CREATE TABLE documents (
  id       INTEGER PRIMARY KEY,
  org_id   INTEGER NOT NULL REFERENCES orgs (id),
  kind     TEXT NOT NULL,
  name     TEXT NOT NULL,
  size     INTEGER NOT NULL,
  sha256   TEXT NOT NULL,
  app_id   INTEGER REFERENCES apps (id),
  day      TEXT NOT NULL,
  at       TEXT NOT NULL,
  actor    TEXT NOT NULL
);
CREATE INDEX documents_org ON documents (org_id, kind, day);
CREATE TABLE chunks (
  doc_id INTEGER NOT NULL REFERENCES documents (id),
  seq    INTEGER NOT NULL,
  data   BLOB NOT NULL,
  PRIMARY KEY (doc_id, seq)
);

-- Sequences that outlive rows (certificate numbers per street and year).
CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;

-- The append-only event log. hash = SHA-256 over the previous hash and this
-- event's fields; org_state is the SHA-256 of the organization's row after
-- the event, so that the current rows can be checked against the chain.
CREATE TABLE events (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  day       TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  org_id    INTEGER,
  app_id    INTEGER,
  details   TEXT NOT NULL,
  org_state TEXT,
  prev      TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX events_day ON events (day);
CREATE INDEX events_org ON events (org_id, seq);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
