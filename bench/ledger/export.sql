-- export.sql - the work ledger of 2026H1 as one SELECT, for `sqlite3 -csv`:
-- the same rows and columns as `sso-ledger export --period 2026H1` with the
-- built-in configuration on a store whose "today" is after 2026-06-30
-- (required kinds charter, filing_form, roster; report 183 days, evaluation
-- 366). The place names come from the configuration, not the store, so
-- district_name, street_name and community_name are left empty here.
WITH s AS (
  SELECT o.*, min('2026-06-30', coalesce(o.ended_on, '9999-12-31')) AS asof
  FROM orgs o
  WHERE o.status <> 'rejected' AND o.created_on <= '2026-06-30'
    AND (o.ended_on IS NULL OR o.ended_on >= '2026-01-01')
),
q AS (
  SELECT org_id, sum(activities) AS n, sum(participants) AS p, sum(volunteer_hours) AS h
  FROM activity_quarters WHERE quarter >= '2026Q1' AND quarter <= '2026Q2' GROUP BY org_id
),
c AS (
  SELECT DISTINCT v.org_id FROM versions v JOIN apps a ON a.id = v.app_id
  WHERE a.kind = 'change' AND v.effective >= '2026-01-01' AND v.effective <= '2026-06-30'
),
d AS (
  SELECT s.id,
    (SELECT max(dated) FROM documents WHERE kind = 'charter' AND org_id = s.id AND dated <= s.asof) AS charter,
    (SELECT max(dated) FROM documents WHERE kind = 'filing_form' AND org_id = s.id AND dated <= s.asof) AS filing_form,
    (SELECT max(dated) FROM documents WHERE kind = 'roster' AND org_id = s.id AND dated <= s.asof) AS roster,
    (SELECT max(dated) FROM documents WHERE kind = 'report' AND org_id = s.id AND dated <= s.asof) AS report,
    (SELECT max(dated) FROM documents WHERE kind = 'evaluation' AND org_id = s.id AND dated <= s.asof) AS evaluation,
    (SELECT result FROM documents WHERE kind = 'evaluation' AND org_id = s.id AND dated <= s.asof
     ORDER BY dated DESC, id DESC LIMIT 1) AS result
  FROM s
),
a AS (
  SELECT d.*,
    CASE WHEN s.filed_on IS NOT NULL AND s.filed_on <= s.asof AND s.tier <> 'group' THEN
      trim(iif(d.charter IS NULL, ' charter', '') || iif(d.filing_form IS NULL, ' filing_form', '')
        || iif(d.roster IS NULL, ' roster', '')
        || iif(julianday(s.asof) - julianday(coalesce(d.report, s.filed_on)) > 183, ' report', '')
        || iif(julianday(s.asof) - julianday(coalesce(d.evaluation, s.filed_on)) > 366, ' evaluation', ''))
    END AS missing
  FROM d JOIN s ON s.id = d.id
),
f AS (
  -- the version in force at the period's end
  SELECT v.org_id, v.data FROM versions v WHERE v.effective <= '2026-06-30' AND v.version =
    (SELECT max(w.version) FROM versions w WHERE w.org_id = v.org_id AND w.effective <= '2026-06-30')
),
g AS (
  SELECT s.id, coalesce(f.data, (SELECT data FROM versions WHERE org_id = s.id AND version = s.version),
    (SELECT data FROM apps WHERE org_id = s.id AND kind = 'filing' ORDER BY id DESC LIMIT 1)) AS data
  FROM s LEFT JOIN f ON f.org_id = s.id
),
p AS (
  SELECT id,
    CASE WHEN instr(data, char(10) || 'party_org: ') > 0 THEN
      substr(substr(data, instr(data, char(10) || 'party_org: ') + 12), 1,
             instr(substr(data, instr(data, char(10) || 'party_org: ') + 12), char(10)) - 1) END AS party_org,
    substr(substr(data, instr(data, char(10) || 'leader:' || char(10))),
           instr(substr(data, instr(data, char(10) || 'leader:' || char(10))),
                 char(10) || '  party_member: ') + 17, 4) AS leader_party
  FROM g
),
ch AS (
  SELECT v.org_id, max(v.effective) AS day FROM versions v JOIN apps a ON a.id = v.app_id
  WHERE a.kind = 'change' AND v.effective <= '2026-06-30' GROUP BY v.org_id
),
t AS (
  SELECT org_id, max(day) AS day FROM events WHERE org_id IS NOT NULL AND day <= '2026-06-30'
    AND (action IN ('group', 'register') OR (action = 'certify' AND details LIKE '{"kind":"filing"%'))
  GROUP BY org_id
),
l AS (
  SELECT org_id, version, substr(t, instr(t, '  phone: "') + 10) AS u
  FROM (SELECT org_id, version, substr(data, instr(data, char(10) || 'leader:' || char(10)) + 9) AS t
        FROM versions)
)
SELECT printf('ORG%06d', s.id) AS org_id, s.name, s.district, s.street, s.community, s.form,
  s.category, s.tier, s.stage, s.status, s.certificate, s.members, s.leader,
  substr(l.u, 1, 3) || substr('****************', 1, instr(l.u, '"') - 8)
    || substr(substr(l.u, 1, instr(l.u, '"') - 1), -4) AS leader_phone,
  s.filed_on, s.uscc, coalesce(q.n, 0) AS activities, coalesce(q.p, 0) AS participants,
  CASE WHEN a.missing IS NULL THEN NULL WHEN a.missing = '' THEN 1 ELSE 0 END AS archive_complete,
  a.missing AS archive_missing, a.result AS evaluation, a.evaluation AS evaluated_on,
  trim(iif(s.created_on >= '2026-01-01' AND s.created_on <= '2026-06-30',
           iif(s.tier = 'group', ' recorded', ' submitted'), '')
    || iif(s.filed_on >= '2026-01-01' AND s.filed_on <= '2026-06-30', ' filed', '')
    || iif(c.org_id IS NOT NULL, ' changed', '')
    || iif(s.referred_on >= '2026-01-01' AND s.referred_on <= '2026-06-30', ' referred', '')
    || iif(s.registered_on >= '2026-01-01' AND s.registered_on <= '2026-06-30', ' registered', '')
    || iif(s.ended_on >= '2026-01-01' AND s.ended_on <= '2026-06-30' AND s.status = 'terminated', ' terminated', '')
    || iif(s.ended_on >= '2026-01-01' AND s.ended_on <= '2026-06-30' AND s.status = 'revoked', ' revoked', ''))
    AS period_events,
  NULL AS district_name, NULL AS street_name, NULL AS community_name,
  p.party_org, CASE p.leader_party WHEN 'true' THEN 1 WHEN 'fals' THEN 0 END AS leader_party_member,
  printf('%.15g', coalesce(q.h, 0)) AS volunteer_hours, ch.day AS changed_on, t.day AS tier_changed_on
FROM s JOIN a ON a.id = s.id
  JOIN p ON p.id = s.id
  LEFT JOIN ch ON ch.org_id = s.id
  LEFT JOIN t ON t.org_id = s.id
  LEFT JOIN q ON q.org_id = s.id
  LEFT JOIN c ON c.org_id = s.id
  LEFT JOIN l ON l.org_id = s.id AND l.version = s.version
ORDER BY s.id;
