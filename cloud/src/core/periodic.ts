/**
 * A job run every `ms` (first run at once), one run at a time; a failing run is logged and the next
 * one still comes. stop() waits for a run in progress.
 */
export function runEvery(
  ms: number,
  job: () => Promise<void>,
  onError: (err: unknown) => void,
): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    running = job()
      .catch(onError)
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, ms);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
