-- A region renamed or moved changes what the search indexes hold for every location under it
-- (the region and district a search narrows by, the names a result shows): the change asks
-- every index to rebuild, as `linli search reindex` does, by a row without a service in the
-- search log. Region changes are rare administrator acts; a rebuild takes seconds per 100 000
-- services, and searches are answered by the old index until the new one is committed.
CREATE TRIGGER regions_rebuild_search AFTER UPDATE OF name_zh, name_en, parent_id ON regions
WHEN OLD.name_zh IS NOT NEW.name_zh OR OLD.name_en IS NOT NEW.name_en
    OR OLD.parent_id IS NOT NEW.parent_id
BEGIN
    UPDATE directory_version SET version = version + 1;
    INSERT INTO dir_search_log (service_id) VALUES (NULL);
END;
