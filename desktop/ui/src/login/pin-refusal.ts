import { ApiError } from "@mostrador/contracts/http-client";

import type { MessageKey } from "../i18n/i18n.js";
import type { MessageVars } from "@mostrador/contracts/icu";

type Translate = (key: MessageKey, vars?: MessageVars) => string;

/**
 * A refused PIN (login or a manager's approval) said in the person's language from the answer's details:
 * attempts left with the right plural, or who is locked until when. The staff's gender is not recorded,
 * so the sentence takes the neutral form ("Lucía: usuario bloqueado hasta las 10:30"). Null for any other
 * error, which the caller shows as usual.
 */
export function pinRefusalText(
  t: Translate,
  time: (iso: string) => string,
  error: unknown,
  name: string,
): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 401 && typeof error.details.attemptsLeft === "number")
    return t("login.attemptsLeft", { n: error.details.attemptsLeft });
  if (error.status === 423 && typeof error.details.lockedUntil === "string")
    return t("login.lockedUntil", { name, time: time(error.details.lockedUntil) });
  return null;
}
