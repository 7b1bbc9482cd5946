/** The LLM answer cache: a rerun of the same batch makes no requests. */
import { stmt, write, type Store } from './db.ts';

export interface CacheTag {
  model: string;
  promptVersion: string;
  schemaVersion: string;
}

export function llmCache(db: Store, tag: CacheTag) {
  const get = stmt(db, 'SELECT answer FROM llm_cache WHERE key = ?');
  const put = stmt(
    db,
    `INSERT OR REPLACE INTO llm_cache (key, model, prompt_version, schema_version, answer, prompt_tokens, completion_tokens, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    get: (key: string) => (get.get(key) as { answer: string } | undefined)?.answer,
    put: (key: string, answer: string, usage: { promptTokens: number; completionTokens: number }) =>
      write(db, () => put.run(key, tag.model, tag.promptVersion, tag.schemaVersion, answer, usage.promptTokens, usage.completionTokens, new Date().toISOString())),
  };
}
