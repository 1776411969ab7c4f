-- 文书 (domain/writs.py): each document an event issued, rendered to PDF by the writ office
-- (activities/writs.py) and kept here, beside the case's events: the file (bytea: documents are
-- tens of kilobytes, and in the database they share its transactions, its backups and its
-- access rules), its SHA-256 (which the case's event `writ_issued` repeats: 全程留痕) and the
-- content it was rendered from (the page's HTML preview reads it).
CREATE TABLE case_writs (
    writ_key    text PRIMARY KEY,           -- "<case>#<seq of the issuing event>/<n>"
    case_id     text NOT NULL,              -- the case number as filed (case_events.case_id)
    kind        text NOT NULL,
    title       text NOT NULL,
    court_name  text NOT NULL,              -- the letterhead, from the court registry
    content     jsonb NOT NULL,             -- domain.writs.WritContent
    pdf         bytea NOT NULL,
    sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes  integer NOT NULL CHECK (size_bytes = octet_length(pdf)),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_writs_case ON case_writs (case_id, writ_key);
