-- The books of every case account (一案一账号). Append-only; the balance is derived:
--   held = sum(receipt) - sum(payout) - sum(fee)
-- Entries are written in the append's transaction from money events; the idempotency key is
-- "<case_id>#<seq>:<kind>" (or the treasury's payout key), so a retried append writes once.
CREATE TABLE ledger_entries (
    entry_id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id         text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('receipt', 'fee', 'payout')),
    amount_fen      bigint      NOT NULL CHECK (amount_fen > 0),
    caused_by_seq   integer     NOT NULL,
    idempotency_key text        NOT NULL UNIQUE,
    booked_at       timestamptz NOT NULL,   -- the event's occurred_at
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (case_id, caused_by_seq) REFERENCES case_events (case_id, seq)
);
CREATE INDEX ledger_entries_case ON ledger_entries (case_id);

CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();
