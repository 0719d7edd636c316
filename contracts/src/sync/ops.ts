import type { Static, TSchema } from "@sinclair/typebox";
import {
  AccountEntryPayload,
  AllowanceEntryPayload,
  CreditLimitPayload,
  LoyaltyEntryPayload,
} from "./accounts.js";
import { AlarmPayload, NotificationPayload } from "./alarms.js";
import { CardEntryPayload, CardPayload } from "./cards.js";
import { AnyObject, GatewayRecordPayload, StaffPayload } from "./appliance-events.js";
import { CashClosedPayload, CashMovementPayload, CashOpenedPayload } from "./cash.js";
import { CategoryPayload, ProductPayload } from "./catalog.js";
import { CustomerConsentPayload, CustomerErasedPayload, CustomerPayload } from "./customers.js";
import { ReturnPayload, SalePayload } from "./sales.js";
import { SensorRollupPayload } from "./sensors.js";
import {
  ProductCostPayload,
  PurchaseOrderPayload,
  PurchaseReceiptPayload,
  SupplierPayload,
} from "./purchasing.js";
import { StockCountPayload, StockMovementPayload } from "./stock.js";
import { OnlineOrderPreparedPayload } from "./online-orders.js";
import { InvoicePayload } from "./invoicing.js";
import {
  TurnoAllotmentPayload,
  TurnoBookingPayload,
  TurnoExceptionPayload,
  TurnoProfessionalPayload,
  TurnoRulesPayload,
  TurnoServicePayload,
  TurnoWaitlistEntryPayload,
  TurnoWaitlistOfferPayload,
} from "./turnos.js";

/**
 * The sync operation map: every entity the appliance sends the cloud through its outbox, each op it
 * sends, and that op's payload schema. Written once: the appliance's `enqueueOutbox` only accepts an
 * (entity, op, payload) this map allows, and the cloud's ingest validates each op against the same
 * schema before its projection reads the payload as `OpPayload<E, O>`.
 *
 * Versioning: appliances in the field are not all updated at once, so a schema may only widen. A new
 * field is `Type.Optional` (older appliances do not send it), a new enum value is added to the union
 * (as the alarm states were), a new op or entity is added beside the others. A field is never made
 * required, renamed or narrowed: the older appliance's op would be parked for ever.
 *
 * Sale lines, payments and voids travel inside the sale; return lines and refunds inside the return.
 */
