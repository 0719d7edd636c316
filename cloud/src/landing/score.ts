import type { LeadStage } from "@mostrador/contracts/http/cloud-operator";
import type { ScoreAction, ScoreSettings, ScoreThreshold } from "@mostrador/contracts/http/cloud-landing";

/**
 * A lead's score, computed from its event log alone (no stored running total): each action is worth
 * its points when it happened and half as much every `halfLifeDays` after, so an old visit fades and a
 * burst of interest this week counts. The same log and the same clock always give the same score.
 */

export interface ScoredAction {
  kind: ScoreAction;
  at: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a new installation starts with; the operator edits it on the console's Landing screen. */
export const DEFAULT_SCORE_SETTINGS: ScoreSettings = {
  points: { visit: 2, form: 20, demo: 30, email_open: 3, email_click: 8, trial: 50 },
  halfLifeDays: 14,
  thresholds: [
    { score: 40, stage: "demo", notify: false },
    { score: 80, stage: "proposal", notify: true },
  ],
};

/** The score at `now`, rounded to a whole point. Actions after `now` do not count yet. */
export function leadScore(actions: readonly ScoredAction[], settings: ScoreSettings, now: Date): number {
  const halfLifeMs = settings.halfLifeDays * DAY_MS;
  let total = 0;
  for (const action of actions) {
    const age = now.getTime() - action.at.getTime();
    if (age < 0) continue;
    total += settings.points[action.kind] * 0.5 ** (age / halfLifeMs);
  }
  return Math.round(total);
}

/** The pipeline's forward path; "lost" is off it. */
const PATH: readonly LeadStage[] = ["contact", "demo", "proposal", "won"];

/**
 * The stage a threshold moves a lead to, or null when it would not move it forward: a lead already
 * there or further along stays, and a won or lost lead is the operator's decision, never the score's.
 */
export function stageMove(current: LeadStage, target: LeadStage | null): LeadStage | null {
  if (!target || current === "won" || current === "lost" || target === "lost") return null;
  return PATH.indexOf(target) > PATH.indexOf(current) ? target : null;
}

/** The thresholds a score has reached that were not crossed before, lowest first. */
export function newlyCrossed(
  score: number,
  thresholds: readonly ScoreThreshold[],
  crossed: ReadonlySet<number>,
): ScoreThreshold[] {
  return thresholds
    .filter((t) => t.score <= score && !crossed.has(t.score))
    .sort((a, b) => a.score - b.score);
}
