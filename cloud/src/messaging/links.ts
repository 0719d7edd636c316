import type { Channel } from "@mostrador/contracts/http/messaging";
import type { MessagingConfig } from "./config.js";
import { signToken, verifyToken } from "./secrets.js";

/**
 * What an unsubscribe link carries, signed: tenant, contact, channel, and `o` on an owner's alert (its
 * link also takes the contact off the owner's recipients: alerts ignore opt-outs, see policy.ts). No
 * expiry: a link must keep working.
 */
export interface UnsubscribeClaim {
  t: string;
  c: string;
  ch: Channel;
  o?: 1;
}

const unsubscribeKey = (config: MessagingConfig) => config.secrets.derive("unsubscribe-links");

export function unsubscribeUrl(config: MessagingConfig, claim: UnsubscribeClaim): string {
  return `${config.publicUrl}/v1/messaging/unsubscribe?token=${signToken(unsubscribeKey(config), claim)}`;
}

export function readUnsubscribeToken(config: MessagingConfig, token: string): UnsubscribeClaim | null {
  const claim = verifyToken<UnsubscribeClaim>(unsubscribeKey(config), token);
  return claim && typeof claim.t === "string" && typeof claim.c === "string" && typeof claim.ch === "string"
    ? claim
    : null;
}

export const confirmUrl = (config: MessagingConfig, token: string) =>
  `${config.publicUrl}/v1/messaging/confirm?token=${token}`;
