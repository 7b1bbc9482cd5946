import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { youcheng } from '../support/cli.ts';
import { NOTHING, startLlmServer, type ChatRequest, type LlmServer, type Reply } from '../support/llm-server.ts';

let server: LlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** An event the rules do not read (no event word ends its name), which a model does, quoted verbatim. */
const TEXT = '德阳新闻\n\n5月8日，德阳市与友城法国蒙彼利埃市的青年交流之旅启程。德阳已与12个国家的城市建立友好关系。';
const EVENT_QUOTE = '德阳市与友城法国蒙彼利埃市的青年交流之旅启程';

function model(r: ChatRequest): Reply {
  if (!r.article.includes(EVENT_QUOTE)) return { answer: NOTHING };
  const participants = { countries: null, delegations: null, cities: null, guests: null, companies: null };
  return { answer: { ...NOTHING, events: [{ name: '德阳青年交流之旅', kind: '交流', start: null, end: null, place: '德阳', participants, quote: EVENT_QUOTE }] } };
}

function goldSet(): string {
  const dir = mkdtempSync(join(tmpdir(), 'youcheng-eval-llm-'));
  writeFileSync(join(dir, 'a.txt'), TEXT);
  const gold = {
    docs: {
      'a.txt': {
        published: '2025-05-09',
        facts: [
          { type: 'count', value: 12, approx: 'exact', unit: '个', of: '国家', near: ['12个国家'] },
          { type: 'event', name: '德阳青年交流之旅', kind: '交流', near: [EVENT_QUOTE] },
        ],
      },
    },
  };
  writeFileSync(join(dir, 'gold.json'), JSON.stringify(gold));
  return join(dir, 'gold.json');
}

describe('youcheng eval with the LLM options', () => {
  it('scores rules alone and rules + LLM side by side, with the tokens the model used', async () => {
    server = await startLlmServer({ script: model });
    const gold = goldSet();
    const llmArgs = ['--llm-model', 'test-model', '--llm-base-url', server.url, '--llm-api-key', 'test-key'];
    const json = await youcheng(['eval', '--json', '--gold', gold, ...llmArgs]);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.stdout);
    expect(r.types.event).toMatchObject({ gold: 1, matched: 0 });
    expect(r.llm.types.event).toMatchObject({ gold: 1, matched: 1, f1: 1 });
    expect(r.llm.types.count).toMatchObject({ gold: 1, matched: 1 });
    expect(r.llm).toMatchObject({ model: 'test-model', invalidEvidence: 0, failures: [] });
    expect(r.llm.usage.requests).toBe(server.requests.length);
    expect(r.llm.usage.requests).toBeGreaterThan(0);
    expect(r.llm.usage.promptTokens).toBeGreaterThan(0);
    expect(r.llm.misses).toBeUndefined();

    const text = await youcheng(['eval', '--gold', gold, ...llmArgs, '--llm-price-in', '1', '--llm-price-out', '2']);
    expect(text.stdout).toMatch(/^rules alone and rules \+ LLM:$/m);
    expect(text.stdout).toMatch(/^event\s+1\s+0\.0\s+0\.0\s+0\.0\s+100\.0\s+100\.0\s+100\.0\s+\+100\.0$/m);
    expect(text.stdout).toMatch(/^LLM test-model: \d+ requests, \d+ prompt \+ \d+ completion tokens, cost \$\d+\.\d{4}$/m);
  });

  it('scores the rules alone when no model is set, and stops at once on a model that refuses the key', async () => {
    const gold = goldSet();
    const plain = JSON.parse((await youcheng(['eval', '--json', '--gold', gold], { env: { YOUCHENG_LLM_MODEL: '' } })).stdout);
    expect(plain.llm).toBeUndefined();
    expect(plain.types.count.matched).toBe(1);

    server = await startLlmServer({ script: model });
    const refused = await youcheng(['eval', '--gold', gold, '--llm-model', 'test-model', '--llm-base-url', server.url, '--llm-api-key', 'wrong'], { env: { OPENAI_API_KEY: '' } });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/refused the API key/);
  });
});
