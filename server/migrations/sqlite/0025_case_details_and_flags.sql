-- Residents follow their case (issue 17): the submitter adds details while the case is open
-- (a public `details` event on the timeline), and residents flag public content as abusive;
-- enough distinct flags hide the case from the public until staff review it.
--
-- SQLite cannot change a CHECK: the event table is rebuilt (steps of "Making other kinds of
-- table schema changes" in the SQLite manual), with the triggers that name it.
DROP TRIGGER departments_case_version;
CREATE TABLE feedback_events_new (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES feedback_cases (id) ON DELETE CASCADE,
    at              INTEGER NOT NULL,
    actor_id        INTEGER REFERENCES users (id),
    kind            TEXT    NOT NULL CHECK (kind IN ('submitted', 'accepted', 'declined', 'assigned', 'started', 'answered', 'rated', 'reopened', 'closed', 'note', 'extended', 'reminded', 'escalated', 'merged', 'hidden', 'unhidden', 'details')),
    public          INTEGER NOT NULL CHECK (public IN (0, 1)),
    status_after    TEXT    NOT NULL,
    body            TEXT    NOT NULL DEFAULT '' CHECK (length(body) <= 4000),
    department_id   INTEGER REFERENCES departments (id),
    CHECK (kind NOT IN ('note', 'reminded', 'escalated', 'hidden', 'unhidden') OR public = 0)
);
INSERT INTO feedback_events_new SELECT * FROM feedback_events;
DROP TABLE feedback_events;
ALTER TABLE feedback_events_new RENAME TO feedback_events;
CREATE INDEX feedback_events_case ON feedback_events (case_id, id);
CREATE TRIGGER feedback_events_case_version_insert AFTER INSERT ON feedback_events BEGIN
    UPDATE feedback_case_versions SET version = version + 1 WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER feedback_events_case_version_update AFTER UPDATE ON feedback_events BEGIN
    UPDATE feedback_case_versions SET version = version + 1 WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER feedback_events_case_version_delete AFTER DELETE ON feedback_events BEGIN
    UPDATE feedback_case_versions SET version = version + 1 WHERE case_id = OLD.case_id;
END;
CREATE TRIGGER departments_case_version AFTER UPDATE ON departments BEGIN
    UPDATE feedback_case_versions SET version = version + 1
        WHERE case_id IN (SELECT case_id FROM feedback_events WHERE department_id = NEW.id);
END;

-- One flag per resident (account) and case; `reviewed` once staff have looked at the case.
CREATE TABLE feedback_flags (
    case_id     INTEGER NOT NULL REFERENCES feedback_cases (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    reason      TEXT    NOT NULL CHECK (reason IN ('abusive', 'personal_data', 'spam', 'other')),
    created_at  INTEGER NOT NULL,
    reviewed    INTEGER NOT NULL DEFAULT 0 CHECK (reviewed IN (0, 1)),
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX feedback_flags_user ON feedback_flags (user_id);
