-- PostgreSQL's migration of this name makes changes to the directory's versions notify the
-- other instances. SQLite has no notifications: each instance polls the versions
-- (server/src/directory/pages.rs). Nothing changes here; the file keeps the versions in line.
SELECT 1;
