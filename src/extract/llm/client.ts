/**
 * The LLM client: the `openai` package against any OpenAI-compatible server (OpenAI, vLLM,
 * Ollama, llama.cpp's server, DeepSeek, DashScope).
 *
 * Requests go through p-queue (a concurrency limit and a requests-per-minute limit). 429 (its
 * Retry-After honoured), 5xx, timeouts and connection errors are retried with exponential backoff
 * and jitter; a refused API key or an unknown model stops the run at once (LlmFatalError). Answers
 * come as structured output (response_format json_schema, strict); a server that does not support
 * it gets json_object with the schema spelled out in the prompt instead. Every answer is
 * safeParse'd; an invalid one is sent back with the zod errors, at most twice. An answer cut off
 * at the token limit raises TruncatedError, so that the caller can retry on smaller chunks.
 */
import type OpenAI from 'openai';
import PQueue from 'p-queue';
import { YouchengError, zodProblems } from '../../errors.ts';
import { retryAfterMs, retryDelay, sleep } from '../../retry.ts';
import { LlmError, LlmFatalError, TruncatedError } from './errors.ts';
import { answerJsonSchema, LlmAnswer } from './schema.ts';
import { DEFAULT_LLM, type LlmConfig, type LlmOptions, llmModel } from './settings.ts';

export interface Usage {
  requests: number;
  promptTokens: number;
  completionTokens: number;
}

export type Message = { role: 'system' | 'user' | 'assistant'; content: string };

const MAX_REASKS = 2;

export class LlmClient {
  readonly config: LlmConfig;
  /** The `openai` client, loaded at the first request: a run without a model never loads the package. */
  private sdk?: Promise<{ OpenAI: typeof OpenAI; client: OpenAI }>;
  private readonly queue: PQueue;
  /** json_schema until the server shows it does not support it. */
  mode: 'json_schema' | 'json_object' = 'json_schema';

  constructor({ env = process.env, ...options }: LlmOptions) {
    const model = llmModel(options.model, env);
    if (!model) throw new YouchengError('no LLM model: give one (--llm-model) or set $YOUCHENG_LLM_MODEL');
    this.config = {
      ...DEFAULT_LLM,
      ...options,
      model,
      baseURL: options.baseURL ?? env.YOUCHENG_LLM_BASE_URL ?? env.OPENAI_BASE_URL,
      apiKey: options.apiKey ?? env.YOUCHENG_LLM_API_KEY ?? env.OPENAI_API_KEY,
    };
    this.queue = new PQueue({
      concurrency: this.config.concurrency,
      ...(this.config.rpm ? { interval: 60_000, intervalCap: this.config.rpm } : {}),
    });
  }

  /**
   * Asks for an answer to `build(schemaInPrompt)`'s messages: valid against the schema, or an
   * LlmError after the re-asks. `usage` gathers the tokens of every request made.
   */
  async answer(build: (schemaInPrompt: boolean) => Message[], usage: Usage): Promise<{ answer: LlmAnswer; raw: string }> {
    let messages = build(this.mode === 'json_object');
    let modeUsed = this.mode;
    for (let asked = 0; ; asked++) {
      const res = await this.complete(messages, usage);
      if (this.mode !== modeUsed) {
        // The server refused json_schema: the schema now goes in the prompt.
        modeUsed = this.mode;
        messages = build(true);
        asked--;
        continue;
      }
      if (!res) continue;
      const choice = res.choices[0];
      if (choice?.finish_reason === 'length') throw new TruncatedError('the answer was cut off at the token limit');
      const content = choice?.message?.content ?? '';
      let problem: string;
      try {
        const parsed = LlmAnswer.safeParse(JSON.parse(stripFence(content)));
        if (parsed.success) return { answer: parsed.data, raw: content };
        problem = `Your answer does not follow the schema: ${zodProblems(parsed.error)}`;
      } catch (err) {
        problem = `Your answer is not valid JSON (${(err as Error).message}).`;
      }
      if (asked >= MAX_REASKS) throw new LlmError(`the model gave no valid answer after ${MAX_REASKS} corrections: ${problem.split('\n')[0]}`);
      messages = [...messages, { role: 'assistant', content }, { role: 'user', content: `${problem}\nAnswer again with the corrected JSON object only.` }];
    }
  }

  /** One chat completion with retries; null when the mode changed and the caller must rebuild. */
  private connect(): Promise<{ OpenAI: typeof OpenAI; client: OpenAI }> {
    this.sdk ??= import('openai').then(({ default: OpenAI }) => ({
      OpenAI,
      client: new OpenAI({ apiKey: this.config.apiKey ?? 'not-needed', baseURL: this.config.baseURL, timeout: this.config.timeoutMs, maxRetries: 0 }),
    }));
    return this.sdk;
  }

  private async complete(messages: Message[], usage: Usage): Promise<OpenAI.Chat.Completions.ChatCompletion | null> {
    const { model } = this.config;
    const { OpenAI, client } = await this.connect();
    for (let attempt = 1; ; attempt++) {
      const mode = this.mode;
      try {
        const res = await this.queue.add(() =>
          client.chat.completions.create({
            model,
            messages,
            temperature: 0,
            response_format: mode === 'json_schema' ? { type: 'json_schema', json_schema: { name: 'sister_city_facts', strict: true, schema: answerJsonSchema() } } : { type: 'json_object' },
          }),
        );
        usage.requests++;
        usage.promptTokens += res!.usage?.prompt_tokens ?? 0;
        usage.completionTokens += res!.usage?.completion_tokens ?? 0;
        return res!;
      } catch (err) {
        usage.requests++;
        const where = this.config.baseURL ?? 'the default OpenAI endpoint';
        if (err instanceof OpenAI.AuthenticationError || err instanceof OpenAI.PermissionDeniedError) {
          throw new LlmFatalError(`${where} refused the API key (HTTP ${err.status}); set --llm-api-key or YOUCHENG_LLM_API_KEY`);
        }
        if (err instanceof OpenAI.NotFoundError) throw new LlmFatalError(`${where} has no model "${model}" (HTTP 404); check --llm-model and --llm-base-url`);
        if (err instanceof OpenAI.BadRequestError && mode === 'json_schema' && /response_format|json_schema|structured|schema/i.test(err.message)) {
          this.mode = 'json_object';
          return null;
        }
        const status = err instanceof OpenAI.APIError ? err.status : undefined;
        const transient = err instanceof OpenAI.APIConnectionError || status === 408 || status === 409 || status === 429 || (status !== undefined && status >= 500);
        if (!transient || attempt > this.config.retries) {
          const what = err instanceof OpenAI.APIConnectionTimeoutError ? `no answer within ${this.config.timeoutMs} ms` : (err as Error).message;
          throw new LlmError(`LLM request failed${attempt > 1 ? ` after ${attempt} attempts` : ''}: ${what}`);
        }
        const retryAfter = retryAfterMs(err instanceof OpenAI.APIError ? err.headers?.get?.('retry-after') : null);
        await sleep(retryDelay(attempt, this.config, retryAfter));
      }
    }
  }

  cost(usage: Usage): number | null {
    const { priceIn, priceOut } = this.config;
    if (priceIn === undefined && priceOut === undefined) return null;
    return (usage.promptTokens * (priceIn ?? 0) + usage.completionTokens * (priceOut ?? 0)) / 1e6;
  }
}

/** Some servers wrap JSON in a Markdown fence even when asked not to. */
function stripFence(s: string): string {
  return s.trim().replace(/^```(?:json)?\s*\n?([\s\S]*?)\n?```$/, '$1');
}
