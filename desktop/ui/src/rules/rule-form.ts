import { binaryStatesOf } from "@mostrador/contracts/mqtt/sensor-kinds";
import type { Action, Condition, Rule, RuleInput, Schedule, Severity } from "@mostrador/contracts/http/rules";
import type { Device } from "@mostrador/contracts/http/devices";
import type { Locale } from "@mostrador/contracts/format";
import { measureText, parseMeasure } from "../sensors/measure.js";

/**
 * The rule editor's form as typed (strings, minutes) ↔ the API's RuleInput (numbers, seconds). The person
 * thinks in minutes and in the sensor's unit (°C, %); the server counts seconds (contracts/src/http/rules.ts).
 */

export type ConditionKind = Condition["kind"];
export const CONDITION_KINDS: ConditionKind[] = ["above", "below", "outside", "offline", "rate"];

export type ActionForm =
  | { kind: "alarm"; severity: Severity; message: string }
  | { kind: "relay"; relayKey: string; state: "ON" | "OFF"; minutes: string }
  | { kind: "notify"; message: string }
  | { kind: "log"; message: string };

export interface RuleForm {
  name: string;
  enabled: boolean;
  deviceId: string;
  sensorKey: string;
  condition: ConditionKind;
  /** above/below: the threshold; outside: the lower limit; rate: units per minute (negative = falling). */
  threshold: string;
  /** outside: the upper limit. */
  thresholdHigh: string;
  /** Hysteresis: above → clears below this; below → clears above this; outside → margin back inside. Optional. */
  clearAt: string;
  /** "For at least N minutes" (above/below/outside/offline); rate: the measuring window. */
  minutes: string;
  scheduleOn: boolean;
  days: number[];
  from: string;
  to: string;
  actions: ActionForm[];
}

export type RuleProblem =
  | "name"
  | "device"
  | "sensor"
  | "threshold"
  | "thresholdHigh"
  | "range_order"
  | "clearAt"
  | "clear_side"
  | "minutes"
  | "offline_minutes"
  | "rate_zero"
  | "window"
  | "days"
  | "time"
  | "no_actions"
  | "too_many_actions"
  | "relay"
  | "relay_minutes"
  | "relay_over_failsafe"
  | "message";

export const RULE_NAME_MAX = 80;
export const MESSAGE_MAX = 200;
export const MAX_ACTIONS = 8;
/** "For at least": up to a week (the server's ForSeconds bound). */
export const MAX_FOR_MINUTES = 7 * 24 * 60;
/** Rate-of-change window: 1 s to 1 h on the server; the form offers whole minutes 1–60. */
export const MAX_WINDOW_MINUTES = 60;
export const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
const HHMM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

export function emptyRuleForm(deviceId = "", sensorKey = ""): RuleForm {
  return {
    name: "",
    enabled: true,
    deviceId,
    sensorKey,
    condition: "above",
    threshold: "",
    thresholdHigh: "",
    clearAt: "",
    minutes: "0",
    scheduleOn: false,
    days: [...EVERY_DAY],
    from: "08:00",
    to: "20:00",
    actions: [{ kind: "alarm", severity: 2, message: "" }],
  };
}

type Result<T> = { value: T } | { problem: RuleProblem };

/** Minutes as typed ("10", "1,5") → whole seconds; null when not a number in [min, max] minutes. */
export function minutesToSeconds(text: string, minMinutes: number, maxMinutes: number): number | null {
  const parsed = parseMeasure(text);
  if (!("value" in parsed)) return null;
  const seconds = Math.round(parsed.value * 60);
  if (seconds < Math.round(minMinutes * 60) || seconds > maxMinutes * 60) return null;
  return seconds;
}

/** Seconds → minutes for the form ("1,5" for 90 s in es-AR). */
export function secondsToMinutes(seconds: number | undefined, locale: Locale): string {
  return measureText((seconds ?? 0) / 60, locale);
}

function measure(text: string, unit: string, problem: RuleProblem): Result<number> {
  const parsed = parseMeasure(text, unit);
  return "value" in parsed ? { value: parsed.value } : { problem };
}

