import { describe, expect, it } from "vitest";
import { DEFAULT_SCORE_SETTINGS, leadScore, newlyCrossed, stageMove } from "./score.js";

const settings = { ...DEFAULT_SCORE_SETTINGS, halfLifeDays: 10 };
const now = new Date("2026-12-07T12:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

describe("lead score", () => {
  it("halves an action's points every half-life and ignores actions after now", () => {
    expect(leadScore([{ kind: "form", at: now }], settings, now)).toBe(20);
    expect(leadScore([{ kind: "form", at: daysAgo(10) }], settings, now)).toBe(10);
    expect(leadScore([{ kind: "form", at: daysAgo(20) }], settings, now)).toBe(5);
    expect(leadScore([{ kind: "demo", at: new Date(now.getTime() + 1000) }], settings, now)).toBe(0);
    const log = [
      { kind: "visit" as const, at: daysAgo(10) },
      { kind: "form" as const, at: now },
      { kind: "trial" as const, at: daysAgo(10) },
    ];
    expect(leadScore(log, settings, now)).toBe(1 + 20 + 25);
  });

  it("moves a lead only forward along the pipeline, never a won or lost one", () => {
    expect(stageMove("contact", "demo")).toBe("demo");
    expect(stageMove("proposal", "demo")).toBeNull();
    expect(stageMove("lost", "proposal")).toBeNull();
    expect(stageMove("won", "proposal")).toBeNull();
    expect(stageMove("contact", null)).toBeNull();
  });

  it("crosses each threshold once, lowest first", () => {
    const crossed = newlyCrossed(90, settings.thresholds, new Set([40]));
    expect(crossed.map((t) => t.score)).toEqual([80]);
    expect(newlyCrossed(39, settings.thresholds, new Set()).length).toBe(0);
  });
});
