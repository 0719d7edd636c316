/**
 * Search-as-you-type for the till: the newest text only, one request at a time, no waiting period.
 *
 * A debounce (150 ms, before) made every search wait for the cashier to stop typing, so results could never
 * be painted sooner than the debounce after the last key. A local search answers in a few milliseconds, so
 * instead the first key searches at once, and text typed while that request is out is searched when it
 * returns — only the newest text, the ones in between are skipped. The server sees at most one request per
 * till at a time, and an answer is shown only if its text is still the newest.
 */
export interface LatestSearch {
  /** Search `text` now, or as soon as the request in flight returns (replacing any text already waiting). */
  search(text: string): void;
  /** Nothing more to show: forget waiting text and ignore the answer in flight (the field was cleared). */
  cancel(): void;
}

export function latestSearch<T>(
  run: (text: string) => Promise<T>,
  show: (text: string, answer: T) => void,
  fail: (text: string, error: unknown) => void,
): LatestSearch {
  let inFlight = false;
  let waiting: string | null = null;
  // Bumped by cancel and by each newer text: an answer whose generation is not the latest is dropped.
  let generation = 0;

  const start = (text: string) => {
    inFlight = true;
    const mine = generation;
    const settle = (deliver: () => void) => {
      inFlight = false;
      if (waiting !== null) {
        const next = waiting;
        waiting = null;
        start(next);
      } else if (mine === generation) deliver();
    };
    run(text).then(
      (answer) => settle(() => show(text, answer)),
      (error: unknown) => settle(() => fail(text, error)),
    );
  };

  return {
    search(text) {
      generation++;
      if (inFlight) waiting = text;
      else start(text);
    },
    cancel() {
      generation++;
      waiting = null;
    },
  };
}

/** What Enter in the till's input does with the text typed and the list on screen. */
export type EnterAction = "pick" | "code" | "search" | "nothing";

/**
 * The list on screen may answer an older text: a scanner types a loyalty card's "MOST-000123" faster than
 * the search of "MO" comes back, so picking from that list would sell whatever "MO" found. Enter picks only
 * from a list that answers exactly the text typed; a barcode (or any code too short to search) is a code;
 * anything else waits for its own search (`search`), then picks its first product or, finding none, is a
 * code when it has no spaces (a card or QR).
 */
export function enterAction(code: string, listFor: string | null, listLength: number): EnterAction {
  if (code === "") return "nothing";
  if (listLength > 0 && listFor === code) return "pick";
  if (/^\d+$/.test(code) || code.length < 2) return /\s/.test(code) ? "nothing" : "code";
  if (listFor === code) return /\s/.test(code) ? "nothing" : "code";
  return "search";
}
