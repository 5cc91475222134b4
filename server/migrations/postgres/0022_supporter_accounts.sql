-- Residents who support a case from their account hear of its progress (issue 17): the
-- support keeps the account beside the hashed key that counts it once. Anonymous supports
-- keep none; deleting the account clears it.
ALTER TABLE feedback_supports ADD COLUMN user_id BIGINT REFERENCES users (id);
CREATE INDEX feedback_supports_user ON feedback_supports (user_id);
