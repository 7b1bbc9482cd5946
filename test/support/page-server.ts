/** A store served by the review server with headless Chromium beside it, as the page tests use them; `close` ends all three. */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { startReviewServer, type ReviewServer } from '../../src/review/review-server.ts';
import type { Store } from '../../src/store/db.ts';
import { launchChromium } from './browser.ts';

/** Where the page tests keep their screenshots (gitignored). */
export const artifacts = new URL('../artifacts/', import.meta.url).pathname;

export interface PageServer {
  server: ReviewServer;
  browser: Browser;
  close: () => Promise<void>;
}

export async function servePages(db: Store): Promise<PageServer> {
  const server = await startReviewServer({ db, port: 0 });
  const browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
  return {
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      db.close();
    },
  };
}
