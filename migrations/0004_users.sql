-- People who use the web UI and the JSON API (web/auth.py). Passwords are argon2id hashes.
-- Authorization is the shared policy (domain/policy.py): role + court-code prefix.
CREATE TABLE users (
    user_id       text        PRIMARY KEY CHECK (user_id ~ '^[A-Za-z0-9._:\-]{1,64}$'),
    display_name  text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('officer', 'judge', 'bureau_head',
                                                       'president', 'supervisor')),
    court_code    text        NOT NULL,
    password_hash text,                     -- NULL: only the trusted-header (SSO) mode can log in
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Server-side sessions: the signed cookie carries only session_id, so logging out (or
-- deactivating the user) ends a session at once.
CREATE TABLE web_sessions (
    session_id  text        PRIMARY KEY,
    user_id     text        NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    csrf_token  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
