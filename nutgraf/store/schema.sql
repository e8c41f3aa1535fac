-- One row per unique content (sha256); every place it was found is a row of `paths`.
CREATE TABLE IF NOT EXISTS documents (
    id           TEXT PRIMARY KEY,          -- first 16 hex digits of sha256
    sha256       TEXT NOT NULL UNIQUE,
    path         TEXT NOT NULL,             -- the first path it was found at
    parent_id    TEXT REFERENCES documents(id),
    depth        INTEGER NOT NULL DEFAULT 0,
    size         INTEGER NOT NULL,
    mime         TEXT,
    status       TEXT NOT NULL DEFAULT 'pending',  -- pending | done | failed
    language     TEXT,
    title        TEXT,
    date         TEXT,                      -- the document's own date (mail date, created), ISO 8601
    text_length  INTEGER NOT NULL DEFAULT 0,
    ocr          INTEGER NOT NULL DEFAULT 0,
    error_reason TEXT,                      -- corrupt | encrypted | unsupported | timeout | ...
    error        TEXT,                      -- one line for people, null when read fine
    metadata     TEXT NOT NULL DEFAULT '{}',  -- JSON
    indexed      INTEGER NOT NULL DEFAULT 0,
    languages    TEXT,                      -- JSON: [{language, start, end}] per section
    added_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX IF NOT EXISTS documents_status ON documents(status);
CREATE INDEX IF NOT EXISTS documents_parent ON documents(parent_id);
CREATE INDEX IF NOT EXISTS documents_unindexed ON documents(indexed) WHERE indexed = 0;

CREATE TABLE IF NOT EXISTS paths (
    path        TEXT PRIMARY KEY,           -- shown to people; undecodable bytes escaped
    raw_path    BLOB,                       -- the exact bytes of a file-system name, when it had some
    doc_id      TEXT NOT NULL REFERENCES documents(id),
    parent_id   TEXT REFERENCES documents(id),
    size        INTEGER,
    mtime_ns    INTEGER                     -- for files on disk: unchanged size and mtime are skipped
);
CREATE INDEX IF NOT EXISTS paths_doc ON paths(doc_id);

CREATE TABLE IF NOT EXISTS texts (
    doc_id  TEXT PRIMARY KEY REFERENCES documents(id),
    text    TEXT NOT NULL,
    pages   TEXT NOT NULL DEFAULT '[]'      -- JSON list: the offset at which each page starts
);

CREATE TABLE IF NOT EXISTS facts (
    id        INTEGER PRIMARY KEY,
    doc_id    TEXT NOT NULL REFERENCES documents(id),
    kind      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    quote     TEXT NOT NULL,
    value     TEXT,                         -- normalised value as text (ISO date, E.164, ...)
    number    REAL,                         -- numeric value for money, percent, quantity
    currency  TEXT,
    unit      TEXT,
    precision TEXT,
    ambiguous INTEGER NOT NULL DEFAULT 0,   -- 1: the text does not settle the reading (dates)
    alternative TEXT,                       -- the other reading of an ambiguous fact
    calendar  TEXT,                         -- the calendar the text used (value is Gregorian)
    part_of   INTEGER                       -- money: start offset of the whole this is part of
);
CREATE INDEX IF NOT EXISTS facts_doc ON facts(doc_id);
CREATE INDEX IF NOT EXISTS facts_kind ON facts(kind, number);

CREATE TABLE IF NOT EXISTS entities (
    id       TEXT PRIMARY KEY,              -- stable: derived from type and normalised key
    type     TEXT NOT NULL,                 -- person | organization | location
    name     TEXT NOT NULL,
    key      TEXT NOT NULL,
    aliases  TEXT NOT NULL DEFAULT '[]'     -- JSON list of other names seen
);
CREATE INDEX IF NOT EXISTS entities_type ON entities(type);

CREATE TABLE IF NOT EXISTS mentions (
    id        INTEGER PRIMARY KEY,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    doc_id    TEXT NOT NULL REFERENCES documents(id),
    start     INTEGER,                      -- null for mentions in metadata (mail headers)
    "end"     INTEGER,
    quote     TEXT NOT NULL,
    source    TEXT NOT NULL DEFAULT 'text',
    name      TEXT,                         -- the name as this mention gives it (resolve.py)
    email     TEXT                          -- the address a mail header gives with it
);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);

CREATE TABLE IF NOT EXISTS runs (
    id        INTEGER PRIMARY KEY,
    started   TEXT NOT NULL,
    finished  TEXT,
    roots     TEXT NOT NULL,                -- JSON list of the paths given
    summary   TEXT                          -- JSON counts
);

