/**
 * Prepares items several at a time but commits them one by one in their order: at most
 * `window` preparations run at once, and the next starts as soon as the oldest is committed,
 * so slow steps (fetches, LLM requests) overlap while the store sees a fixed order. Once `stop`
 * is aborted nothing more is committed, and the preparations under way are left behind.
 */
export async function inOrder<T, P>(
  items: T[],
  window: number,
  prepareItem: (item: T) => Promise<P>,
  commit: (item: T, prepared: { value: P } | { error: unknown }) => void,
  stop?: AbortSignal,
): Promise<void> {
  const stopped = new Promise<'stopped'>((resolve) => {
    if (stop?.aborted) resolve('stopped');
    stop?.addEventListener('abort', () => resolve('stopped'), { once: true });
  });
  const pending: Array<Promise<{ value: P } | { error: unknown }>> = [];
  // Both loops keep i < items.length.
  const start = (i: number) => {
    pending[i] = prepareItem(items[i]!).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
  };
  for (let i = 0; i < Math.min(window, items.length); i++) start(i);
  for (let i = 0; i < items.length; i++) {
    const result = await Promise.race([pending[i]!, stopped]); // started above: i < window, or while committing i - window
    if (result === 'stopped') return;
    delete pending[i];
    if (i + window < items.length) start(i + window);
    commit(items[i]!, result);
  }
}
