import type { Rule } from "@mostrador/contracts/http/rules";
import { describe, expect, it } from "vitest";
import { evaluate, type RuleEvent } from "./evaluate.js";
import { EMPTY_STATE, type RuleState } from "./rule-types.js";
import { inSchedule } from "./schedule.js";

const TZ = "America/Argentina/Buenos_Aires"; // UTC−3, no daylight saving
const T0 = Date.parse("2026-11-21T13:00:00.000Z");

function rule(condition: Rule["condition"], schedule: Rule["schedule"] = null): Rule {
  return {
    id: "r1",
    name: "regla",
    enabled: true,
    deviceId: "d1",
    condition,
    actions: [{ kind: "log", message: "x" }],
    clearActions: [],
    schedule,
    createdAt: "",
    updatedAt: "",
  };
}

/** Runs events through evaluate() and returns the transitions with their times. */
function drive(r: Rule, events: RuleEvent[], tz = TZ): { state: RuleState; transitions: string[] } {
  let state: RuleState = { ...EMPTY_STATE };
  const transitions: string[] = [];
  for (const e of events) {
    const out = evaluate(r, state, e, tz);
    state = out.state;
    if (out.transition) transitions.push(`${out.transition}@${(e.at - T0) / 1000}`);
  }
  return { state, transitions };
}
const reading = (sec: number, value: number, key = "temperature"): RuleEvent => ({
  type: "reading",
  key,
  value,
  at: T0 + sec * 1000,
});
const tick = (sec: number): RuleEvent => ({ type: "tick", at: T0 + sec * 1000 });
const ticks = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => tick(from + i));

describe("rule evaluation", () => {
  const fridge = rule({ kind: "above", key: "temperature", threshold: 5, clearBelow: 4, forSeconds: 600 });

  it("fires exactly after 10 minutes of continuous violation", () => {
    const { transitions } = drive(fridge, [
      reading(0, 6),
      ...ticks(1, 599),
      reading(300, 6.5),
      tick(599),
      tick(600),
      tick(601),
    ]);
    expect(transitions).toEqual(["raise@600"]);
  });

  it("does not fire when the violation is interrupted before the duration", () => {
    const { transitions, state } = drive(fridge, [
      reading(0, 6),
      tick(500),
      reading(540, 4.8),
      reading(560, 6),
      ...ticks(561, 1159),
    ]);
    expect(transitions).toEqual([]);
    expect(state.pendingSince).toBe(T0 + 560_000);
    expect(
      drive(fridge, [reading(0, 6), reading(540, 4.8), reading(560, 6), tick(1160)]).transitions,
    ).toEqual(["raise@1160"]);
  });

  it("hysteresis: does not flap between 4 and 5, clears only below 4", () => {
    const wobble = [4.9, 5.1, 4.5, 5.2, 4.1, 5.3].map((v, i) => reading(601 + i * 10, v));
    const { transitions } = drive(fridge, [
      reading(0, 6),
      tick(600),
      ...wobble,
      reading(700, 3.9),
      reading(710, 4.5),
    ]);
    expect(transitions).toEqual(["raise@600", "clear@700"]);
  });

  it("ignores readings of other sensors", () => {
    expect(drive(fridge, [reading(0, 9, "door"), tick(700)]).transitions).toEqual([]);
  });

  it("raises at once when there is no duration, and 'outside' clears back inside the margin", () => {
    const range = rule({ kind: "outside", key: "temperature", min: 2, max: 8, clearMargin: 0.5 });
    const { transitions } = drive(range, [
      reading(0, 5),
      reading(10, 1.9),
      reading(20, 2.2),
      reading(30, 2.6),
      reading(40, 8.1),
    ]);
    expect(transitions).toEqual(["raise@10", "clear@30", "raise@40"]);
  });

  it("raises when the device has been offline for N minutes, counting from when it went offline", () => {
    const offline = rule({ kind: "offline", forSeconds: 300 });
    const { transitions } = drive(offline, [
      { type: "offline", at: T0 },
      tick(299),
      tick(300),
      tick(400),
      { type: "online", at: T0 + 500_000 },
      { type: "offline", at: T0 + 600_000 },
      { type: "online", at: T0 + 800_000 },
      tick(1000),
    ]);
    expect(transitions).toEqual(["raise@300", "clear@500"]);
  });

  it("resumes an offline timer from a persisted offline-since time (a restart does not restart the count)", () => {
    const offline = rule({ kind: "offline", forSeconds: 300 });
    const restored: RuleState = { ...EMPTY_STATE, offlineSince: T0 - 280_000 };
    expect(evaluate(offline, restored, tick(19), TZ).transition).toBeNull();
    expect(evaluate(offline, restored, tick(20), TZ).transition).toBe("raise");
  });

  it("rate of change: fires when the value rises faster than X per minute over its window", () => {
    const rising = rule({ kind: "rate", key: "temperature", perMinute: 1, windowSeconds: 60 });
    const { transitions } = drive(rising, [
      reading(0, 4),
      reading(30, 9), // inside the window: no verdict yet, a single spike is not a rate
      reading(60, 4.5), // +0.5/min
      reading(120, 6), // +1.5/min
      reading(180, 6.5), // +0.5/min
    ]);
    expect(transitions).toEqual(["raise@120", "clear@180"]);
    const falling = rule({ kind: "rate", key: "temperature", perMinute: -2 });
    expect(drive(falling, [reading(0, 10), reading(60, 7)]).transitions).toEqual(["raise@60"]);
  });

  it("schedule gates raising: a violation outside the window waits for the window to open", () => {
    // 13:00Z is 10:00 in Buenos Aires; the window opens at 10:05 local.
    const r = rule(
      { kind: "above", key: "door", threshold: 0.5 },
      { days: [0, 1, 2, 3, 4, 5, 6], from: "10:05", to: "11:00" },
    );
    expect(drive(r, [reading(0, 1, "door"), tick(299), tick(300)]).transitions).toEqual(["raise@300"]);
  });
});