-- A reporter's marks (nutgraf/store/story.py): tags, stars, notes, saved searches.
-- Keyed by the content's sha256, not by a row: ingest never deletes them, and re-reading a
-- document (a retry, a newer extractor) keeps them. No foreign key on purpose, for the same reason.
CREATE TABLE IF NOT EXISTS tags (
    sha256   TEXT NOT NULL,
    key      TEXT NOT NULL,                 -- folded tag: what tag: searches and what dedupes
    tag      TEXT NOT NULL,                 -- as first typed
    added_at TEXT NOT NULL,
    PRIMARY KEY (sha256, key)
);
CREATE INDEX IF NOT EXISTS tags_key ON tags(key);

CREATE TABLE IF NOT EXISTS stars (
    sha256   TEXT PRIMARY KEY,
    added_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS notes (
    id       INTEGER PRIMARY KEY,
    sha256   TEXT NOT NULL,
    body     TEXT NOT NULL,
    start    INTEGER,                       -- a span note: offsets into the text it was written on
    "end"    INTEGER,
    quote    TEXT,                          -- text[start:end] when written; compared on reading
    added_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS notes_sha256 ON notes(sha256);

CREATE TABLE IF NOT EXISTS saved_searches (
    name     TEXT PRIMARY KEY,
    query    TEXT NOT NULL,
    added_at TEXT NOT NULL
);

-- Why resolution made one entity of several names (JSON list of sentences; resolve.py).
CREATE TABLE IF NOT EXISTS entity_evidence (
    entity_id TEXT PRIMARY KEY,
    why       TEXT NOT NULL DEFAULT '[]'
);

-- Mail conversations (nutgraf/threads.py, recomputed after each ingest): one row per mail.
-- thread_id is the id of the thread's earliest mail. A separate table, so older cases get it
-- from this CREATE IF NOT EXISTS alone.
CREATE TABLE IF NOT EXISTS threads (
    doc_id    TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS threads_thread ON threads(thread_id);

-- Near-duplicate documents (nutgraf/versions.py, recomputed after each ingest): one row per
-- document that has at least one near-identical other; group_id is the group's first member.
CREATE TABLE IF NOT EXISTS versions (
    doc_id   TEXT PRIMARY KEY,
    group_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS versions_group ON versions(group_id);

-- Which whole-case steps (threads, versions) have run on this case, and when: a case made
-- before a step existed has no row, and gets the step on first use.
CREATE TABLE IF NOT EXISTS computed (
    step TEXT PRIMARY KEY,
    at   TEXT NOT NULL
);

-- Translations (nutgraf/translate, SQL in store/translations.py). A segment's translation
-- is cached by its content (engine, target and source text), so a sentence quoted in a
-- hundred mails is translated once, and a killed run loses at most one batch.
CREATE TABLE IF NOT EXISTS translation_cache (
    key         TEXT PRIMARY KEY,           -- sha256 of engine, target language, source text
    translation TEXT NOT NULL,
    glosses     TEXT NOT NULL DEFAULT '[]'  -- JSON: [{start, end, word, senses}] (gloss only)
);
CREATE TABLE IF NOT EXISTS translations (
    doc_id       TEXT NOT NULL REFERENCES documents(id),
    target       TEXT NOT NULL,             -- ISO 639-1
    source_start INTEGER NOT NULL,          -- offsets into texts.text: the segment's span
    source_end   INTEGER NOT NULL,
    source_lang  TEXT,
    method       TEXT,                      -- apertium | apertium-pivot | gloss | translit | NULL
    engine       TEXT,
    translation  TEXT,                      -- NULL: no engine for this language
    glosses      TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (doc_id, target, source_start)
);
-- A document's translation is complete for the text whose sha256 is kept here.
CREATE TABLE IF NOT EXISTS translated (
    doc_id      TEXT NOT NULL REFERENCES documents(id),
    target      TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    segments    INTEGER NOT NULL,
    done_at     TEXT NOT NULL,
    PRIMARY KEY (doc_id, target)
);

-- A reviewer's corrections to entity resolution (nutgraf/story/review.py, SQL in
-- store/review.py): each is a rule over names, not rows, so it holds after re-ingest and
-- re-resolution; undoing one deletes it. `keys` and `apart` are JSON lists of name keys.
CREATE TABLE IF NOT EXISTS review_rules (
    id       INTEGER PRIMARY KEY,
    action   TEXT NOT NULL,                 -- reject | retype | split | merge | rename
    keys     TEXT NOT NULL,                 -- the names the rule is about
    apart    TEXT NOT NULL DEFAULT '[]',    -- split: the names that stay behind
    value    TEXT NOT NULL DEFAULT '',      -- rename: the name; retype: the type
    label    TEXT NOT NULL,                 -- what the reviewer did, in words
    added_at TEXT NOT NULL
);
-- Mentions a reject rule set aside: out of `mentions`, so no listing, facet or export shows
-- them, but kept, so undoing the rule brings them back without reading the documents again.
CREATE TABLE IF NOT EXISTS rejected_mentions (
    id      INTEGER PRIMARY KEY,
    doc_id  TEXT NOT NULL,
    type    TEXT NOT NULL,
    start   INTEGER,
    "end"   INTEGER,
    quote   TEXT NOT NULL,
    source  TEXT NOT NULL,
    name    TEXT,
    email   TEXT,
    rule_id INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS rejected_mentions_doc ON rejected_mentions(doc_id);

-- The tree of the original folders and containers (nutgraf/folders.py, recomputed after each
-- ingest): a folder is a directory on disk or a document with children (an archive, a mail).
-- Counts are of the files (paths) beneath it, at any depth.
CREATE TABLE IF NOT EXISTS folders (
    path      TEXT PRIMARY KEY,
    parent    TEXT,                         -- NULL at the top
    files     INTEGER NOT NULL,
    errors    INTEGER NOT NULL,
    types     TEXT NOT NULL DEFAULT '{}',   -- JSON {type: files} (families.py)
    doc_id    TEXT                          -- a container: the document it is
);
CREATE INDEX IF NOT EXISTS folders_parent ON folders(parent);
-- Each file with the folder it lies directly in, for listing a folder's own files.
CREATE TABLE IF NOT EXISTS folder_files (
    path   TEXT PRIMARY KEY,
    folder TEXT NOT NULL,
    doc_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS folder_files_folder ON folder_files(folder);

-- Entities whose names are one name written in two scripts (nutgraf/names_across.py, after
-- each ingest and review): suggestions with their evidence, never merges.
CREATE TABLE IF NOT EXISTS script_links (
    entity_id  TEXT NOT NULL,
    other_id   TEXT NOT NULL,
    name       TEXT NOT NULL,               -- this entity's name that matched
    other_name TEXT NOT NULL,               -- the other entity's
    PRIMARY KEY (entity_id, other_id)
);

-- Where OCR found each word of a page (a text layer is measured from the PDF when shown).
CREATE TABLE IF NOT EXISTS word_boxes (
    doc_id TEXT NOT NULL REFERENCES documents(id),
    page   INTEGER NOT NULL,                -- 1-based
    words  TEXT NOT NULL,                   -- JSON: flat [start, end, x0, y0, x1, y1, ...], 1/10000 of the page
    PRIMARY KEY (doc_id, page)
);

-- Team access (nutgraf/access/). A case with no users is the laptop mode: no login at all.
CREATE TABLE IF NOT EXISTS users (
    name       TEXT PRIMARY KEY,
    role       TEXT NOT NULL,               -- admin | editor | reader
    password   TEXT NOT NULL,               -- Argon2id, argon2-cffi's encoded hash
    created_at TEXT NOT NULL
);
-- Tokens for scripts on the HTTP API, stored as the SHA-256 of the token (256 random bits,
-- so a fast hash is enough); the token itself is shown once, when made.
CREATE TABLE IF NOT EXISTS api_tokens (
    id         TEXT PRIMARY KEY,            -- a short public id, to list and revoke it
    user_name  TEXT NOT NULL,
    digest     TEXT NOT NULL UNIQUE,
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL
);
-- Workbench sessions, by the SHA-256 of the cookie: the database never holds a usable cookie.
CREATE TABLE IF NOT EXISTS sessions (
    digest     TEXT PRIMARY KEY,
    user_name  TEXT NOT NULL,
    csrf       TEXT NOT NULL,               -- the token every form of this session carries
    created_at TEXT NOT NULL,
    seen_at    TEXT NOT NULL
);
-- Failed logins in a row by name (known or not, so that a guess learns nothing).
CREATE TABLE IF NOT EXISTS login_failures (
    name         TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    locked_until TEXT                       -- ISO time, or NULL
);
-- The audit log: each entry holds the hash of the one before (nutgraf/access/audit.py), and
-- audit_head the last one's, so an edited, removed or cut-off entry shows.
CREATE TABLE IF NOT EXISTS audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user_name TEXT NOT NULL,
    action    TEXT NOT NULL,
    object    TEXT NOT NULL,                -- what it was about: a document id, a query, a name
    detail    TEXT NOT NULL,                -- JSON
    prev      TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_user ON audit_log(user_name);
CREATE TABLE IF NOT EXISTS audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);

-- Collections (nutgraf/access/collections.py): a collection is named roots of the leak (a
-- folder or file as ingest was given it); a document is in it when one of its paths lies
-- under one of its roots. A user granted collections sees only their documents.
CREATE TABLE IF NOT EXISTS collection_roots (
    collection TEXT NOT NULL,
    root       TEXT NOT NULL,               -- as the paths table shows it
    added_at   TEXT NOT NULL,
    PRIMARY KEY (collection, root)
);
CREATE TABLE IF NOT EXISTS collection_grants (
    user_name  TEXT NOT NULL,
    collection TEXT NOT NULL,
    PRIMARY KEY (user_name, collection)
);
