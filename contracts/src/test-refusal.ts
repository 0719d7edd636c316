import { Refusal } from "./refusal.js";

/** The refusal `fn` throws, for asserting on its kind, code and message; fails the test if it throws none. */
export function refusal(fn: () => unknown): Refusal {
  try {
    fn();
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}
