-- An audit entry's detail is kept as a message code and values (`audit::Event`) and rendered
-- in the reader's language when the log is read. `detail` keeps the English rendering at the
-- time of writing for readers of the table itself (log tools, SQL). Entries written before
-- have no code and read as stored. `detail_params` is a JSON object of string values.
ALTER TABLE audit_log ADD COLUMN detail_code TEXT NULL CHECK (detail_code IS NULL OR length(detail_code) <= 60);
ALTER TABLE audit_log ADD COLUMN detail_params TEXT NULL CHECK (detail_params IS NULL OR detail_params::jsonb IS NOT NULL);