describe("schedule windows", () => {
  const night = { days: [5], from: "22:00", to: "06:00" }; // Friday night only
  it("a window crossing midnight covers the early hours of the next day", () => {
    // 2026-11-20 is a Friday. 22:30 local = 01:30Z Saturday.
    expect(inSchedule(night, Date.parse("2026-11-21T01:30:00Z"), TZ)).toBe(true); // Fri 22:30
    expect(inSchedule(night, Date.parse("2026-11-21T06:00:00Z"), TZ)).toBe(true); // Sat 03:00
    expect(inSchedule(night, Date.parse("2026-11-21T09:00:00Z"), TZ)).toBe(false); // Sat 06:00
    expect(inSchedule(night, Date.parse("2026-11-21T00:59:00Z"), TZ)).toBe(false); // Fri 21:59
    expect(inSchedule(night, Date.parse("2026-11-22T01:30:00Z"), TZ)).toBe(false); // Sat 22:30
    expect(inSchedule(night, Date.parse("2026-11-20T06:00:00Z"), TZ)).toBe(false); // Fri 03:00 (Thursday's night)
  });

  it("uses the shop's time zone, not UTC", () => {
    const morning = { days: [0, 1, 2, 3, 4, 5, 6], from: "06:00", to: "09:00" };
    const at = Date.parse("2026-11-21T10:00:00Z"); // 07:00 in Buenos Aires, 11:00 in Madrid
    expect(inSchedule(morning, at, "America/Argentina/Buenos_Aires")).toBe(true);
    expect(inSchedule(morning, at, "Europe/Madrid")).toBe(false);
    expect(inSchedule(morning, at, "UTC")).toBe(false);
  });
});

describe("rule evaluation without needless state copies", () => {
  const fridge = rule({ kind: "above", key: "temperature", threshold: 5, clearBelow: 4, forSeconds: 600 });

  it("hands back the very state it was given for an in-range reading of an idle rule (no copy, nothing to persist)", () => {
    const idle: RuleState = { ...EMPTY_STATE };
    for (const v of [4.2, 4.9, 5, -3]) {
      const out = evaluate(fridge, idle, reading(10, v), TZ);
      expect(out).toEqual({ state: idle, transition: null, value: null });
      expect(out.state).toBe(idle);
    }
    const offline = rule({ kind: "offline", forSeconds: 300 });
    expect(evaluate(offline, idle, reading(10, 4), TZ).state).toBe(idle);
    expect(evaluate(offline, idle, { type: "online", at: T0 }, TZ).state).toBe(idle);
    expect(evaluate(fridge, idle, tick(10), TZ).state).toBe(idle);
  });

  it("keeps the state object while a pending or active rule sees the same value again, and copies on any change", () => {
    const pending = evaluate(fridge, { ...EMPTY_STATE }, reading(0, 6), TZ).state;
    expect(pending).toMatchObject({ pendingSince: T0, lastValue: 6 });
    expect(evaluate(fridge, pending, reading(5, 6), TZ).state).toBe(pending);
    const warmer = evaluate(fridge, pending, reading(6, 6.5), TZ).state;
    expect(warmer).not.toBe(pending);
    expect(warmer).toMatchObject({ pendingSince: T0, lastValue: 6.5 });
    expect(pending.lastValue).toBe(6); // the input is never mutated
    const offline = rule({ kind: "offline", forSeconds: 300 });
    const gone = evaluate(offline, { ...EMPTY_STATE }, { type: "offline", at: T0 }, TZ).state;
    expect(evaluate(offline, gone, { type: "offline", at: T0 + 1000 }, TZ).state).toBe(gone);
    expect(evaluate(offline, gone, reading(2, 4), TZ).state).toEqual({ ...gone, offlineSince: null });
  });

  it("still raises with the latest violating value after in-range readings reused the idle state", () => {
    const { transitions, state } = drive(fridge, [
      reading(0, 4),
      reading(10, 4.5),
      reading(20, 6),
      reading(300, 7.5),
      tick(620),
    ]);
    expect(transitions).toEqual(["raise@620"]);
    expect(state).toMatchObject({ active: true, pendingSince: T0 + 20_000, lastValue: 7.5 });
    expect(evaluate(fridge, { ...state, active: false }, tick(621), TZ).value).toBe(7.5);
  });
});
