-- Each instance keeps the directory's versions in memory (server/src/directory/pages.rs) and
-- reads them again as soon as they change: a change to them, or to the search log, notifies
-- the channel `linli_directory` when its transaction commits (PostgreSQL sends one
-- notification per transaction and channel, however many rows changed).
CREATE FUNCTION directory_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('linli_directory', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER directory_version_notify AFTER UPDATE ON directory_version
    FOR EACH STATEMENT EXECUTE FUNCTION directory_notify();
CREATE TRIGGER calendar_version_notify AFTER UPDATE ON calendar_version
    FOR EACH STATEMENT EXECUTE FUNCTION directory_notify();
CREATE TRIGGER dir_search_log_notify AFTER INSERT ON dir_search_log
    FOR EACH STATEMENT EXECUTE FUNCTION directory_notify();
