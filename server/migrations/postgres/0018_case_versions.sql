-- Case page versions (issue 14). A public case page shows the case row (read on every view)
-- and its timeline, photos and answers, which are kept in memory per case under this version.
-- Every write to those, and to the department and question texts they show, bumps the version
-- of the cases concerned in the writing transaction, by trigger, so no write path can forget
-- it and several instances on one database are never stale.
CREATE TABLE feedback_case_versions (
    case_id  BIGINT PRIMARY KEY REFERENCES feedback_cases (id) ON DELETE CASCADE,
    version  BIGINT NOT NULL DEFAULT 0
);
INSERT INTO feedback_case_versions (case_id) SELECT id FROM feedback_cases;

CREATE FUNCTION feedback_case_versions_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO feedback_case_versions (case_id) VALUES (NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER feedback_case_versions_new AFTER INSERT ON feedback_cases
    FOR EACH ROW EXECUTE FUNCTION feedback_case_versions_new();

-- For tables with a `case_id` column.
CREATE FUNCTION feedback_case_version_by_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE feedback_case_versions SET version = version + 1 WHERE case_id = OLD.case_id;
    ELSE
        UPDATE feedback_case_versions SET version = version + 1 WHERE case_id = NEW.case_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER feedback_events_case_version AFTER INSERT OR UPDATE OR DELETE ON feedback_events
    FOR EACH ROW EXECUTE FUNCTION feedback_case_version_by_case();
CREATE TRIGGER feedback_photos_case_version AFTER INSERT OR UPDATE OR DELETE ON feedback_photos
    FOR EACH ROW EXECUTE FUNCTION feedback_case_version_by_case();
CREATE TRIGGER feedback_answers_case_version AFTER INSERT OR UPDATE OR DELETE ON feedback_answers
    FOR EACH ROW EXECUTE FUNCTION feedback_case_version_by_case();

-- Department names on the timeline, question and answer texts.
CREATE FUNCTION feedback_case_version_by_department() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE feedback_case_versions SET version = version + 1
        WHERE case_id IN (SELECT case_id FROM feedback_events WHERE department_id = NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER departments_case_version AFTER UPDATE ON departments
    FOR EACH ROW EXECUTE FUNCTION feedback_case_version_by_department();
CREATE FUNCTION feedback_case_version_by_question() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE feedback_case_versions SET version = version + 1
        WHERE case_id IN (SELECT case_id FROM feedback_answers WHERE question_id = NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER feedback_questions_case_version AFTER UPDATE ON feedback_questions
    FOR EACH ROW EXECUTE FUNCTION feedback_case_version_by_question();
CREATE FUNCTION feedback_case_version_by_question_value() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE feedback_case_versions SET version = version + 1
        WHERE case_id IN (SELECT case_id FROM feedback_answers WHERE question_id = NEW.question_id);
    RETURN NULL;
END $$;
CREATE TRIGGER feedback_question_values_case_version AFTER UPDATE ON feedback_question_values
    FOR EACH ROW EXECUTE FUNCTION feedback_case_version_by_question_value();
