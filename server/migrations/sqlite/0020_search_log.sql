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
