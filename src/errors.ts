import { ZodError } from 'zod';

/** The errors a user can act on. Every message names the input and what is wrong with it. */
export class YouchengError extends Error {
  override name = 'YouchengError';
}

/** An input file or text that cannot be read or decoded. */
export class InputError extends YouchengError {
  override name = 'InputError';
  constructor(
    readonly input: string,
    problem: string,
  ) {
    super(`${input}: ${problem}`);
  }
}

/** A command-line option or argument with a bad value. */
export class UsageError extends YouchengError {
  override name = 'UsageError';
}

/** The database cannot be opened or is not a youcheng store. */
export class StoreError extends YouchengError {
  override name = 'StoreError';
}

/** Another process held the store's write lock for longer than a write waits (and retries). */
export class StoreBusyError extends StoreError {
  override name = 'StoreBusyError';
}

/** The store's disk is full: a run stops at the first write that does not fit, keeping what is stored. */
export class StoreFullError extends StoreError {
  override name = 'StoreFullError';
}

/** The store's path no longer names the file this process opened (deleted or replaced meanwhile): nothing more is written. */
export class StoreReplacedError extends StoreError {
  override name = 'StoreReplacedError';
}

/** A record that does not satisfy the record contract (a bug or a bad edit, never silently stored). */
export class RecordError extends YouchengError {
  override name = 'RecordError';
}

/** Evidence added by hand that does not state its fact: refused unless forced (`--force`, a confirm on the page). */
export class UnsupportedEvidenceError extends RecordError {
  override name = 'UnsupportedEvidenceError';
}

/** A zod error as one line a user (or a model) can act on: `path: problem; path: problem`. */
export function zodProblems(error: ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`.replace(/\s+/g, ' ')).join('; ');
}

/** Whatever was thrown, as one line: its kind and message. */
export function errorLine(err: unknown): string {
  if (err instanceof ZodError) return `a value breaks the record contract: ${zodProblems(err)}`;
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return message.replace(/\s+/g, ' ').trim();
}
