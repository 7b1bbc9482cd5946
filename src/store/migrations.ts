/**
 * Numbered schema migrations. The schema version is SQLite's user_version; each migration runs
 * once, in its own transaction. Never edit a landed migration: add the next one.
 */
// Migration 5's views: one row per fact of a type, its own columns, then the citation.
const factView = (name: string, type: string, columns: string, joins = '') => `
  CREATE VIEW ${name} AS
    SELECT f.id AS fact_id, f.document_id, f.status, f.method, f.confidence,
      ${columns},
      d.source, d.title, d.published,
      (SELECT group_concat(e.quote, ' | ') FROM (SELECT quote FROM evidence WHERE fact_id = f.id ORDER BY start) e) AS quotes,
      (SELECT group_concat(e.start || '-' || e.end, ';') FROM (SELECT start, end FROM evidence WHERE fact_id = f.id ORDER BY start) e) AS offsets
    FROM facts f JOIN documents d ON d.id = f.document_id${joins}
    WHERE f.type = '${type}';`;

// Migration 7's counters: what a fact row adds to (or, with -1, takes from) the statistics.
const COUNTRY = (r: string) => `coalesce(json_extract(${r}.fields, '$.b.country'), '(unknown)')`;
const DECADE = (r: string) => `coalesce(substr(json_extract(${r}.fields, '$.since'), 1, 3) || '0s', '(unknown)')`;
const tally = (r: 'NEW' | 'OLD', by: 1 | -1) => `
    INSERT INTO fact_tallies (dimension, value, status, n)
      SELECT 'type', ${r}.type, ${r}.status, ${by}
      UNION ALL SELECT 'country', ${COUNTRY(r)}, ${r}.status, ${by} WHERE ${r}.type = 'city_pair'
      UNION ALL SELECT 'decade', ${DECADE(r)}, ${r}.status, ${by} WHERE ${r}.type = 'city_pair'
      ON CONFLICT DO UPDATE SET n = n + excluded.n;`;
const partners = (factId: string, status: string, by: 1 | -1) => `
    INSERT INTO place_partners (place_id, partner_id, status, pairs)
      SELECT me.place_id, other.place_id, ${status}, ${by}
        FROM fact_places me JOIN fact_places other ON other.fact_id = me.fact_id AND other.role != me.role
       WHERE me.fact_id = ${factId}
      ON CONFLICT DO UPDATE SET pairs = pairs + excluded.pairs;`;

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

  ${factView(
    'city_pairs',
    'city_pair',
    `json_extract(f.fields, '$.a.name') AS a_name, fa.place_id AS a_place_id,
      json_extract(f.fields, '$.b.name') AS b_name, fb.place_id AS b_place_id,
      coalesce(json_extract(f.fields, '$.b.country'), pb.country) AS b_country,
      json_extract(f.fields, '$.relation') AS relation, json_extract(f.fields, '$.since') AS since`,
    `
    LEFT JOIN fact_places fa ON fa.fact_id = f.id AND fa.role = 'a'
    LEFT JOIN fact_places fb ON fb.fact_id = f.id AND fb.role = 'b'
    LEFT JOIN places pb ON pb.id = fb.place_id`,
  )}
  ${factView(
    'counts',
    'count',
    `json_extract(f.fields, '$.value') AS value, json_extract(f.fields, '$.approx') AS approx,
      json_extract(f.fields, '$.unit') AS unit, json_extract(f.fields, '$.of') AS counted,
      json_extract(f.fields, '$.holder') AS holder`,
  )}
  ${factView(
    'dates',
    'date',
    `json_extract(f.fields, '$.text') AS text, json_extract(f.fields, '$.start') AS start_date,
      json_extract(f.fields, '$.end') AS end_date, json_extract(f.fields, '$.granularity') AS granularity,
      json_extract(f.fields, '$.anchored') AS anchored`,
  )}
  ${factView(
    'agreements',
    'agreement',
    `json_extract(f.fields, '$.title') AS agreement_title, json_extract(f.fields, '$.kind') AS kind,
      json_extract(f.fields, '$.parties') AS parties, json_extract(f.fields, '$.count') AS count,
      json_extract(f.fields, '$.fields') AS domains, json_extract(f.fields, '$.date') AS date`,
  )}
  ${factView(
    'events',
    'event',
    `json_extract(f.fields, '$.name') AS name, json_extract(f.fields, '$.kind') AS kind,
      json_extract(f.fields, '$.start') AS start_date, json_extract(f.fields, '$.end') AS end_date,
      json_extract(f.fields, '$.place') AS place, json_extract(f.fields, '$.participants') AS participants`,
  )}
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
  INSERT INTO fact_tallies SELECT 'country', ${COUNTRY('facts')}, status, count(*) FROM facts WHERE type = 'city_pair' GROUP BY 2, 3;
  INSERT INTO fact_tallies SELECT 'decade', ${DECADE('facts')}, status, count(*) FROM facts WHERE type = 'city_pair' GROUP BY 2, 3;
  CREATE TRIGGER fact_tallies_insert AFTER INSERT ON facts BEGIN ${tally('NEW', 1)}
  END;
  CREATE TRIGGER fact_tallies_delete AFTER DELETE ON facts BEGIN ${tally('OLD', -1)}
  END;
  CREATE TRIGGER fact_tallies_update AFTER UPDATE OF type, status, fields ON facts BEGIN ${tally('OLD', -1)} ${tally('NEW', 1)}
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
  CREATE TRIGGER place_partners_link AFTER INSERT ON fact_places BEGIN ${partners('NEW.fact_id', '(SELECT status FROM facts WHERE id = NEW.fact_id)', 1)}
  END;
  -- before the delete cascades to fact_places, while the pair's places can still be read
  CREATE TRIGGER place_partners_delete BEFORE DELETE ON facts WHEN OLD.type = 'city_pair' BEGIN ${partners('OLD.id', 'OLD.status', -1)}
  END;
  CREATE TRIGGER place_partners_status AFTER UPDATE OF status ON facts WHEN NEW.type = 'city_pair' AND NEW.status != OLD.status BEGIN
    ${partners('NEW.id', 'OLD.status', -1)} ${partners('NEW.id', 'NEW.status', 1)}
  END;
  `,
  /* 9 (the registry's migration 8 lands before it): where a document read from a PDF stands, its page (from 1) and region there (JSON {x, y, width, height} in PDF points from the page's top-left) */ `
  ALTER TABLE documents ADD COLUMN page INTEGER CHECK (page IS NULL OR page >= 1);
  ALTER TABLE documents ADD COLUMN region TEXT CHECK (region IS NULL OR json_valid(region));
  `,
];
