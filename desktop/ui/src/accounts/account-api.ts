import type {
  AccountAdjustmentInput,
  AccountPayment,
  AccountPaymentInput,
  AccountSummary,
  Debtors,
  PointsAdjustmentInput,
  Statement,
} from "@mostrador/contracts/http/accounts";
import { api, get, getToken, post } from "../api/client.js";

/** The till's calls to the accounts API (desktop/src/accounts/routes.ts); types from the contract. */
export const fetchAccount = (customerId: string) =>
  get<AccountSummary>(`/api/accounts/${encodeURIComponent(customerId)}`);
export const fetchStatement = (customerId: string) =>
  get<Statement>(`/api/accounts/${encodeURIComponent(customerId)}/statement`);
export const fetchDebtors = () => get<Debtors>("/api/accounts/debtors");
export const payAccount = (customerId: string, body: AccountPaymentInput) =>
  post<AccountPayment>(`/api/accounts/${encodeURIComponent(customerId)}/payments`, body);
export const setCreditLimit = (customerId: string, creditLimit: number | null) =>
  api<AccountSummary>("PUT", `/api/accounts/${encodeURIComponent(customerId)}/limit`, { creditLimit });

/** Opens the statement PDF in a new tab (the API needs the session's bearer token, so not a plain link). */
export async function openStatementPdf(customerId: string): Promise<void> {
  const res = await fetch(`/api/accounts/${encodeURIComponent(customerId)}/statement.pdf`, {
    headers: { authorization: `Bearer ${getToken() ?? ""}` },
  });
  if (!res.ok) throw new Error(`Error ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  window.open(url, "_blank");
}
/** A manager's adjustment (accounts.manage): + the customer owes more, − less; the reason is required. */
export const adjustAccount = (customerId: string, body: AccountAdjustmentInput) =>
  post<AccountSummary>(`/api/accounts/${encodeURIComponent(customerId)}/adjustments`, body);
/** A manager's points adjustment (accounts.manage): + adds, − takes away; the reason is required. */
export const adjustPoints = (customerId: string, body: PointsAdjustmentInput) =>
  post<AccountSummary>(`/api/loyalty/${encodeURIComponent(customerId)}/adjustments`, body);
