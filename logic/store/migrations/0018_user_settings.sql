-- A user's own choices that follow them between sessions and devices (issue 16): e.g. the case
-- board's columns ("board.columns", a JSON array of column codes). One row per user and setting;
-- written by logic.preferences in one transaction, read when a page draws.
CREATE TABLE user_settings (
    username VARCHAR NOT NULL,
    key VARCHAR NOT NULL,
    value VARCHAR NOT NULL,           -- JSON
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (username, key)
);
