import type {
  BlockInput,
  CardHistory,
  CardOperation,
  CardsExpiry,
  CardsOutstanding,
  CardsReport,
  CardsReportInput,
  CardsShift,
  CardTransfer,
  CardView,
  CashOutInput,
  IssueCardInput,
  TopUpInput,
  TransferInput,
  VoidTopUpInput,
} from "@mostrador/contracts/http/cards";
import { get, post } from "../api/client.js";
import { findCardByCode } from "./find-card.js";

/** The till's calls to the cards API (desktop/src/cards/routes.ts); types from the contract. */
const card = (id: string) => `/api/cards/${encodeURIComponent(id)}`;

/** A card by what its field read: a chip's UID, its printed number, or its QR (find-card.ts). */
export const lookupCard = (code: string) => findCardByCode(code, (path) => get<CardView>(path));
export const fetchCard = (id: string) => get<CardView>(card(id));
export const fetchCardHistory = (id: string) => get<CardHistory>(`${card(id)}/history`);
export const issueCard = (body: IssueCardInput) => post<CardOperation>("/api/cards", body);
export const topUpCard = (id: string, body: TopUpInput) => post<CardOperation>(`${card(id)}/topups`, body);
export const cashOutCard = (id: string, body: CashOutInput) =>
  post<CardOperation>(`${card(id)}/cashout`, body);
export const blockCard = (id: string, body: BlockInput) => post<CardOperation>(`${card(id)}/block`, body);
export const unblockCard = (id: string, body: BlockInput) => post<CardOperation>(`${card(id)}/unblock`, body);
export const transferCard = (id: string, body: TransferInput) =>
  post<CardTransfer>(`${card(id)}/transfer`, body);
export const voidTopUp = (entryId: string, body: VoidTopUpInput) =>
  post<CardOperation>(`/api/cards/entries/${encodeURIComponent(entryId)}/void`, body);
export const fetchCardsReport = (sessionId: string) =>
  get<CardsReport>(`/api/cards/report?sessionId=${encodeURIComponent(sessionId)}`);
export const fetchOutstanding = (at?: string) =>
  get<CardsOutstanding>(`/api/cards/outstanding${at ? `?at=${encodeURIComponent(at)}` : ""}`);
/** A report of any scope: a shift, a till and/or a period (the Reportes tab). */
export const fetchCardsReportOf = (scope: CardsReportInput) => {
  const query = new URLSearchParams(
    Object.entries(scope).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""),
  );
  return get<CardsReport>(`/api/cards/report?${query.toString()}`);
};
export const fetchShifts = () => get<CardsShift[]>("/api/cards/shifts");
export const fetchCardsExpiry = () => get<CardsExpiry>("/api/cards/expiry");
