/** The LLM step as its settings configure it: the client, and the store's answer cache when there is a store. */
import type { Llm } from '../extract/full.ts';
import { LlmClient } from '../extract/llm/client.ts';
import type { LlmOptions } from '../extract/llm/settings.ts';
import { SCHEMA_VERSION } from '../extract/llm/schema.ts';
import { prompt } from '../extract/llm/step.ts';
import type { Store } from '../store/db.ts';
import { llmCache } from '../store/llm-cache.ts';

export function llmStep(settings: LlmOptions, db?: Store): Llm {
  const client = new LlmClient(settings);
  if (!db) return { client };
  return { client, cache: llmCache(db, { model: client.config.model, promptVersion: prompt().version, schemaVersion: SCHEMA_VERSION }) };
}
