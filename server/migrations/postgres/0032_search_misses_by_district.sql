-- Searches that found nothing are counted per district as well (the data team looks at each
-- district's gaps): the district searched in, or the signed-in resident's; '' when unknown.
ALTER TABLE dir_search_misses
    ADD COLUMN district TEXT NOT NULL DEFAULT '' CHECK (length(district) <= 12);
ALTER TABLE dir_search_misses DROP CONSTRAINT dir_search_misses_pkey;
ALTER TABLE dir_search_misses ADD PRIMARY KEY (query, day, district);
