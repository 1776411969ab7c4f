-- Notices (warnings, escalations, transfers) written by the notification activity before they
-- are delivered, so a notice survives a crash of the worker or of the gateway: the activity
-- inserts the row (idempotent by notification_key), tries the channel at once and marks it
-- sent; `zhixing notifications dispatch` (and the worker's dispatcher loop) delivers any row
-- still unsent. Rows are never deleted: they are the record of who was told what, and when.
CREATE TABLE notification_outbox (
    outbox_id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notification_key text        NOT NULL UNIQUE,  -- "<case number>#<seq>"
    case_number      text        NOT NULL,
    payload          jsonb       NOT NULL,         -- the Notification (activities.contracts)
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,                  -- NULL: not delivered yet
    channel          text,                         -- where it was delivered
    attempts         integer     NOT NULL DEFAULT 0,
    last_error       text
);
CREATE INDEX notification_outbox_unsent ON notification_outbox (outbox_id) WHERE sent_at IS NULL;
CREATE INDEX notification_outbox_case ON notification_outbox (case_number);
