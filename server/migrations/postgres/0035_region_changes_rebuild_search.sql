-- A region renamed or moved changes what the search indexes hold for every location under it
-- (the region and district a search narrows by, the names a result shows): the change asks
-- every index to rebuild, as `linli search reindex` does, by a row without a service in the
-- search log. Region changes are rare administrator acts; a rebuild takes seconds per 100 000
-- services, and searches are answered by the old index until the new one is committed.
--
-- The version bump comes first: it takes the `directory_version` row lock that orders appends
-- to the log (see 0020_search_log).
CREATE FUNCTION regions_rebuild_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE directory_version SET version = version + 1;
    INSERT INTO dir_search_log (service_id) VALUES (NULL);
    RETURN NULL;
END $$;
CREATE TRIGGER regions_rebuild_search AFTER UPDATE OF name_zh, name_en, parent_id ON regions
    FOR EACH ROW
    WHEN (OLD.name_zh IS DISTINCT FROM NEW.name_zh OR OLD.name_en IS DISTINCT FROM NEW.name_en
          OR OLD.parent_id IS DISTINCT FROM NEW.parent_id)
    EXECUTE FUNCTION regions_rebuild_search();
