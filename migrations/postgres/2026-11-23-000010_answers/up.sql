-- Unified answers (统一答复口径, DESIGN §1.3): official texts a department issues for a
-- site/project and topic, the terms they are searched by, and every use at intake.
CREATE TABLE answers (
    id             TEXT PRIMARY KEY,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    department_id  TEXT NOT NULL REFERENCES departments (id),
    unit           TEXT,
    topic          TEXT,
    valid_from     TIMESTAMP NOT NULL,
    valid_until    TIMESTAMP,
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    use_count      BIGINT NOT NULL DEFAULT 0,
    created_by     TEXT NOT NULL REFERENCES users (id),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX answers_created_idx ON answers (created_at, id);
CREATE INDEX answers_department_idx ON answers (department_id, created_at);

-- The search index: one row per distinct term of an answer (words, CJK characters and
-- bigrams; see domain/answers.rs). A query is `term IN (…)` grouped by answer.
CREATE TABLE answer_terms (
    answer_id  TEXT NOT NULL REFERENCES answers (id),
    term       TEXT NOT NULL,
    PRIMARY KEY (answer_id, term)
);
CREATE INDEX answer_terms_term_idx ON answer_terms (term, answer_id);

-- One row per use of an answer at intake, for use counts per period.
CREATE TABLE answer_uses (
    id         TEXT PRIMARY KEY,
    answer_id  TEXT NOT NULL REFERENCES answers (id),
    ticket_id  TEXT NOT NULL REFERENCES tickets (id),
    by_user    TEXT NOT NULL REFERENCES users (id),
    at         TIMESTAMP NOT NULL
);
CREATE INDEX answer_uses_at_idx ON answer_uses (at, answer_id);
CREATE INDEX answer_uses_answer_idx ON answer_uses (answer_id, at);
