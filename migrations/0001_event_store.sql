-- The case record (全程留痕): every domain event of every case, append-only.
-- case_id is the case number as filed, canonical form: (2026)京0105执1234号
CREATE TABLE case_events (
    case_id     text        NOT NULL,
    seq         integer     NOT NULL CHECK (seq > 0),
    type        text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    actor       jsonb       NOT NULL,
    payload     jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, seq)
);
CREATE INDEX case_events_type_occurred ON case_events (type, occurred_at);

-- Nobody rewrites the record: UPDATE and DELETE are refused by the database itself.
CREATE FUNCTION refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
    FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();

-- One row per case for supervisors, written in the append's transaction, folded by the same
-- domain reducer (domain.case.fold); `state` is the folded CaseState so an append folds only its
-- new events. Guarded by last_seq: a late retry never moves a row backwards.
CREATE TABLE case_summary (
    case_id               text        PRIMARY KEY,
    case_number           text        NOT NULL,  -- current number (执恢 after resumption)
    court_code            text        NOT NULL,
    stage                 text        NOT NULL,
    status                text        NOT NULL,
    officer_id            text        NOT NULL,
    filed_on              date        NOT NULL,
    due_fen               bigint      NOT NULL,
    collected_fen         bigint      NOT NULL,
    paid_out_fen          bigint      NOT NULL,
    held_fen              bigint      NOT NULL,
    outstanding_fen       bigint      NOT NULL,
    next_deadline_at      timestamptz,          -- earliest open, not paused deadline
    next_deadline_rule    text,
    overdue_count         integer     NOT NULL,
    escalation_level      integer     NOT NULL,  -- highest among open deadlines
    supervised            boolean     NOT NULL,
    open_petitions        integer     NOT NULL,
    petitions_registered  integer     NOT NULL,
    petitions_concluded   integer     NOT NULL,
    has_assets            boolean     NOT NULL,  -- 有财产可供执行 (an asset was ever found)
    time_limit_due_on     date,
    closed_on             date,
    outcome               text,
    terminated_on         date,                 -- last 终本, kept after resumption
    termination_qualified boolean,              -- that 终本 met 终本规定 art. 1 when made
    last_seq              integer     NOT NULL,
    state                 json        NOT NULL,  -- json, not jsonb: keeps key order (dicts)
    updated_at            timestamptz NOT NULL DEFAULT now()
);
-- Supervisor lists: court subtree by prefix (LIKE '京01%'), deadlines, escalation, officer.
CREATE INDEX case_summary_court_deadline ON case_summary
    (court_code text_pattern_ops, next_deadline_at) WHERE status <> 'closed';
CREATE INDEX case_summary_deadline ON case_summary (next_deadline_at) WHERE status <> 'closed';
CREATE INDEX case_summary_escalation ON case_summary
    (escalation_level, court_code text_pattern_ops) WHERE escalation_level > 0;
CREATE INDEX case_summary_officer ON case_summary (officer_id, next_deadline_at);
CREATE INDEX case_summary_supervised ON case_summary (court_code text_pattern_ops)
    WHERE supervised;
CREATE INDEX case_summary_petitions ON case_summary (court_code text_pattern_ops)
    WHERE open_petitions > 0;
CREATE INDEX case_summary_court_filed ON case_summary (court_code text_pattern_ops, filed_on);
