-- Logout really ends a session: a login cookie issued before the user's last logout (or
-- idle expiry) is refused, even if a copy of it is presented again before it expires.
CREATE TABLE session_revocations (
    username VARCHAR PRIMARY KEY,
    revoked_epoch DOUBLE NOT NULL      -- wall-clock seconds; cookies issued before are void
);
