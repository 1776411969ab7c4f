-- 繁简分流 (domain/fast_track.py): a court's criteria for a simple case and its target in days.
-- No row: the court has no fast track (the default). A case takes its court's rule at filing.
CREATE TABLE fast_track_rules (
    court_code     text PRIMARY KEY REFERENCES courts (code),
    target_days    integer NOT NULL CHECK (target_days BETWEEN 1 AND 365),
    max_due_fen    bigint CHECK (max_due_fen > 0),      -- small amounts (小额), in fen
    deposits_cover boolean NOT NULL DEFAULT false,       -- bank deposits frozen in full
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (max_due_fen IS NOT NULL OR deposits_cover)
);

-- The target date of a case on the fast track (the court's figures: concluded by it or not).
ALTER TABLE case_summary ADD COLUMN fast_track_target_on date;
CREATE INDEX case_summary_fast_track ON case_summary (fast_track_target_on)
    WHERE fast_track_target_on IS NOT NULL;
