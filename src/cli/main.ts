/** The `youcheng` executable: runs the command line on this process's arguments and streams. */
import { run } from './run.ts';
import { stopQuietlyWhenStdoutCloses } from './stdout.ts';

stopQuietlyWhenStdoutCloses();
process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
