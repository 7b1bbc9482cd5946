/**
 * Runs the `youcheng` command line: `youcheng()` in this process through run(), as the tests of
 * commands do; `youchengProcess()` in a process of its own, for what only a process shows (exit on
 * a closed pipe, a signal, another user's permissions, several processes on one store).
 */
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { promisify } from 'node:util';
import { run } from '../../src/cli/run.ts';

export const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin/youcheng.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written to it as text (bytes piped from a child may split a character). */
class Collected extends Writable {
  text = '';
  private readonly decoder = new StringDecoder('utf8');
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    done();
  }
}

/** Runs a command in this process (from the repository's root, as a user there would); `tty`: its streams claim to be a terminal. */
export async function youcheng(args: string[], opts: { env?: Record<string, string>; tty?: boolean } = {}): Promise<CliResult> {
  const stdout = Object.assign(new Collected({ decodeStrings: false }), { isTTY: opts.tty });
  const stderr = Object.assign(new Collected({ decodeStrings: false }), { isTTY: opts.tty });
  const code = await run(args, { stdout, stderr, env: { ...process.env, ...opts.env } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** `uid`/`gid`: run as another user (a root test run needs that to meet a permission it cannot override). */
export async function youchengProcess(args: string[], opts: { env?: Record<string, string>; uid?: number; gid?: number } = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [bin, ...args], { cwd: root, env: { ...process.env, ...opts.env }, uid: opts.uid, gid: opts.gid, maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/**
 * Root reads and writes any file whatever its mode, so a test of permissions run as root runs the
 * CLI as `nobody` (uid 65534). A checkout `nobody` cannot read (under /root, say) cannot show them.
 */
export const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
export const nobodyCanRun = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(bin)}, 4)`], asNobody).status === 0;
if (!nobodyCanRun) console.warn(`permission tests not run: ${root} is not readable by uid 65534`);
