-- Audit entries written before details had codes (0033) are stored again as codes and values
-- when the server migrates a database (`upgrade::old_audit_details`, in Rust: it needs every
-- domain's words). This index holds only the entries still to convert, so the check at every
-- start reads nothing once they are done.
CREATE INDEX audit_log_uncoded ON audit_log (id) WHERE detail_code IS NULL AND detail <> '';
