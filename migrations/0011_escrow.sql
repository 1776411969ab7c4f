-- 提存 (issue 14): while the objector's suit over a distribution plan runs, the disputed share
-- is held apart in the case account (民诉法解释 art. 510 ¶3). The books keep it as its own
-- account: `escrow` moves money from the free balance into it, `escrow_release` moves it back
-- once the judgment says whom it goes to (its payouts then leave as usual). So
--   held    = sum(receipt) - sum(payout) - sum(fee) - sum(escrow) + sum(escrow_release)
--   escrowed = sum(escrow) - sum(escrow_release)
-- and case_summary carries the domain's escrowed_fen beside held_fen for the reconciliation.
-- The check of 0002_ledger.sql, named by PostgreSQL after its column.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check
    CHECK (kind IN ('receipt', 'fee', 'payout', 'escrow', 'escrow_release'));
ALTER TABLE case_summary ADD COLUMN escrowed_fen bigint NOT NULL DEFAULT 0;
