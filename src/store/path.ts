/** Where the store is when no path is given; apart from db.ts, so that option help need not load SQLite. */

/** The store file when no path is given: `$YOUCHENG_DB`, else ./youcheng.db. */
export const DEFAULT_STORE = './youcheng.db';

/** `path`, else `$YOUCHENG_DB` of `env`, else DEFAULT_STORE. */
export function storePath(path?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path ?? env.YOUCHENG_DB ?? DEFAULT_STORE;
}
