/** Runs the real `youcheng` command line in a process of its own, as a user would. */
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin/youcheng.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `uid`/`gid`: run as another user (a root test run needs that to meet a permission it cannot override). */
export async function youcheng(args: string[], opts: { env?: Record<string, string>; uid?: number; gid?: number } = {}): Promise<CliResult> {
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
