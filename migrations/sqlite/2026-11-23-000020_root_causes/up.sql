-- Root-cause categories (DESIGN §1.10), two levels: a category and its causes. Complaints
-- are classified by the cause found when resolving; reports group by it.
CREATE TABLE root_causes (
    id          TEXT PRIMARY KEY,
    parent_id   TEXT REFERENCES root_causes (id),
    name        TEXT NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX root_causes_name_idx ON root_causes (COALESCE(parent_id, ''), name);
ALTER TABLE tickets ADD COLUMN root_cause_id TEXT REFERENCES root_causes (id);
CREATE INDEX tickets_resolved_cause_idx ON tickets (resolved_at, root_cause_id);
