// The shapes of a rule are the HTTP contract's (contracts/src/http/rules.ts), shared by the API, the store
// (JSON columns) and the till's rule editor.

/** What a rule remembers between evaluations (persisted in rule_state). Times are epoch ms. */
export interface RuleState {
  active: boolean;
  /** The condition has been true since (for "for at least N seconds"). */
  pendingSince: number | null;
  /** Rate-of-change baseline. */
  baseValue: number | null;
  baseAt: number | null;
  /** The device went offline at (from its last-seen time, not from a restart). */
  offlineSince: number | null;
  lastValue: number | null;
}

export const EMPTY_STATE: RuleState = {
  active: false,
  pendingSince: null,
  baseValue: null,
  baseAt: null,
  offlineSince: null,
  lastValue: null,
};
