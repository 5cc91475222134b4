-- The directory's search log (issue 13): every directory write that can change what search
-- finds appends the service it touched, in the writing transaction. Each server's search
-- index applies the log in `seq` order and stores the last applied `seq` with its own commit,
-- so a crash never skips or repeats a change. A row without a service asks every index to
-- rebuild from the tables (bulk loads, `linli search reindex`).
--
-- Sequence values are handed out before commit, so under concurrent writers a later `seq` could
-- become visible before an earlier one and a follower reading `seq > cursor` would skip the
-- earlier row for good. Writers therefore take the `directory_version` row lock (the version
-- bump every directory write does anyway) before they append: appends are serialised until
-- commit, and `seq` order is commit order (see `directory::search_log::append`).
CREATE TABLE dir_search_log (
    seq         BIGSERIAL PRIMARY KEY,
    service_id  BIGINT
);

-- Synonyms are reference data searches keep in memory under the directory's version: a change
-- to them bumps it like every other directory write.
CREATE TRIGGER dir_synonyms_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_synonyms
    FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
