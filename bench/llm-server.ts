/** The test suite's OpenAI-compatible server, run in its own process for the LLM benchmark. */
import { NOTHING, startLlmServer } from '../test/support/llm-server.ts';

const delayMs = Number(process.argv[2] ?? 200);
const server = await startLlmServer({ delayMs, script: () => ({ answer: NOTHING }) });
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
