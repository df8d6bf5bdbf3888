-- The CDR filter by extension ("calls of 1001", caller or callee) over months of records: each side
-- its own index led by the party, then the time the listing orders by.
CREATE INDEX cdrs_caller_started ON cdrs (caller, started_at);
CREATE INDEX cdrs_callee_started ON cdrs (callee, started_at);
