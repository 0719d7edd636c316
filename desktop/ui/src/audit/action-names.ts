import { AUDIT_ACTIONS } from "@mostrador/contracts/audit-actions";
import type { Locale } from "@mostrador/contracts/format";

/**
 * The audit action's name in `locale`. A code this version does not know (a log written by a newer
 * appliance, read from a backup) shows as itself.
 */
export function auditActionName(locale: Locale, action: string): string {
  const names = (AUDIT_ACTIONS as Record<string, { es: string; en: string }>)[action];
  if (!names) return action;
  return locale === "en" ? names.en : names.es;
}
