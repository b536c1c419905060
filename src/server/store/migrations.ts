// Forward-only SQL migrations. Never edit a shipped migration; append a new one.
export const MIGRATIONS: readonly string[] = [
  /* 1: the care loop */ `
  CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    login_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('carer','nurse','admin')),
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX login_failures_key ON login_failures(key, at);
  CREATE TABLE clients (
    id TEXT PRIMARY KEY,
    owner_org_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    kana TEXT,
    birth_year INTEGER,
    emergency_plan TEXT,
    spo2_scale INTEGER NOT NULL DEFAULT 1 CHECK (spo2_scale IN (1,2)),
    created_at TEXT NOT NULL
  );
  CREATE TABLE care_links (
    client_id TEXT NOT NULL REFERENCES clients(id),
    org_id TEXT NOT NULL REFERENCES organizations(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (client_id, org_id)
  );
  CREATE INDEX care_links_org ON care_links(org_id);
  CREATE TABLE observations (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients(id),
    author_id TEXT NOT NULL REFERENCES users(id),
    observed_at TEXT NOT NULL,
    input_json TEXT NOT NULL,
    vitals_json TEXT NOT NULL,
    soft_signs_json TEXT NOT NULL,
    note TEXT,
    news2_json TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX observations_client ON observations(client_id, observed_at);
  CREATE TABLE consultations (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients(id),
    from_org_id TEXT NOT NULL REFERENCES organizations(id),
    to_org_id TEXT NOT NULL REFERENCES organizations(id),
    author_id TEXT NOT NULL REFERENCES users(id),
    input_json TEXT NOT NULL,
    observation_ids_json TEXT NOT NULL,
    category TEXT NOT NULL,
    urgency TEXT NOT NULL,
    suggested_urgency TEXT NOT NULL,
    sbar_json TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX consultations_client ON consultations(client_id);
  CREATE INDEX consultations_to ON consultations(to_org_id, status);
  CREATE TABLE consultation_observations (
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    observation_id TEXT NOT NULL REFERENCES observations(id),
    PRIMARY KEY (consultation_id, observation_id)
  );
  CREATE INDEX consultation_observations_obs ON consultation_observations(observation_id);
  CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    body TEXT,
    reply_kind TEXT,
    input_json TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX messages_consultation ON messages(consultation_id, seq);
  -- The changes feed: one row per entity, moved to a new seq whenever the entity changes or
  -- becomes visible to someone new. SQLite has one writer, so seq order is commit order.
  CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    UNIQUE (type, entity_id)
  );
  `,
  /* 2: the client's usual values, set by nurses; every change kept */ `
  ALTER TABLE clients ADD COLUMN usual_json TEXT;
  CREATE TABLE usual_value_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id TEXT NOT NULL REFERENCES clients(id),
    values_json TEXT NOT NULL,
    spo2_scale INTEGER NOT NULL,
    author_id TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
  );
  CREATE INDEX usual_value_changes_client ON usual_value_changes(client_id, id);
  `,
  /* 3: administration, first-start setup and the audit log */ `
  ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    used_at TEXT
  );
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id TEXT,
    org_id TEXT,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT,
    status INTEGER NOT NULL,
    detail TEXT
  );
  CREATE INDEX audit_log_org ON audit_log(org_id, id);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `,
  /* 4: Web Push subscriptions (one per browser endpoint) */ `
  CREATE TABLE push_subscriptions (
    endpoint TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    org_id TEXT NOT NULL REFERENCES organizations(id),
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX push_subscriptions_org ON push_subscriptions(org_id);
  `,
  /* 5: the audit log also names the organization that owns the client, whose admin sees it */ `
  ALTER TABLE audit_log ADD COLUMN client_org_id TEXT;
  CREATE INDEX audit_log_client_org ON audit_log(client_org_id, id);
  `,
  /* 6: one photo per observation, location metadata stripped, served only to who may see it */ `
  CREATE TABLE photos (
    observation_id TEXT PRIMARY KEY REFERENCES observations(id),
    content_type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
  );
  `,
  /* 7: a tamper-evident audit log: each entry carries the hash of the one before (audit.ts).
        Entries written before this migration have no hash; the chain starts after them. */ `
  ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
  ALTER TABLE audit_log ADD COLUMN hash TEXT;
  -- Where the chain begins: every entry after this id must be chained.
  CREATE TABLE audit_chain (last_unchained_id INTEGER NOT NULL);
  INSERT INTO audit_chain (last_unchained_id) SELECT COALESCE(MAX(id), 0) FROM audit_log;
  `,
  /* 8: passkeys (WebAuthn credentials) and their one-time challenges */ `
  CREATE TABLE passkeys (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    public_key BLOB NOT NULL,
    counter INTEGER NOT NULL,
    transports TEXT,
    created_at TEXT NOT NULL,
    last_used_at TEXT
  );
  CREATE INDEX passkeys_user ON passkeys(user_id);
  CREATE TABLE webauthn_challenges (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('register','login')),
    user_id TEXT,
    challenge TEXT NOT NULL,
    created_ms INTEGER NOT NULL
  );
  `,
  /* 9: a second factor for nurses and admins from a date each organization's admin sets
        (store/second-factor.ts); a session records when it was completed with a passkey */ `
  CREATE TABLE org_second_factor (
    org_id TEXT PRIMARY KEY REFERENCES organizations(id),
    required_from TEXT NOT NULL,
    updated_by TEXT REFERENCES users(id),
    updated_at TEXT NOT NULL
  );
  ALTER TABLE sessions ADD COLUMN second_factor_at TEXT;
  `,
  /* 10: free text keeps the language it was written in (BCP 47; NULL = not said, written
        before this), and a consultation's kind of request as a code (issue 15). A SBAR field's
        language lives inside sbar_json with the fields. */ `
  ALTER TABLE observations ADD COLUMN note_lang TEXT;
  ALTER TABLE messages ADD COLUMN lang TEXT;
  ALTER TABLE consultations ADD COLUMN request_kind TEXT;
  `,
  /* 11: a nurse's reply template (code; parameters stay in input_json) and the ふりがな the server
        added to the message's free Japanese text (issue 15) */ `
  ALTER TABLE messages ADD COLUMN template_code TEXT;
  ALTER TABLE messages ADD COLUMN body_ruby_json TEXT;
  `,
  /* 12: the UI language a phone subscribed to Web Push with: its notifications are composed in
         it (issue 15; NULL = not said, Japanese) */ `
  ALTER TABLE push_subscriptions ADD COLUMN lang TEXT;
  `,
  /* 13: which sign-in (a phone, a browser) changed a client's usual values: a nurse's own change
         from another device counts against an older edit of hers (ADR 0020 stop 19; NULL =
         written before this) */ `
  ALTER TABLE usual_value_changes ADD COLUMN sign_in_ref TEXT;
  `,
  /* 14: observed_at is the instant in UTC, like every time the server writes: rows are ordered
         and windowed by comparing it as text, and 「09:30+09:00」 sorted after 「01:00Z」, which
         is half an hour later. observed_at_sent keeps observedAt as the client wrote it when that
         differs: the API answers it as sent. */ `
  ALTER TABLE observations ADD COLUMN observed_at_sent TEXT;
  UPDATE observations
     SET observed_at_sent = observed_at, observed_at = strftime('%Y-%m-%dT%H:%M:%fZ', observed_at)
   WHERE strftime('%Y-%m-%dT%H:%M:%fZ', observed_at) <> observed_at;
  `,
];
