import type { MessagingConfig } from "../../messaging/config.js";
import { signToken, verifyToken } from "../../messaging/secrets.js";

/**
 * What a reminder email's "Confirmar" / "Cancelar" link carries, signed with a key derived for this use
 * only: tenant, booking, the start the reminder named, and the answer. No expiry: answers.ts refuses an
 * answer for a booking that moved, passed or was cancelled.
 */
export interface AnswerClaim {
  t: string;
  b: string;
  s: string;
  a: "confirm" | "cancel";
}

const answerKey = (config: MessagingConfig) => config.secrets.derive("turno-answer-links");

export function answerToken(config: MessagingConfig, claim: AnswerClaim): string {
  return signToken(answerKey(config), claim);
}

export function answerUrl(config: MessagingConfig, claim: AnswerClaim): string {
  return `${config.publicUrl}/v1/turnos/answer?token=${answerToken(config, claim)}`;
}

export function readAnswerToken(config: MessagingConfig, token: string): AnswerClaim | null {
  const claim = verifyToken<AnswerClaim>(answerKey(config), token);
  return claim &&
    typeof claim.t === "string" &&
    typeof claim.b === "string" &&
    typeof claim.s === "string" &&
    (claim.a === "confirm" || claim.a === "cancel")
    ? claim
    : null;
}
