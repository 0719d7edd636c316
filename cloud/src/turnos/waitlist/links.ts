import type { MessagingConfig } from "../../messaging/config.js";
import { signToken, verifyToken } from "../../messaging/secrets.js";

/**
 * What an offer email's "Lo quiero" / "No puedo" link carries, signed with a key derived for this use
 * only: tenant, offer, the patient's turn (position) and the answer. No expiry in the token: the turn's
 * own `expires_at` decides (offers.ts), so a late click is refused by the same rule as a late WhatsApp.
 */
export interface WaitlistClaim {
  t: string;
  o: string;
  p: number;
  a: "accept" | "decline";
}

const key = (config: MessagingConfig) => config.secrets.derive("turno-waitlist-links");

export function waitlistAnswerToken(config: MessagingConfig, claim: WaitlistClaim): string {
  return signToken(key(config), claim);
}

export function waitlistAnswerUrl(config: MessagingConfig, claim: WaitlistClaim): string {
  return `${config.publicUrl}/v1/turnos/waitlist/answer?token=${waitlistAnswerToken(config, claim)}`;
}

export function readWaitlistToken(config: MessagingConfig, token: string): WaitlistClaim | null {
  const claim = verifyToken<WaitlistClaim>(key(config), token);
  return claim &&
    typeof claim.t === "string" &&
    typeof claim.o === "string" &&
    Number.isSafeInteger(claim.p) &&
    claim.p >= 0 &&
    (claim.a === "accept" || claim.a === "decline")
    ? claim
    : null;
}
