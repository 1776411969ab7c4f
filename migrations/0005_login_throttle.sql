-- Login throttling (web/throttle.py, store/login_throttle.py): failed logins counted per key
-- ('account:<user id>', 'address:<client address>') within a window, and the lockout a key is
-- under. Kept here, not in a process, so every web process counts the same attempts.
CREATE TABLE login_throttle (
    key            text        PRIMARY KEY,
    failures       integer     NOT NULL CHECK (failures >= 0),  -- attempts not known to succeed
    window_started timestamptz NOT NULL,
    locked_until   timestamptz
);
CREATE INDEX login_throttle_window ON login_throttle (window_started);

-- The audit log of failed logins and lockouts: who was tried, from where, until when locked.
CREATE TABLE login_audit (
    id           bigserial   PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    event        text        NOT NULL CHECK (event IN ('failure', 'lockout')),
    user_id      text        NOT NULL,             -- the account tried (it may not exist)
    address      text        NOT NULL,             -- the client address
    locked_key   text,                             -- lockout: the key locked
    locked_until timestamptz                       -- lockout: until when
);
CREATE INDEX login_audit_at ON login_audit (at);
CREATE INDEX login_audit_user ON login_audit (user_id, at);
