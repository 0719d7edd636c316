import type { AccountSummary, AskCloud, AskCloudInput } from "@mostrador/contracts/http/accounts";
import { post } from "../api/client.js";
import type { MessageKey } from "../i18n/i18n.js";

/** POST /api/allowances/:customerId/ask (desktop/src/allowances): the store asks the cloud for more. */
export const askCloud = (customerId: string, body: AskCloudInput) =>
  post<AskCloud>(`/api/allowances/${encodeURIComponent(customerId)}/ask`, body);

/** What the store may spend now, in centavos: its credit, or what its points pay. */
export const spendableOf = (account: AccountSummary, kind: AskCloudInput["kind"]): number =>
  kind === "credit" ? account.availableCredit : account.availablePointsValue;

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * What the cashier reads after asking: null when the store now covers what the sale needs (`covered`),
 * else why not and what the store may still spend (Cuentas passes false: it always says what came).
 */
export function askCloudMessage(
  t: T,
  money: (centavos: number) => string,
  answer: AskCloud,
  kind: AskCloudInput["kind"],
  covered: boolean,
): string | null {
  if (covered) return null;
  const a = answer.account;
  const vars = {
    name: a.customerName,
    amount: money(a.availableCredit),
    points: a.availablePoints,
    granted: kind === "credit" ? money(answer.granted) : answer.granted,
  };
  const credit = kind === "credit";
  switch (answer.outcome) {
    case "offline":
      return t(credit ? "allowances.offlineCredit" : "allowances.offlinePoints", vars);
    case "not_linked":
      return t(credit ? "allowances.notLinkedCredit" : "allowances.notLinkedPoints", vars);
    case "refused":
      if (answer.message) return t("allowances.refusedBecause", { reason: answer.message });
      return t(credit ? "allowances.refusedCredit" : "allowances.refusedPoints", vars);
    case "enough":
    case "granted":
    case "partial":
      return t(credit ? "allowances.grantedCredit" : "allowances.grantedPoints", vars);
  }
}
