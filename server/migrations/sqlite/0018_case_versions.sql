-- Case page versions (issue 14). A public case page shows the case row (read on every view)
-- and its timeline, photos and answers, which are kept in memory per case under this version.
-- Every write to those, and to the department and question texts they show, bumps the version
-- of the cases concerned in the writing transaction, by trigger, so no write path can forget
-- it and several instances on one database are never stale.
CREATE TABLE feedback_case_versions (
    case_id  INTEGER PRIMARY KEY REFERENCES feedback_cases (id) ON DELETE CASCADE,
    version  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO feedback_case_versions (case_id) SELECT id FROM feedback_cases;
CREATE TRIGGER feedback_case_versions_new AFTER INSERT ON feedback_cases BEGIN
    INSERT INTO feedback_case_versions (case_id) VALUES (NEW.id);
END;
CREATE TRIGGER feedback_events_case_version_insert AFTER INSERT ON feedback_events BEGIN
    UPDATE feedback_case_versions SET version = version + 1 WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER feedback_events_case_version_update AFTER UPDATE ON feedback_events BEGIN
    UPDATE feedback_case_versions SET version = version + 1 WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER feedback_events_case_version_delete AFTER DELETE ON feedback_events BEGIN
    UPDATE feedback_case_versions SET version = version + 1 WHERE case_id = OLD.case_id;
END;
CREATE TRIGGER feedback_photos_case_version_insert AFTER INSERT ON feedback_photos BEGIN
    UPDATE feedback_case_versions SET version = version + 1 WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER feedback_photos_case_version_update AFTER UPDATE ON feedback_photos BEGIN
    UPDATE feedback_case_versions SET version = version + 1 WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER feedback_photos_case_version_delete AFTER DELETE ON feedback_photos BEGIN
    UPDATE feedback_case_versions SET version = version + 1 WHERE case_id = OLD.case_id;
END;
CREATE TRIGGER feedback_answers_case_version_insert AFTER INSERT ON feedback_answers BEGIN
    UPDATE feedback_case_versions SET version = version + 1 WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER feedback_answers_case_version_update AFTER UPDATE ON feedback_answers BEGIN
    UPDATE feedback_case_versions SET version = version + 1 WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER feedback_answers_case_version_delete AFTER DELETE ON feedback_answers BEGIN
    UPDATE feedback_case_versions SET version = version + 1 WHERE case_id = OLD.case_id;
END;
CREATE TRIGGER departments_case_version AFTER UPDATE ON departments BEGIN
    UPDATE feedback_case_versions SET version = version + 1
        WHERE case_id IN (SELECT case_id FROM feedback_events WHERE department_id = NEW.id);
END;
CREATE TRIGGER feedback_questions_case_version AFTER UPDATE ON feedback_questions BEGIN
    UPDATE feedback_case_versions SET version = version + 1
        WHERE case_id IN (SELECT case_id FROM feedback_answers WHERE question_id = NEW.id);
END;
CREATE TRIGGER feedback_question_values_case_version AFTER UPDATE ON feedback_question_values BEGIN
    UPDATE feedback_case_versions SET version = version + 1
        WHERE case_id IN (SELECT case_id FROM feedback_answers WHERE question_id = NEW.question_id);
END;
