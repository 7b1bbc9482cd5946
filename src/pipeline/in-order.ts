/**
 * Prepares items several at a time but commits them one by one in their order: at most
 * `window` preparations run at once, and the next starts as soon as the oldest is committed,
 * so slow steps (fetches, LLM requests) overlap while the store sees a fixed order.
 */
export async function inOrder<T, P>(items: T[], window: number, prepareItem: (item: T) => Promise<P>, commit: (item: T, prepared: { value: P } | { error: unknown }) => void): Promise<void> {
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
    const result = (await pending[i])!; // started above: i < window, or while committing i - window
    delete pending[i];
    if (i + window < items.length) start(i + window);
    commit(items[i]!, result);
  }
}
