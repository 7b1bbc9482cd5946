/** Standard output that a reader may stop reading (`youcheng facts | head -1`). */

/** When the reader has gone, stop quietly as Unix tools do, instead of with an EPIPE stack trace. */
export function stopQuietlyWhenStdoutCloses(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') process.exit(0);
    throw err;
  });
}
