-- Family proxies, 子女代办 (issue 17): a resident and a family member link their accounts;
-- once both have confirmed, the family member (proxy) books venues and files and follows
-- feedback on the resident's behalf. Either side ends the link at any time; ended links stay
-- for the record. A case filed by a proxy keeps who filed it (a booking keeps it in
-- `created_by`, as for staff bookings).
CREATE TABLE family_links (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    resident_id   INTEGER NOT NULL REFERENCES users (id),
    proxy_id      INTEGER NOT NULL REFERENCES users (id),
    invited_by    INTEGER NOT NULL REFERENCES users (id),
    status        TEXT    NOT NULL CHECK (status IN ('invited', 'active', 'ended')),
    created_at    BIGINT  NOT NULL,
    confirmed_at  BIGINT,
    ended_at      BIGINT,
    ended_by      INTEGER REFERENCES users (id),
    CHECK (resident_id <> proxy_id),
    CHECK (invited_by = resident_id OR invited_by = proxy_id),
    CHECK (status <> 'active' OR confirmed_at IS NOT NULL),
    CHECK (status <> 'ended' OR ended_at IS NOT NULL)
);
-- One open link (invited or active) per pair.
CREATE UNIQUE INDEX family_links_open ON family_links (resident_id, proxy_id) WHERE status <> 'ended';
CREATE INDEX family_links_proxy ON family_links (proxy_id, status);

ALTER TABLE feedback_cases ADD COLUMN filed_by INTEGER REFERENCES users (id);
