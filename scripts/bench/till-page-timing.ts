/**
 * The in-page half of the till's browser benchmark: the browser's own clock (performance.now and marks) from a
 * key's keydown to the first frame painted after the page shows what that key asked for.
 *
 * Kept as plain JavaScript source (not a function handed to page.evaluate): tsx compiles functions with name
 * helpers that do not exist in the page.
 *
 * `arm(startKey, want)` waits for the next keydown of `startKey` (capture phase, before the app sees it) and
 * marks it; then, once `want` holds in the DOM (checked after every mutation), it waits for the next animation
 * frame and a message posted from it — which runs after that frame is painted — and measures from the mark.
 * The result is awaited with `page.evaluate("window.__tillBench")`.
 */
export type PageCondition =
  /** The key's character is in the scan field and React has rendered it (the input event was handled). */
  | { kind: "echo" }
  /** The ticket has this many lines. */
  | { kind: "lines"; count: number }
  /** The search list shows exactly these product names, in order (none: the "no results" line). */
  | { kind: "search"; names: string[] };

export const ARM_SCRIPT = `(({ startKey, want }) => {
  const lineCount = () => document.querySelectorAll('[data-testid="cart-line"]').length;
  const searchShows = (names) => {
    const list = document.querySelector('[data-testid="search-results"]');
    if (!list) return false;
    const shown = [...list.querySelectorAll('[data-testid="search-result"] > span:first-child')].map((s) => s.textContent);
    return shown.length === names.length && shown.every((name, i) => name === names[i]);
  };
  window.__tillBench = new Promise((resolve, reject) => {
    let t0 = -1;
    let observer = null;
    let inputSeen = false;
    const holds = () => {
      if (want.kind === "echo") return inputSeen;
      if (want.kind === "lines") return lineCount() === want.count;
      return searchShows(want.names);
    };
    const afterPaint = () => {
      observer?.disconnect();
      window.removeEventListener("input", onInput);
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          performance.mark("till-bench-painted");
          resolve(performance.measure("till-bench", "till-bench-key", "till-bench-painted").duration);
        };
        channel.port2.postMessage(0);
      });
    };
    const check = () => {
      if (t0 < 0 || !holds()) return;
      performance.mark("till-bench-shown");
      afterPaint();
    };
    const onInput = () => {
      inputSeen = true;
      check();
    };
    const onKey = (e) => {
      if (e.key !== startKey) return;
      window.removeEventListener("keydown", onKey, true);
      performance.clearMarks();
      performance.clearMeasures();
      performance.mark("till-bench-key");
      t0 = performance.now();
      observer = new MutationObserver(check);
      observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      // What the key asked for may already be on screen (a query whose results did not change): then the
      // figure is the next frame. Checked after the app's own handlers of this keydown have run.
      setTimeout(check, 0);
    };
    window.addEventListener("keydown", onKey, true);
    // Bubble phase on window: after React (listening on its root) has handled the change.
    window.addEventListener("input", onInput);
    setTimeout(() => reject(new Error("the till did not paint within 10 s: " + JSON.stringify(want))), 10000);
  });
})`;