function optionalMeasure(text: string, unit: string): Result<number | undefined> {
  if (text.trim() === "") return { value: undefined };
  return measure(text, unit, "clearAt");
}

/** A two-state sensor (a door: 1 open, 0 closed) is asked about by its state, halfway between them. */
export const BINARY_THRESHOLD = 0.5;

/** Whether this condition kind on this sensor is a question of state (open / closed), not of a threshold. */
export function isStateCondition(kind: ConditionKind, sensorKind: string | undefined): boolean {
  return (kind === "above" || kind === "below") && !!sensorKind && binaryStatesOf(sensorKind) !== null;
}

function toCondition(form: RuleForm, unit: string, sensorKind?: string): Result<Condition> {
  if (form.condition === "offline") {
    const forSeconds = minutesToSeconds(form.minutes, 1 / 60, MAX_FOR_MINUTES);
    return forSeconds === null || forSeconds < 1
      ? { problem: "offline_minutes" }
      : { value: { kind: "offline", forSeconds } };
  }
  const key = form.sensorKey;
  if (form.condition === "rate") {
    const perMinute = measure(form.threshold, `${unit}/min`, "threshold");
    if ("problem" in perMinute) return perMinute;
    if (perMinute.value === 0) return { problem: "rate_zero" };
    const windowSeconds = minutesToSeconds(form.minutes || "1", 1, MAX_WINDOW_MINUTES);
    if (windowSeconds === null) return { problem: "window" };
    return { value: { kind: "rate", key, perMinute: perMinute.value, windowSeconds } };
  }
  const forSeconds = minutesToSeconds(form.minutes || "0", 0, MAX_FOR_MINUTES);
  if (forSeconds === null) return { problem: "minutes" };
  // "Puerta abierta" / "Puerta cerrada": no threshold nor hysteresis to type for a door.
  if (isStateCondition(form.condition, sensorKind))
    return {
      value: { kind: form.condition as "above" | "below", key, threshold: BINARY_THRESHOLD, forSeconds },
    };
  const threshold = measure(form.threshold, unit, "threshold");
  if ("problem" in threshold) return threshold;
  const clear = optionalMeasure(form.clearAt, unit);
  if ("problem" in clear) return clear;
  if (form.condition === "above") {
    // Hysteresis only makes sense on the safe side: a fridge raised at 5 °C clears below 4 °C, not at 6 °C.
    if (clear.value !== undefined && clear.value >= threshold.value) return { problem: "clear_side" };
    return {
      value: {
        kind: "above",
        key,
        threshold: threshold.value,
        forSeconds,
        ...(clear.value !== undefined ? { clearBelow: clear.value } : {}),
      },
    };
  }
  if (form.condition === "below") {
    if (clear.value !== undefined && clear.value <= threshold.value) return { problem: "clear_side" };
    return {
      value: {
        kind: "below",
        key,
        threshold: threshold.value,
        forSeconds,
        ...(clear.value !== undefined ? { clearAbove: clear.value } : {}),
      },
    };
  }
  const high = measure(form.thresholdHigh, unit, "thresholdHigh");
  if ("problem" in high) return high;
  if (high.value <= threshold.value) return { problem: "range_order" };
  if (clear.value !== undefined && clear.value < 0) return { problem: "clearAt" };
  return {
    value: {
      kind: "outside",
      key,
      min: threshold.value,
      max: high.value,
      forSeconds,
      ...(clear.value !== undefined ? { clearMargin: clear.value } : {}),
    },
  };
}

function toAction(action: ActionForm, device: Device, fallbackMessage: string): Result<Action> {
  if (action.kind === "relay") {
    const relay = device.relays.find((r) => r.key === action.relayKey);
    if (!relay) return { problem: "relay" };
    if (action.state === "OFF" || action.minutes.trim() === "")
      return { value: { kind: "relay", relayKey: relay.key, state: action.state } };
    const seconds = minutesToSeconds(action.minutes, 1 / 60, 24 * 60);
    if (seconds === null || seconds < 1) return { problem: "relay_minutes" };
    if (seconds > relay.maxOnSeconds) return { problem: "relay_over_failsafe" };
    return { value: { kind: "relay", relayKey: relay.key, state: "ON", seconds } };
  }
  // An empty message takes the rule's name: that is what the person would have typed anyway.
  const message = action.message.trim() || fallbackMessage;
  if (message.length === 0 || message.length > MESSAGE_MAX) return { problem: "message" };
  if (action.kind === "alarm") return { value: { kind: "alarm", severity: action.severity, message } };
  return { value: { kind: action.kind, message } };
}

