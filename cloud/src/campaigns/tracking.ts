import type { Queryable } from "../db/sql.js";
import type { MessagingConfig } from "../messaging/config.js";
import { signToken, verifyToken } from "../messaging/secrets.js";

/**
 * Opens and clicks, through the cloud: the open pixel and each link of a campaign email carry a signed
 * token (tenant, campaign, customer and, for a click, the destination). The redirect goes only where
 * a token signed by the cloud says, so the endpoint cannot be used as an open redirect.
 */
export interface TrackingClaim {
  t: string;
  k: string;
  r: string;
  /** An automation's occasion: `k` is then the automation's id. */
  a?: string;
  u?: string;
}

const key = (config: MessagingConfig) => config.secrets.derive("campaign-tracking");

export const openPixelUrl = (config: MessagingConfig, claim: Omit<TrackingClaim, "u">) =>
  `${config.publicUrl}/v1/campaigns/track/open?token=${signToken(key(config), claim)}`;

export const trackedLinkUrl = (config: MessagingConfig, claim: Omit<TrackingClaim, "u">, url: string) =>
  `${config.publicUrl}/v1/campaigns/track/click?token=${signToken(key(config), { ...claim, u: url })}`;

export function readTrackingToken(config: MessagingConfig, token: string): TrackingClaim | null {
  const c = verifyToken<TrackingClaim>(key(config), token);
  return c && typeof c.t === "string" && typeof c.k === "string" && typeof c.r === "string" ? c : null;
}

/** The first open or click of the person (a click is an open too), on the campaign's or automation's row. */
export async function recordTracking(q: Queryable, claim: TrackingClaim, what: "open" | "click", now: Date) {
  const set =
    what === "click"
      ? "clicked_at = coalesce(clicked_at, $3), opened_at = coalesce(opened_at, $3)"
      : "opened_at = coalesce(opened_at, $3)";
  if (claim.a !== undefined)
    await q.query(
      `UPDATE automation_sends SET ${set} WHERE automation_id = $1 AND customer_id = $2 AND occasion = $4`,
      [claim.k, claim.r, now, claim.a],
    );
  else
    await q.query(`UPDATE campaign_recipients SET ${set} WHERE campaign_id = $1 AND customer_id = $2`, [
      claim.k,
      claim.r,
      now,
    ]);
}
