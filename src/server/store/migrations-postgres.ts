// Forward-only migrations for PostgreSQL. Never edit a shipped migration; append a new one.
// The first one is the schema SQLite reaches through its migrations 1–8 (migrations.ts), in
// PostgreSQL's types: BIGINT where SQLite's 64-bit INTEGER holds milliseconds or counters,
// BYTEA for BLOB, BIGSERIAL for AUTOINCREMENT. Flags stay INTEGER 0/1 so that both engines
// answer the same rows. A schema change to migrations.ts needs its twin here.
export const PG_MIGRATIONS: readonly string[] = [
  /* 1: the schema of SQLite migrations 1–8 */ `
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
    created_at TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  -- rowid: the name SQLite gives its implicit key, so the store's statements fit both.
  CREATE TABLE login_failures (
    rowid BIGSERIAL PRIMARY KEY,
    key TEXT NOT NULL,
    at BIGINT NOT NULL
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
    created_at TEXT NOT NULL,
    usual_json TEXT
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
  -- The changes feed: one row per entity. seq is NULL while the writing transaction runs and
  -- is taken from changes_seq just before it commits, under a lock (postgres.ts, ADR 0012):
  -- seq order is commit order, so a cursor never skips a late commit.
  CREATE SEQUENCE changes_seq;
  CREATE TABLE changes (
    seq BIGINT UNIQUE,
    type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    PRIMARY KEY (type, entity_id)
  );
  CREATE TABLE usual_value_changes (
    id BIGSERIAL PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients(id),
    values_json TEXT NOT NULL,
    spo2_scale INTEGER NOT NULL,
    author_id TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
  );
  CREATE INDEX usual_value_changes_client ON usual_value_changes(client_id, id);
  CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    used_at TEXT
  );
  CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TEXT NOT NULL,
    user_id TEXT,
    org_id TEXT,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT,
    status INTEGER NOT NULL,
    detail TEXT,
    client_org_id TEXT,
    prev_hash TEXT,
    hash TEXT
  );
  CREATE INDEX audit_log_org ON audit_log(org_id, id);
  CREATE INDEX audit_log_client_org ON audit_log(client_org_id, id);
  CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
  CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
  CREATE TABLE audit_chain (last_unchained_id BIGINT NOT NULL);
  INSERT INTO audit_chain (last_unchained_id) VALUES (0);
  CREATE TABLE push_subscriptions (
    endpoint TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    org_id TEXT NOT NULL REFERENCES organizations(id),
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX push_subscriptions_org ON push_subscriptions(org_id);
  CREATE TABLE photos (
    observation_id TEXT PRIMARY KEY REFERENCES observations(id),
    content_type TEXT NOT NULL,
    bytes BYTEA NOT NULL,
    sha256 TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
  );
  CREATE TABLE passkeys (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    public_key BYTEA NOT NULL,
    counter BIGINT NOT NULL,
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
    created_ms BIGINT NOT NULL
  );
  `,
  /* 2: the twins of SQLite migrations 9–11 (on main: a second factor from a date each
        organization sets; free text's language and a consultation's kind of request; a reply
        template's code and the ふりがな of a message) */ `
  CREATE TABLE org_second_factor (
    org_id TEXT PRIMARY KEY REFERENCES organizations(id),
    required_from TEXT NOT NULL,
    updated_by TEXT REFERENCES users(id),
    updated_at TEXT NOT NULL
  );
  ALTER TABLE sessions ADD COLUMN second_factor_at TEXT;
  ALTER TABLE observations ADD COLUMN note_lang TEXT;
  ALTER TABLE messages ADD COLUMN lang TEXT;
  ALTER TABLE consultations ADD COLUMN request_kind TEXT;
  ALTER TABLE messages ADD COLUMN template_code TEXT;
  ALTER TABLE messages ADD COLUMN body_ruby_json TEXT;
  `,
  /* 3: the twin of SQLite migration 12: the UI language a phone subscribed to Web Push with
        (its notifications are composed in it; NULL = not said, Japanese) */ `
  ALTER TABLE push_subscriptions ADD COLUMN lang TEXT;
  `,
  /* 4: the twin of SQLite migration 13: which sign-in changed a client's usual values */ `
  ALTER TABLE usual_value_changes ADD COLUMN sign_in_ref TEXT;
  `,
  /* 5: the twin of SQLite migration 14: observed_at the instant in UTC, observedAt as sent kept
        beside it when it differs */ `
  ALTER TABLE observations ADD COLUMN observed_at_sent TEXT;
  UPDATE observations
     SET observed_at_sent = observed_at,
         observed_at = to_char(observed_at::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
   WHERE to_char(observed_at::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') <> observed_at;
  `,
];
