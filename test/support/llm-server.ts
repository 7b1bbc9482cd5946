/**
 * An OpenAI-compatible chat-completions server on 127.0.0.1: the only stand-in the tests use, for
 * the remote LLM service. It checks each request as a real server would (API key, model,
 * messages, response_format with its schema) and answers from a script, including a real
 * server's failures. It counts requests and requests in flight.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Reply = { answer: unknown } | { content: string } | { status: number; message?: string; headers?: Record<string, string> } | { hang: true } | { truncated: true };

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
  /** The article between <<< and >>> in the last user message that carries one. */
  article: string;
  /** How many requests came before this one. */
  n: number;
}

export interface LlmServerOptions {
  model?: string;
  apiKey?: string;
  delayMs?: number;
  /** A server without structured output refuses json_schema. */
  jsonSchema?: boolean;
  script: (req: ChatRequest) => Reply;
}

export interface LlmServer {
  url: string;
  requests: ChatRequest[];
  maxInFlight: () => number;
  close: () => Promise<void>;
}

function article(messages: ChatRequest['messages']): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = /<<<\n([\s\S]*?)\n>>>/.exec(messages[i]!.content); // 0 <= i < length
    if (m) return m[1]!;
  }
  return '';
}

export async function startLlmServer(opts: LlmServerOptions): Promise<LlmServer> {
  const model = opts.model ?? 'test-model';
  const apiKey = opts.apiKey ?? 'test-key';
  const requests: ChatRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const hanging = new Set<ServerResponse>();

  const error = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ error: { message, type: 'invalid_request_error', code: status } }));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: string) => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return error(res, 404, `no route ${req.method} ${req.url}`);
    if (req.headers.authorization !== `Bearer ${apiKey}`) return error(res, 401, 'Incorrect API key provided');
    let parsed: Omit<ChatRequest, 'article' | 'n'>;
    try {
      parsed = JSON.parse(body);
    } catch {
      return error(res, 400, 'request body is not JSON');
    }
    if (parsed.model !== model) return error(res, 404, `The model \`${parsed.model}\` does not exist`);
    if (!Array.isArray(parsed.messages) || !parsed.messages.length || !parsed.messages.every((m) => ['system', 'user', 'assistant'].includes(m.role) && typeof m.content === 'string')) {
      return error(res, 400, 'messages must be a non-empty array of {role, content}');
    }
    const rf = parsed.response_format;
    if (rf?.type === 'json_schema') {
      if (opts.jsonSchema === false) return error(res, 400, "response_format 'json_schema' is not supported by this server");
      const s = rf.json_schema?.schema as { type?: string; properties?: Record<string, unknown>; required?: string[]; additionalProperties?: boolean } | undefined;
      if (!rf.json_schema?.name || !s || s.type !== 'object' || !s.properties || s.additionalProperties !== false || !rf.json_schema.strict) {
        return error(res, 400, 'response_format.json_schema must be a strict object schema with a name');
      }
      for (const key of Object.keys(s.properties)) if (!s.required?.includes(key)) return error(res, 400, `strict schema: property ${key} must be required`);
    } else if (rf?.type !== 'json_object') {
      return error(res, 400, 'response_format must be json_schema or json_object');
    } else if (!parsed.messages.some((m) => m.content.includes('JSON Schema'))) {
      return error(res, 400, 'json_object mode needs the word JSON and the schema in the messages');
    }
    const request: ChatRequest = { ...parsed, article: article(parsed.messages), n: requests.length };
    requests.push(request);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      const reply = opts.script(request);
      if ('hang' in reply) {
        hanging.add(res);
        await new Promise((r) => res.on('close', r));
        return;
      }
      if ('status' in reply) return error(res, reply.status, reply.message ?? `HTTP ${reply.status}`, reply.headers);
      const content = 'answer' in reply ? JSON.stringify(reply.answer) : 'content' in reply ? reply.content : '{"agreements": [';
      const promptTokens = parsed.messages.reduce((n, m) => n + m.content.length, 0);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'truncated' in reply ? 'length' : 'stop' }],
          usage: { prompt_tokens: promptTokens, completion_tokens: content.length, total_tokens: promptTokens + content.length },
        }),
      );
    } finally {
      inFlight--;
    }
  };

  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      handle(req, res, body).catch((err) => error(res, 500, String(err)));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    maxInFlight: () => maxInFlight,
    close: async () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** An empty answer: no agreements, events or pairs. */
export const NOTHING = { agreements: [], events: [], city_pairs: [] };