function toSchedule(form: RuleForm): Result<Schedule | null> {
  if (!form.scheduleOn) return { value: null };
  const days = [...new Set(form.days)].filter((d) => Number.isInteger(d) && d >= 0 && d <= 6).sort();
  if (days.length === 0) return { problem: "days" };
  if (!HHMM.test(form.from) || !HHMM.test(form.to) || form.from === form.to) return { problem: "time" };
  return { value: { days, from: form.from, to: form.to } };
}

/** Validates the form against the chosen device and builds the API body; the first problem found wins. */
export function formToRuleInput(
  form: RuleForm,
  devices: readonly Device[],
): { input: RuleInput } | { problem: RuleProblem } {
  const name = form.name.trim().replace(/\s+/g, " ");
  if (name.length === 0 || name.length > RULE_NAME_MAX) return { problem: "name" };
  const device = devices.find((d) => d.id === form.deviceId);
  if (!device) return { problem: "device" };
  const sensor = device.sensors.find((s) => s.key === form.sensorKey);
  if (form.condition !== "offline" && !sensor) return { problem: "sensor" };
  const condition = toCondition(form, sensor?.unit ?? "", sensor?.kind);
  if ("problem" in condition) return condition;
  if (form.actions.length === 0) return { problem: "no_actions" };
  if (form.actions.length > MAX_ACTIONS) return { problem: "too_many_actions" };
  const actions: Action[] = [];
  for (const a of form.actions) {
    const action = toAction(a, device, name);
    if ("problem" in action) return action;
    actions.push(action.value);
  }
  const schedule = toSchedule(form);
  if ("problem" in schedule) return schedule;
  return {
    input: {
      name,
      enabled: form.enabled,
      deviceId: device.id,
      condition: condition.value,
      actions,
      schedule: schedule.value,
    },
  };
}

/** A saved rule back into the form, for editing. */
export function ruleToForm(rule: Rule, locale: Locale): RuleForm {
  const c = rule.condition;
  const base = emptyRuleForm(rule.deviceId, "key" in c ? c.key : "");
  const num = (n: number | undefined) => measureText(n, locale);
  const form: RuleForm = {
    ...base,
    name: rule.name,
    enabled: rule.enabled,
    condition: c.kind,
    scheduleOn: rule.schedule !== null,
    days: rule.schedule ? [...rule.schedule.days] : base.days,
    from: rule.schedule?.from ?? base.from,
    to: rule.schedule?.to ?? base.to,
    actions: rule.actions.map((a): ActionForm =>
      a.kind === "relay"
        ? {
            kind: "relay",
            relayKey: a.relayKey,
            state: a.state,
            minutes: a.seconds ? secondsToMinutes(a.seconds, locale) : "",
          }
        : { ...a },
    ),
  };
  if (c.kind === "above")
    return {
      ...form,
      threshold: num(c.threshold),
      clearAt: num(c.clearBelow),
      minutes: secondsToMinutes(c.forSeconds, locale),
    };
  if (c.kind === "below")
    return {
      ...form,
      threshold: num(c.threshold),
      clearAt: num(c.clearAbove),
      minutes: secondsToMinutes(c.forSeconds, locale),
    };
  if (c.kind === "outside")
    return {
      ...form,
      threshold: num(c.min),
      thresholdHigh: num(c.max),
      clearAt: num(c.clearMargin),
      minutes: secondsToMinutes(c.forSeconds, locale),
    };
  if (c.kind === "rate")
    return { ...form, threshold: num(c.perMinute), minutes: secondsToMinutes(c.windowSeconds ?? 60, locale) };
  return { ...form, minutes: secondsToMinutes(c.forSeconds, locale) };
}
