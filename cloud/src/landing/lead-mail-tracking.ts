import type { MessagingConfig } from "../messaging/config.js";
import { signToken, verifyToken } from "../messaging/secrets.js";

/**
 * Opens and clicks of a lead's welcome email, which the score counts ("email opened", "email clicked").
 * The pixel and the link carry a token the cloud signed (the mail and, for a click, where it goes), so
 * nobody can score a lead by guessing, and the redirect goes only where the cloud wrote: not an open
 * redirect. Each mail scores its open and its click once (operator-leads.ts recordLeadMailTracking).
 */

interface LeadMailClaim {
  m: string;
  u?: string;
}

const key = (config: MessagingConfig) => config.secrets.derive("lead-mail-tracking");

export const leadMailOpenUrl = (config: MessagingConfig, mailId: string) =>
  `${config.publicUrl}/landing/mail/open?token=${signToken(key(config), { m: mailId })}`;

export const leadMailClickUrl = (config: MessagingConfig, mailId: string, url: string) =>
  `${config.publicUrl}/landing/mail/click?token=${signToken(key(config), { m: mailId, u: url })}`;

export function readLeadMailToken(config: MessagingConfig, token: unknown): LeadMailClaim | null {
  if (typeof token !== "string" || token.length > 4000) return null;
  const claim = verifyToken<LeadMailClaim>(key(config), token);
  return claim && typeof claim.m === "string" && (claim.u === undefined || typeof claim.u === "string")
    ? claim
    : null;
}
