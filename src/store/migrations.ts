/**
 * Numbered schema migrations. The schema version is SQLite's user_version; each migration runs
 * once, in its own transaction. Never edit a landed migration: add the next one. Each is literal
 * SQL (no text built by a helper that a later edit could change), and
 * test/store/migrations.test.ts holds the SHA-256 of every landed one.
 */
export const MIGRATIONS: string[] = [
  /* 1: documents, facts, evidence, review history, runs */ `
  CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    title TEXT,
    published TEXT,
    script TEXT NOT NULL CHECK (script IN ('traditional', 'simplified', 'mixed')),
    chars INTEGER NOT NULL,
    charset TEXT,
    original TEXT NOT NULL,
    -- the offset map back to original is rebuilt by normalize(original) at this version
    normalized TEXT NOT NULL,
    normalizer_version TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    warnings TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(warnings)),
    ingested_at TEXT NOT NULL,
    extracted_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE document_sources (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (document_id, source)
  ) STRICT;
  CREATE INDEX document_sources_source ON document_sources(source);

  CREATE TABLE facts (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    type TEXT NOT NULL CHECK (type IN ('city_pair', 'count', 'date', 'agreement', 'event')),
    -- the fields that make two mentions one fact (records.ts factKey)
    key TEXT NOT NULL,
    fields TEXT NOT NULL CHECK (json_valid(fields)),
    method TEXT NOT NULL CHECK (method IN ('rules', 'llm')),
    confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'edited')),
    -- bumped on every change, for optimistic concurrency between reviewers
    version INTEGER NOT NULL DEFAULT 1,
    extractor_version TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    reviewed_by TEXT,
    reviewed_at TEXT,
    review_note TEXT,
    UNIQUE (document_id, key)
  ) STRICT;
  CREATE INDEX facts_type_status ON facts(type, status);
  CREATE INDEX facts_status ON facts(status);

  CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    fact_id TEXT NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    quote TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('rules', 'llm')),
    CHECK (end > start AND length(quote) > 0)
  ) STRICT;
  CREATE INDEX evidence_fact ON evidence(fact_id);

  CREATE TABLE review_history (
    id INTEGER PRIMARY KEY,
    fact_id TEXT NOT NULL REFERENCES facts(id),
    action TEXT NOT NULL,
    reviewer TEXT,
    at TEXT NOT NULL,
    note TEXT,
    before TEXT CHECK (before IS NULL OR json_valid(before)),
    after TEXT CHECK (after IS NULL OR json_valid(after))
  ) STRICT;
  CREATE INDEX review_history_fact ON review_history(fact_id);
  CREATE TRIGGER review_history_no_update BEFORE UPDATE ON review_history
    BEGIN SELECT RAISE(ABORT, 'review history is append-only'); END;
  CREATE TRIGGER review_history_no_delete BEFORE DELETE ON review_history
    BEGIN SELECT RAISE(ABORT, 'review history is append-only'); END;

  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    extractor_version TEXT NOT NULL,
    summary TEXT CHECK (summary IS NULL OR json_valid(summary))
  ) STRICT;
  `,
  /* 2: canonical places, and the places each city pair joins */ `
  CREATE TABLE places (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    country_code TEXT,
    aliases TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases)),
    source TEXT NOT NULL
  ) STRICT;
  CREATE INDEX places_name ON places(name);
  CREATE INDEX places_country ON places(country);

  CREATE TABLE fact_places (
    fact_id TEXT NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('a', 'b')),
    place_id TEXT NOT NULL REFERENCES places(id),
    PRIMARY KEY (fact_id, role)
  ) STRICT;
  CREATE INDEX fact_places_place ON fact_places(place_id);
  `,
  /* 3: web sources: URLs and their state, every fetch attempt, near-duplicate signatures */ `
  CREATE TABLE urls (
    url TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('article', 'feed')),
    state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed', 'skipped', 'gave-up')),
    document_id TEXT REFERENCES documents(id),
    -- how the document relates to the URL: new, same text, or a near-duplicate of it
    resolution TEXT,
    feed_url TEXT,
    feed_title TEXT,
    feed_published TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    last_status INTEGER,
    last_error TEXT,
    etag TEXT,
    last_modified TEXT,
    first_seen TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX urls_state ON urls(state);

  CREATE TABLE fetches (
    id INTEGER PRIMARY KEY,
    run_id INTEGER REFERENCES runs(id),
    url TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    status INTEGER,
    bytes INTEGER NOT NULL,
    error TEXT,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX fetches_url ON fetches(url);

  ALTER TABLE documents ADD COLUMN minhash TEXT CHECK (minhash IS NULL OR json_valid(minhash));
  CREATE TABLE document_bands (
    band TEXT NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (band, document_id)
  ) STRICT, WITHOUT ROWID;
  `,
  /* 4: the LLM step: per-document state and tokens, alignment of evidence, the answer cache */ `
  ALTER TABLE documents ADD COLUMN llm_state TEXT CHECK (llm_state IS NULL OR llm_state IN ('skipped', 'done', 'failed'));
  ALTER TABLE documents ADD COLUMN llm_model TEXT;
  ALTER TABLE documents ADD COLUMN llm_prompt_tokens INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE documents ADD COLUMN llm_completion_tokens INTEGER NOT NULL DEFAULT 0;
  -- how an LLM quote was found in the original: exact, normalized or fuzzy (NULL for rules)
  ALTER TABLE evidence ADD COLUMN alignment TEXT CHECK (alignment IS NULL OR alignment IN ('exact', 'normalized', 'fuzzy'));

  CREATE TABLE llm_cache (
    -- sha256 of model, prompt version, schema version, publication date, hints and chunk text
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    prompt_version TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    answer TEXT NOT NULL CHECK (json_valid(answer)),
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  `,
  /* 5: research: full-text search (trigram, over the simplified text) and views for the common questions */ `
  CREATE VIRTUAL TABLE documents_fts USING fts5(title, normalized, content='documents', content_rowid='rowid', tokenize='trigram');
  INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
  CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, normalized) VALUES (new.rowid, new.title, new.normalized);
  END;
  CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, normalized) VALUES ('delete', old.rowid, old.title, old.normalized);
  END;
  CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, normalized ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, normalized) VALUES ('delete', old.rowid, old.title, old.normalized);
    INSERT INTO documents_fts (rowid, title, normalized) VALUES (new.rowid, new.title, new.normalized);
  END;

  CREATE INDEX facts_document ON facts(document_id);

  
  CREATE VIEW city_pairs AS
    SELECT f.id AS fact_id, f.document_id, f.status, f.method, f.confidence,
      json_extract(f.fields, '$.a.name') AS a_name, fa.place_id AS a_place_id,
      json_extract(f.fields, '$.b.name') AS b_name, fb.place_id AS b_place_id,
      coalesce(json_extract(f.fields, '$.b.country'), pb.country) AS b_country,
      json_extract(f.fields, '$.relation') AS relation, json_extract(f.fields, '$.since') AS since,
      d.source, d.title, d.published,
      (SELECT group_concat(e.quote, ' | ') FROM (SELECT quote FROM evidence WHERE fact_id = f.id ORDER BY start) e) AS quotes,
      (SELECT group_concat(e.start || '-' || e.end, ';') FROM (SELECT start, end FROM evidence WHERE fact_id = f.id ORDER BY start) e) AS offsets
    FROM facts f JOIN documents d ON d.id = f.document_id
    LEFT JOIN fact_places fa ON fa.fact_id = f.id AND fa.role = 'a'
    LEFT JOIN fact_places fb ON fb.fact_id = f.id AND fb.role = 'b'
    LEFT JOIN places pb ON pb.id = fb.place_id
    WHERE f.type = 'city_pair';
  
  CREATE VIEW counts AS
    SELECT f.id AS fact_id, f.document_id, f.status, f.method, f.confidence,
      json_extract(f.fields, '$.value') AS value, json_extract(f.fields, '$.approx') AS approx,
      json_extract(f.fields, '$.unit') AS unit, json_extract(f.fields, '$.of') AS counted,
      json_extract(f.fields, '$.holder') AS holder,
      d.source, d.title, d.published,
      (SELECT group_concat(e.quote, ' | ') FROM (SELECT quote FROM evidence WHERE fact_id = f.id ORDER BY start) e) AS quotes,
      (SELECT group_concat(e.start || '-' || e.end, ';') FROM (SELECT start, end FROM evidence WHERE fact_id = f.id ORDER BY start) e) AS offsets
    FROM facts f JOIN documents d ON d.id = f.document_id
    WHERE f.type = 'count';
  
  CREATE VIEW dates AS
    SELECT f.id AS fact_id, f.document_id, f.status, f.method, f.confidence,
      json_extract(f.fields, '$.text') AS text, json_extract(f.fields, '$.start') AS start_date,
      json_extract(f.fields, '$.end') AS end_date, json_extract(f.fields, '$.granularity') AS granularity,
      json_extract(f.fields, '$.anchored') AS anchored,
      d.source, d.title, d.published,
      (SELECT group_concat(e.quote, ' | ') FROM (SELECT quote FROM evidence WHERE fact_id = f.id ORDER BY start) e) AS quotes,
      (SELECT group_concat(e.start || '-' || e.end, ';') FROM (SELECT start, end FROM evidence WHERE fact_id = f.id ORDER BY start) e) AS offsets
    FROM facts f JOIN documents d ON d.id = f.document_id
    WHERE f.type = 'date';
  
  CREATE VIEW agreements AS
    SELECT f.id AS fact_id, f.document_id, f.status, f.method, f.confidence,
      json_extract(f.fields, '$.title') AS agreement_title, json_extract(f.fields, '$.kind') AS kind,
      json_extract(f.fields, '$.parties') AS parties, json_extract(f.fields, '$.count') AS count,
      json_extract(f.fields, '$.fields') AS domains, json_extract(f.fields, '$.date') AS date,
      d.source, d.title, d.published,
      (SELECT group_concat(e.quote, ' | ') FROM (SELECT quote FROM evidence WHERE fact_id = f.id ORDER BY start) e) AS quotes,
      (SELECT group_concat(e.start || '-' || e.end, ';') FROM (SELECT start, end FROM evidence WHERE fact_id = f.id ORDER BY start) e) AS offsets
    FROM facts f JOIN documents d ON d.id = f.document_id
    WHERE f.type = 'agreement';
  
  CREATE VIEW events AS
    SELECT f.id AS fact_id, f.document_id, f.status, f.method, f.confidence,
      json_extract(f.fields, '$.name') AS name, json_extract(f.fields, '$.kind') AS kind,
      json_extract(f.fields, '$.start') AS start_date, json_extract(f.fields, '$.end') AS end_date,
      json_extract(f.fields, '$.place') AS place, json_extract(f.fields, '$.participants') AS participants,
      d.source, d.title, d.published,
      (SELECT group_concat(e.quote, ' | ') FROM (SELECT quote FROM evidence WHERE fact_id = f.id ORDER BY start) e) AS quotes,
      (SELECT group_concat(e.start || '-' || e.end, ';') FROM (SELECT start, end FROM evidence WHERE fact_id = f.id ORDER BY start) e) AS offsets
    FROM facts f JOIN documents d ON d.id = f.document_id
    WHERE f.type = 'event';
  `,
  /* 6: indexes for researchers' filters and statistics on large stores */ `
  CREATE INDEX facts_event_place ON facts(json_extract(fields, '$.place')) WHERE type = 'event';
  CREATE INDEX facts_count_holder ON facts(json_extract(fields, '$.holder')) WHERE type = 'count';
  CREATE INDEX facts_pair_country ON facts(json_extract(fields, '$.b.country')) WHERE type = 'city_pair';
  CREATE INDEX facts_pair_since ON facts(json_extract(fields, '$.since')) WHERE type = 'city_pair';
  CREATE INDEX fact_places_place_role ON fact_places(place_id, role, fact_id);
  `,
  /* 7: large stores: a place's counts and events found with their status from one index; statistics kept as counters by triggers */ `
  DROP INDEX facts_event_place;
  DROP INDEX facts_count_holder;
  CREATE INDEX facts_event_place ON facts(json_extract(fields, '$.place'), status) WHERE type = 'event';
  CREATE INDEX facts_count_holder ON facts(json_extract(fields, '$.holder'), status) WHERE type = 'count';

  -- facts by type, and city pairs by the foreign side's stated country and by decade of since, per status
  CREATE TABLE fact_tallies (
    dimension TEXT NOT NULL CHECK (dimension IN ('type', 'country', 'decade')),
    value TEXT NOT NULL,
    status TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (dimension, value, status)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO fact_tallies SELECT 'type', type, status, count(*) FROM facts GROUP BY type, status;
  INSERT INTO fact_tallies SELECT 'country', coalesce(json_extract(facts.fields, '$.b.country'), '(unknown)'), status, count(*) FROM facts WHERE type = 'city_pair' GROUP BY 2, 3;
  INSERT INTO fact_tallies SELECT 'decade', coalesce(substr(json_extract(facts.fields, '$.since'), 1, 3) || '0s', '(unknown)'), status, count(*) FROM facts WHERE type = 'city_pair' GROUP BY 2, 3;
  CREATE TRIGGER fact_tallies_insert AFTER INSERT ON facts BEGIN 
    INSERT INTO fact_tallies (dimension, value, status, n)
      SELECT 'type', NEW.type, NEW.status, 1
      UNION ALL SELECT 'country', coalesce(json_extract(NEW.fields, '$.b.country'), '(unknown)'), NEW.status, 1 WHERE NEW.type = 'city_pair'
      UNION ALL SELECT 'decade', coalesce(substr(json_extract(NEW.fields, '$.since'), 1, 3) || '0s', '(unknown)'), NEW.status, 1 WHERE NEW.type = 'city_pair'
      ON CONFLICT DO UPDATE SET n = n + excluded.n;
  END;
  CREATE TRIGGER fact_tallies_delete AFTER DELETE ON facts BEGIN 
    INSERT INTO fact_tallies (dimension, value, status, n)
      SELECT 'type', OLD.type, OLD.status, -1
      UNION ALL SELECT 'country', coalesce(json_extract(OLD.fields, '$.b.country'), '(unknown)'), OLD.status, -1 WHERE OLD.type = 'city_pair'
      UNION ALL SELECT 'decade', coalesce(substr(json_extract(OLD.fields, '$.since'), 1, 3) || '0s', '(unknown)'), OLD.status, -1 WHERE OLD.type = 'city_pair'
      ON CONFLICT DO UPDATE SET n = n + excluded.n;
  END;
  CREATE TRIGGER fact_tallies_update AFTER UPDATE OF type, status, fields ON facts BEGIN 
    INSERT INTO fact_tallies (dimension, value, status, n)
      SELECT 'type', OLD.type, OLD.status, -1
      UNION ALL SELECT 'country', coalesce(json_extract(OLD.fields, '$.b.country'), '(unknown)'), OLD.status, -1 WHERE OLD.type = 'city_pair'
      UNION ALL SELECT 'decade', coalesce(substr(json_extract(OLD.fields, '$.since'), 1, 3) || '0s', '(unknown)'), OLD.status, -1 WHERE OLD.type = 'city_pair'
      ON CONFLICT DO UPDATE SET n = n + excluded.n; 
    INSERT INTO fact_tallies (dimension, value, status, n)
      SELECT 'type', NEW.type, NEW.status, 1
      UNION ALL SELECT 'country', coalesce(json_extract(NEW.fields, '$.b.country'), '(unknown)'), NEW.status, 1 WHERE NEW.type = 'city_pair'
      UNION ALL SELECT 'decade', coalesce(substr(json_extract(NEW.fields, '$.since'), 1, 3) || '0s', '(unknown)'), NEW.status, 1 WHERE NEW.type = 'city_pair'
      ON CONFLICT DO UPDATE SET n = n + excluded.n;
  END;

  -- for each place, the places it is paired with, by the pairs' status (both directions)
  CREATE TABLE place_partners (
    place_id TEXT NOT NULL REFERENCES places(id),
    partner_id TEXT NOT NULL REFERENCES places(id),
    status TEXT NOT NULL,
    pairs INTEGER NOT NULL,
    PRIMARY KEY (place_id, partner_id, status)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO place_partners SELECT me.place_id, other.place_id, f.status, count(*)
    FROM fact_places me JOIN fact_places other ON other.fact_id = me.fact_id AND other.role != me.role
    JOIN facts f ON f.id = me.fact_id GROUP BY 1, 2, 3;
  -- a pair's second place completes it; its fact row is written first
  CREATE TRIGGER place_partners_link AFTER INSERT ON fact_places BEGIN 
    INSERT INTO place_partners (place_id, partner_id, status, pairs)
      SELECT me.place_id, other.place_id, (SELECT status FROM facts WHERE id = NEW.fact_id), 1
        FROM fact_places me JOIN fact_places other ON other.fact_id = me.fact_id AND other.role != me.role
       WHERE me.fact_id = NEW.fact_id
      ON CONFLICT DO UPDATE SET pairs = pairs + excluded.pairs;
  END;
  -- before the delete cascades to fact_places, while the pair's places can still be read
  CREATE TRIGGER place_partners_delete BEFORE DELETE ON facts WHEN OLD.type = 'city_pair' BEGIN 
    INSERT INTO place_partners (place_id, partner_id, status, pairs)
      SELECT me.place_id, other.place_id, OLD.status, -1
        FROM fact_places me JOIN fact_places other ON other.fact_id = me.fact_id AND other.role != me.role
       WHERE me.fact_id = OLD.id
      ON CONFLICT DO UPDATE SET pairs = pairs + excluded.pairs;
  END;
  CREATE TRIGGER place_partners_status AFTER UPDATE OF status ON facts WHEN NEW.type = 'city_pair' AND NEW.status != OLD.status BEGIN
    
    INSERT INTO place_partners (place_id, partner_id, status, pairs)
      SELECT me.place_id, other.place_id, OLD.status, -1
        FROM fact_places me JOIN fact_places other ON other.fact_id = me.fact_id AND other.role != me.role
       WHERE me.fact_id = NEW.id
      ON CONFLICT DO UPDATE SET pairs = pairs + excluded.pairs; 
    INSERT INTO place_partners (place_id, partner_id, status, pairs)
      SELECT me.place_id, other.place_id, NEW.status, 1
        FROM fact_places me JOIN fact_places other ON other.fact_id = me.fact_id AND other.role != me.role
       WHERE me.fact_id = NEW.id
      ON CONFLICT DO UPDATE SET pairs = pairs + excluded.pairs;
  END;
  `,
  /* 8: the sister-city registry: one relationship per unordered pair of canonical places, derived from the pair facts (src/store/relationships.ts); reviewers' resolutions of conflicts; coordinates of places */ `
  ALTER TABLE places ADD COLUMN lat REAL;
  ALTER TABLE places ADD COLUMN lon REAL;

  -- One row per unordered pair of places: place_a is the Chinese side (else the lower id). Derived
  -- from the pairs' facts by relationship-state.ts, rewritten in the transaction that changes them.
  CREATE TABLE registry (
    id TEXT PRIMARY KEY,
    place_a TEXT NOT NULL REFERENCES places(id),
    place_b TEXT NOT NULL REFERENCES places(id),
    relation TEXT NOT NULL CHECK (relation IN ('sister', 'friendly', 'intent', 'unspecified')),
    since TEXT,
    conflict INTEGER NOT NULL CHECK (conflict IN (0, 1)),
    review TEXT NOT NULL CHECK (review IN ('pending', 'approved', 'mixed', 'disputed', 'rejected')),
    first_reported TEXT,
    last_reported TEXT,
    documents INTEGER NOT NULL,
    sources INTEGER NOT NULL,
    facts INTEGER NOT NULL,
    -- [{stage, since, first_reported, documents, facts}], least formal first
    stages TEXT NOT NULL CHECK (json_valid(stages)),
    -- [{since, stage, documents, facts}]: every distinct establishment date and who states it
    sinces TEXT NOT NULL CHECK (json_valid(sinces)),
    -- the latest reviewer's resolution of a conflict ({since, reviewer, at, note}), or NULL
    resolution TEXT CHECK (resolution IS NULL OR json_valid(resolution)),
    UNIQUE (place_a, place_b)
  ) STRICT;
  CREATE INDEX registry_place_b ON registry(place_b);

  -- Reviewers' decisions on a relationship as a whole (a conflict's resolution), append-only.
  CREATE TABLE registry_history (
    id INTEGER PRIMARY KEY,
    relationship_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('resolve')),
    reviewer TEXT,
    at TEXT NOT NULL,
    note TEXT,
    since TEXT,
    -- the distinct since values and their facts as the reviewer saw them
    seen TEXT NOT NULL CHECK (json_valid(seen))
  ) STRICT;
  CREATE INDEX registry_history_relationship ON registry_history(relationship_id);
  CREATE TRIGGER registry_history_no_update BEFORE UPDATE ON registry_history
    BEGIN SELECT RAISE(ABORT, 'registry history is append-only'); END;
  CREATE TRIGGER registry_history_no_delete BEFORE DELETE ON registry_history
    BEGIN SELECT RAISE(ABORT, 'registry history is append-only'); END;

  -- For Datasette and youcheng sql: each relationship with its places' names, countries and coordinates.
  CREATE VIEW relationships AS
    SELECT r.id, pa.name AS a_name, pa.country AS a_country, pa.kind AS a_kind, r.place_a AS a_place_id, pa.lat AS a_lat, pa.lon AS a_lon,
      pb.name AS b_name, pb.country AS b_country, pb.kind AS b_kind, r.place_b AS b_place_id, pb.lat AS b_lat, pb.lon AS b_lon,
      r.relation, r.since, r.conflict, r.review, r.first_reported, r.last_reported, r.documents, r.sources, r.facts,
      r.stages, r.sinces, r.resolution
    FROM registry r JOIN places pa ON pa.id = r.place_a JOIN places pb ON pb.id = r.place_b;

  -- Every pair fact behind a relationship, with its citation (the city_pairs view's columns).
  -- Reached through fact_places' index, so one relationship's facts are read without a scan.
  CREATE VIEW relationship_facts AS
    SELECT r.id AS relationship_id, cp.*
    FROM registry r
    JOIN fact_places x ON x.place_id = r.place_a
    JOIN fact_places y ON y.fact_id = x.fact_id AND y.role != x.role AND y.place_id = r.place_b
    JOIN city_pairs cp ON cp.fact_id = x.fact_id;
  `,
  /* 9: manual facts (method 'manual') and double review (a settings table; each history entry's review stage) */ `
  -- Admit 'manual' in the method checks in place: SQLite's documented procedure for a CHECK that
  -- only admits more (no row changes, nothing else rebuilt); RESET makes this connection re-read the schema.
  PRAGMA writable_schema = ON;
  UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (method IN (''rules'', ''llm''))', 'CHECK (method IN (''rules'', ''llm'', ''manual''))')
    WHERE type = 'table' AND name IN ('facts', 'evidence');
  PRAGMA writable_schema = RESET;

  -- one JSON value per key: 'review' holds ReviewSettings (records.ts)
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL CHECK (json_valid(value))
  ) STRICT;

  -- vote: one of the two independent decisions of a double review (its after is the state it proposes);
  -- adjudication: the decision on a fact whose two votes disagree; NULL: an ordinary decision
  ALTER TABLE review_history ADD COLUMN stage TEXT CHECK (stage IS NULL OR stage IN ('vote', 'adjudication'));
  CREATE INDEX review_history_votes ON review_history(fact_id, reviewer) WHERE stage = 'vote';
  `,
  /* 10: where a document read from a PDF stands, its page (from 1) and region there (JSON {x, y, width, height} in PDF points from the page's top-left) */ `
  ALTER TABLE documents ADD COLUMN page INTEGER CHECK (page IS NULL OR page >= 1);
  ALTER TABLE documents ADD COLUMN region TEXT CHECK (region IS NULL OR json_valid(region));
  `,
  /* 11: which pair facts stand behind each relationship, so a relationship is derived from its own facts without reading every fact of its places (filled by backfill.ts) */ `
  CREATE TABLE registry_facts (
    relationship_id TEXT NOT NULL,
    fact_id TEXT NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    PRIMARY KEY (relationship_id, fact_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX registry_facts_fact ON registry_facts(fact_id);
  `,
];
