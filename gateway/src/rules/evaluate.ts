import type { Condition, Rule } from "@mostrador/contracts/http/rules";
import type { RuleState } from "./rule-types.js";
import { inSchedule } from "./schedule.js";

/** What drives a rule: a reading of its device, the device going on/offline, or the timer tick. */
export type RuleEvent =
  | { type: "reading"; key: string; value: number; at: number }
  | { type: "online"; at: number }
  | { type: "offline"; at: number }
  | { type: "tick"; at: number };

export interface Evaluation {
  state: RuleState;
  /** "raise": run the rule's actions; "clear": clear its alarm and run its clear actions. */
  transition: "raise" | "clear" | null;
  /** The value that caused the transition, when there is one. */
  value: number | null;
}

type ThresholdCondition = Extract<Condition, { kind: "above" | "below" | "outside" }>;

function violates(c: ThresholdCondition, v: number): boolean {
  if (c.kind === "above") return v > c.threshold;
  if (c.kind === "below") return v < c.threshold;
  return v < c.min || v > c.max;
}

/** Hysteresis: an active rule clears only past its clear threshold, so a value wobbling 4.9–5.1 never flaps. */
function clears(c: ThresholdCondition, v: number): boolean {
  if (c.kind === "above") return c.clearBelow !== undefined ? v < c.clearBelow : v <= c.threshold;
  if (c.kind === "below") return c.clearAbove !== undefined ? v > c.clearAbove : v >= c.threshold;
  const m = c.clearMargin ?? 0;
  return v >= c.min + m && v <= c.max - m;
}

const none = (state: RuleState): Evaluation => ({ state, transition: null, value: null });

/**
 * Whether the rule's schedule lets it raise at `at`. A module-level function, not a closure built inside
 * evaluate(): evaluate runs once per reading, and under tsx/esbuild keepNames every inner function costs
 * an allocation plus a __name() defineProperty call per evaluation.
 */
const mayRaise = (rule: Rule, at: number, timeZone: string) => inSchedule(rule.schedule, at, timeZone);

/** The state with `lastValue` set, or the same object when it already holds that value (no write needed). */
const withLastValue = (state: RuleState, value: number): RuleState =>
  state.lastValue === value ? state : { ...state, lastValue: value };

/**
 * Pure rule evaluation: (rule, state, event) → (new state, transition). No I/O and no clock: time comes
 * from the event, so a restart that reloads the persisted state resumes "for 10 minutes" where it was.
 * When nothing changed it hands back the very `state` it was given, so the engine (which compares by
 * identity) neither copies nor marks the rule for persistence: the common reading costs no state object.
 */
export function evaluate(rule: Rule, state: RuleState, event: RuleEvent, timeZone: string): Evaluation {
  const c = rule.condition;

  if (c.kind === "offline") {
    if (event.type === "offline") {
      if (state.offlineSince !== null) return none(state);
      return none({ ...state, offlineSince: event.at });
    }
    if (event.type === "online" || event.type === "reading") {
      if (state.active)
        return { state: { ...state, offlineSince: null, active: false }, transition: "clear", value: null };
      // Every reading of an online device lands here: nothing to forget, so nothing to write.
      return state.offlineSince === null ? none(state) : none({ ...state, offlineSince: null });
    }
    if (event.type === "tick" && !state.active && state.offlineSince !== null) {
      if (event.at - state.offlineSince >= c.forSeconds * 1000 && mayRaise(rule, event.at, timeZone)) {
        return { state: { ...state, active: true }, transition: "raise", value: null };
      }
    }
    return none(state);
  }

  if (c.kind === "rate") {
    if (event.type !== "reading" || event.key !== c.key) return none(state);
    const { value, at } = event;
    if (state.baseAt === null || state.baseValue === null || at < state.baseAt) {
      return none({ ...state, baseValue: value, baseAt: at, lastValue: value });
    }
    const dt = at - state.baseAt;
    if (dt < (c.windowSeconds ?? 60) * 1000) return none(withLastValue(state, value));
    const perMinute = (value - state.baseValue) / (dt / 60_000);
    const fast = c.perMinute >= 0 ? perMinute > c.perMinute : perMinute < c.perMinute;
    const next = { ...state, baseValue: value, baseAt: at, lastValue: value };
    if (fast && !state.active && mayRaise(rule, at, timeZone))
      return { state: { ...next, active: true }, transition: "raise", value };
    if (!fast && state.active) return { state: { ...next, active: false }, transition: "clear", value };
    return none(next);
  }

  const forMs = (c.forSeconds ?? 0) * 1000;
  if (event.type === "tick") {
    if (
      !state.active &&
      state.pendingSince !== null &&
      event.at - state.pendingSince >= forMs &&
      mayRaise(rule, event.at, timeZone)
    ) {
      return { state: { ...state, active: true }, transition: "raise", value: state.lastValue };
    }
    return none(state);
  }
  if (event.type !== "reading" || event.key !== c.key) return none(state);
  const { value, at } = event;
  if (state.active) {
    if (clears(c, value))
      return {
        state: { ...state, active: false, pendingSince: null, lastValue: value },
        transition: "clear",
        value,
      };
    return none(withLastValue(state, value));
  }
  if (!violates(c, value)) {
    // The common reading: an idle rule, value in range. lastValue is read only while a violation is
    // pending (the tick reports it when raising) and the next violating reading sets it, so an idle
    // rule keeps its state object as is: no copy, no dirty mark, no rule_state write on the next flush.
    if (state.pendingSince === null) return none(state);
    return none({ ...state, pendingSince: null, lastValue: value });
  }
  const pendingSince = state.pendingSince ?? at;
  const next =
    pendingSince === state.pendingSince
      ? withLastValue(state, value)
      : { ...state, pendingSince, lastValue: value };
  if (at - pendingSince >= forMs && mayRaise(rule, at, timeZone))
    return { state: { ...next, active: true }, transition: "raise", value };
  return none(next);
}
