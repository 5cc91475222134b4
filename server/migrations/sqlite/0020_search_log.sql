-- The directory's search log (issue 13): every directory write that can change what search
-- finds appends the service it touched, in the writing transaction. Each server's search
-- index applies the log in `seq` order and stores the last applied `seq` with its own commit,
-- so a crash never skips or repeats a change. A row without a service asks every index to
-- rebuild from the tables (bulk loads, `linli search reindex`). SQLite has one writer, so
-- `seq` order is commit order.
CREATE TABLE dir_search_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    service_id  INTEGER
);

-- Synonyms are reference data searches keep in memory under the directory's version: a change
-- to them bumps it like every other directory write.
CREATE TRIGGER dir_synonyms_directory_version_insert AFTER INSERT ON dir_synonyms BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_synonyms_directory_version_update AFTER UPDATE ON dir_synonyms BEGIN
    UPDATE directory_version SET version = version + 1;
END;
CREATE TRIGGER dir_synonyms_directory_version_delete AFTER DELETE ON dir_synonyms BEGIN
    UPDATE directory_version SET version = version + 1;
END;