export const SYNC_OPS = {
  product: { created: ProductPayload, updated: ProductPayload },
  category: { created: CategoryPayload, updated: CategoryPayload },
  sale: { created: SalePayload, voided: SalePayload },
  return: { created: ReturnPayload },
  cash_session: { opened: CashOpenedPayload, closed: CashClosedPayload },
  cash_movement: { created: CashMovementPayload },
  stock_movement: { created: StockMovementPayload },
  /** A channel's order ("pedido online") prepared at the till: it became the sale named (desktop/src/online-orders). */
  online_order: { prepared: OnlineOrderPreparedPayload },
  /** A stock count opened, approved (with its lines) or cancelled. */
  stock_count: { started: StockCountPayload, approved: StockCountPayload, cancelled: StockCountPayload },
  supplier: { created: SupplierPayload, updated: SupplierPayload },
  purchase_order: {
    created: PurchaseOrderPayload,
    sent: PurchaseOrderPayload,
    /** Part of it arrived (status partly_received) or all of it (received). */
    received: PurchaseOrderPayload,
    cancelled: PurchaseOrderPayload,
  },
  purchase_receipt: { created: PurchaseReceiptPayload },
  /** A cost set by hand (a cost sheet); receipts carry theirs in their lines. */
  product_cost: { updated: ProductCostPayload },
  /** A customer (tenant scope): created, edited, merged into another, erased on request, consent recorded. */
  customer: {
    created: CustomerPayload,
    updated: CustomerPayload,
    erased: CustomerErasedPayload,
    consent: CustomerConsentPayload,
  },
  /** Customer accounts and loyalty (desktop/src/accounts, desktop/src/loyalty): append-only ledgers. */
  account_entry: { created: AccountEntryPayload },
  loyalty_entry: { created: LoyaltyEntryPayload },
  allowance_entry: { created: AllowanceEntryPayload },
  customer_credit_limit: { updated: CreditLimitPayload },
  /** Prepaid cards (desktop/src/cards): the cards, and their append-only balance ledger. */
  card: { created: CardPayload, updated: CardPayload },
  card_entry: { created: CardEntryPayload },
  staff: { created: StaffPayload, updated: StaffPayload },
  shop_settings: { updated: AnyObject },
  alarm: {
    raised: AlarmPayload,
    updated: AlarmPayload,
    acknowledged: AlarmPayload,
    cleared: AlarmPayload,
  },
  notification: { created: NotificationPayload },
  device: {
    created: GatewayRecordPayload,
    updated: GatewayRecordPayload,
    secret_rotated: GatewayRecordPayload,
  },
  /** One series' hourly rollup (gateway/src/telemetry): sent when the hour closes, again if a late reading changes it. */
  sensor_rollup: { closed: SensorRollupPayload, corrected: SensorRollupPayload },
  rule: { created: GatewayRecordPayload, updated: GatewayRecordPayload, deleted: GatewayRecordPayload },
  relay_command: {
    requested: GatewayRecordPayload,
    confirmed: GatewayRecordPayload,
    unconfirmed: GatewayRecordPayload,
  },
  /** ARCA invoices and credit notes (desktop/src/invoicing): authorised (CAE), issued and reported under CAEA. */
  invoice: { authorised: InvoicePayload, caea_issued: InvoicePayload, caea_reported: InvoicePayload },
  /** Turnos (desktop/src/turnos, docs/turnos.md): bookings and the setup online booking needs. */
  turno_booking: { created: TurnoBookingPayload, updated: TurnoBookingPayload },
  turno_professional: { created: TurnoProfessionalPayload, updated: TurnoProfessionalPayload },
  turno_service: { created: TurnoServicePayload, updated: TurnoServicePayload },
  turno_rules: { updated: TurnoRulesPayload },
  turno_exception: { created: TurnoExceptionPayload, deleted: TurnoExceptionPayload },
  /** The allotment handshake (docs/turnos.md): the desk grants the cloud units, or asks them back. */
  turno_allotment: { granted: TurnoAllotmentPayload, reclaim: TurnoAllotmentPayload },
  /** The waitlist (desktop/src/turnos/waitlist.ts): its entries, and a freed slot the cloud offers in order. */
  turno_waitlist_entry: { created: TurnoWaitlistEntryPayload, updated: TurnoWaitlistEntryPayload },
  turno_waitlist_offer: { created: TurnoWaitlistOfferPayload },
} as const satisfies Record<string, Record<string, TSchema>>;

export type SyncOps = typeof SYNC_OPS;
/** An entity the outbox carries: "sale", "return", "cash_session", ... */
export type Entity = keyof SyncOps;
/** The ops of one entity: "created" | "voided" for a sale. */
export type OpOf<E extends Entity> = keyof SyncOps[E] & string;
/** The payload schema of one op. */
export type OpSchema<E extends Entity, O extends OpOf<E>> = SyncOps[E][O];
/** The payload of one op, as the appliance writes it and the cloud's projection reads it. */
export type OpPayload<E extends Entity, O extends OpOf<E>> = SyncOps[E][O] extends TSchema
  ? Static<SyncOps[E][O]>
  : never;

export const ENTITIES = Object.keys(SYNC_OPS) as Entity[];

export function isEntity(entity: string): entity is Entity {
  return Object.hasOwn(SYNC_OPS, entity);
}

/** The schema of (entity, op), or undefined when the map has no such op. */
export function opSchema(entity: string, op: string): TSchema | undefined {
  if (!isEntity(entity)) return undefined;
  const ops: Record<string, TSchema> = SYNC_OPS[entity];
  return Object.hasOwn(ops, op) ? ops[op] : undefined;
}
