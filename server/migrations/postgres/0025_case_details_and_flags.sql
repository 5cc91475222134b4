-- Residents follow their case (issue 17): the submitter adds details while the case is open
-- (a public `details` event on the timeline), and residents flag public content as abusive;
-- enough distinct flags hide the case from the public until staff review it.
ALTER TABLE feedback_events DROP CONSTRAINT feedback_events_kind_check;
ALTER TABLE feedback_events ADD CONSTRAINT feedback_events_kind_check
    CHECK (kind IN ('submitted', 'accepted', 'declined', 'assigned', 'started', 'answered', 'rated', 'reopened', 'closed', 'note', 'extended', 'reminded', 'escalated', 'merged', 'hidden', 'unhidden', 'details'));

-- One flag per resident (account) and case; `reviewed` once staff have looked at the case.
CREATE TABLE feedback_flags (
    case_id     BIGINT  NOT NULL REFERENCES feedback_cases (id) ON DELETE CASCADE,
    user_id     BIGINT  NOT NULL REFERENCES users (id),
    reason      TEXT    NOT NULL CHECK (reason IN ('abusive', 'personal_data', 'spam', 'other')),
    created_at  BIGINT  NOT NULL,
    reviewed    INTEGER NOT NULL DEFAULT 0 CHECK (reviewed IN (0, 1)),
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX feedback_flags_user ON feedback_flags (user_id);
