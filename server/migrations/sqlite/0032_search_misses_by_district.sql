-- Searches that found nothing are counted per district as well (the data team looks at each
-- district's gaps): the district searched in, or the signed-in resident's; '' when unknown.
CREATE TABLE dir_search_misses_by_district (
    query    TEXT    NOT NULL CHECK (length(query) BETWEEN 1 AND 64),
    day      TEXT    NOT NULL CHECK (length(day) = 10),
    district TEXT    NOT NULL DEFAULT '' CHECK (length(district) <= 12),
    count    INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (query, day, district)
);
INSERT INTO dir_search_misses_by_district (query, day, count)
    SELECT query, day, count FROM dir_search_misses;
DROP TABLE dir_search_misses;
ALTER TABLE dir_search_misses_by_district RENAME TO dir_search_misses;
