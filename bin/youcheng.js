#!/usr/bin/env node
// Runs the bundled command line in dist/bundle/ (built by `npm run build`, and by `npm install` in a checkout).
import { existsSync } from 'node:fs';

const main = new URL('../dist/bundle/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error(`error: ${main.pathname} is missing: run \`npm run build\` in ${new URL('..', import.meta.url).pathname}`);
  process.exit(1);
}
await import(main.href);
