import type { NotificationKind } from "@mostrador/contracts/sync/alarms";
import { newId } from "../db/ids.js";
import type { Db } from "../db/open.js";
import { enqueueOutbox } from "../outbox/outbox.js";

/** The payload's limit on the message (contracts/src/sync/alarms.ts NotificationPayload). */
export const NOTIFICATION_MESSAGE_MAX = 500;

interface NotificationBase {
  /** What the owner reads, in Spanish (the shop's language). Cut to NOTIFICATION_MESSAGE_MAX. */
  message: string;
  /** When it happened (UTC ISO): the time of the write that caused it. */
  at: string;
  /**
   * One message per key reaches the owner: the cloud's send queue drops a second notification with the same
   * key. Name the event, not the attempt ("low_stock:<product>:<movement>"), so the same event queued or
   * uploaded twice is one message.
   */
  dedupeKey: string;
}

/** A rule's notify action fired (gateway/src/rules/rule-engine.ts). */
export interface RuleNotification extends NotificationBase {
  kind: "rule";
  ruleId: string;
  ruleName: string;
  deviceId: string;
  /** The reading that fired it, when there was one. */
  value: number | null;
}

/** A product went from above its low-stock threshold to at or below it (desktop/src/stock/low-stock-alert.ts). */
export interface LowStockNotification extends NotificationBase {
  kind: "low_stock";
  productId: string;
  /** On hand after the movement: units, or grams for weighed goods; below zero when sold past zero. */
  onHand: number;
  threshold: number;
}

/** A backup of the shop's database failed (desktop/src/backup/): the message says why and where. */
export interface BackupFailedNotification extends NotificationBase {
  kind: "backup_failed";
}

/** A cash session closed (cierre Z) with a difference above the shop's limit (desktop/src/cash/close.ts). */
export interface CashDifferenceNotification extends NotificationBase {
  kind: "cash_difference";
}

/** Vouchers issued under a CAEA are still unreported and the deadline is near (desktop/src/invoicing/caea.ts). */
export interface InvoicingDeadlineNotification extends NotificationBase {
  kind: "invoicing_deadline";
}

/** The ARCA certificate expires in 30 or 7 days, or expired (desktop/src/invoicing/certificate-expiry.ts). */
export interface CertificateExpiryNotification extends NotificationBase {
  kind: "certificate_expiry";
  /** 30, 7 or 0 (expired): the threshold this message is for, once per certificate. */
  daysBefore: number;
  validTo: string;
}

export type OwnerNotification =
  | RuleNotification
  | LowStockNotification
  | BackupFailedNotification
  | CashDifferenceNotification
  | InvoicingDeadlineNotification
  | CertificateExpiryNotification;

// Every kind the contract lists has its input shape above, and no shape names a kind the contract lacks.
type Exhaustive<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const kindsMatch: Exhaustive<OwnerNotification["kind"], NotificationKind> = true;
void kindsMatch;

/**
 * Queues a message for the shop's owner: an outbox op `notification/created` that the cloud sends by
 * the owner's channels. Call it inside the transaction of the write that caused it (the outbox rule), so the
 * notification exists if and only if that write committed. Returns the notification's id.
 */
export function notifyOwner(db: Db, notification: OwnerNotification): string {
  const id = newId();
  const message =
    notification.message.length > NOTIFICATION_MESSAGE_MAX
      ? `${notification.message.slice(0, NOTIFICATION_MESSAGE_MAX - 1)}…`
      : notification.message;
  enqueueOutbox(db, {
    entity: "notification",
    entityId: id,
    op: "created",
    payload: { ...notification, message },
    at: notification.at,
  });
  return id;
}
