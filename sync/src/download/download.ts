import { keepPinningEntitlementsKey } from "./entitlements-key.js";
import type { Ctx } from "@mostrador/kernel/core/context";
import { applyCustomerMessages } from "./customer-apply.js";
import { stmt } from "@mostrador/kernel/db/statements";
import { applyCategoryMessages } from "./category-apply.js";
import { applyAllowanceMessages, applyRecallMessages } from "./allowance-apply.js";
import { applyCreditLimitMessages } from "./credit-limit-apply.js";
import { applyProductMessages, retireProductsMissing } from "./product-apply.js";
import { applySettingsMessages } from "./settings-apply.js";
import { startShapeConsumer, type ShapeConsumer, type ShapeConsumerOptions } from "./shape-consumer.js";
import { applyAllotmentMessages, applyOnlineBookingMessages } from "./turnos-apply.js";
import { applyTurnoAnswerMessages } from "./turno-answers-apply.js";
import { applyEntitlementMessages } from "./entitlements-apply.js";
import { applyOnlineOrderMessages } from "./online-orders-apply.js";
import { replayFor, type Replayed } from "./waiting.js";

export interface DownloadOptions {
  cloudUrl: string;
  token: string;
  onError?: (err: Error) => void;
  fetch?: typeof fetch;
}

export interface Download {
  products: ShapeConsumer;
  settings: ShapeConsumer;
  /** The tenant's customers (tenant scope: every store gets all of them). */
  customers: ShapeConsumer;
  categories: ShapeConsumer;
  /** What the cloud granted this store of its customers' credit and points (accounts, loyalty). */
  allowances: ShapeConsumer;
  creditLimits: ShapeConsumer;
  /** The owner's recalls of what this store holds (answered by the accounts module). */
  recalls: ShapeConsumer;
  /** What the cloud holds of each allotment of appointment slots (acknowledged, given back). */
  turnoAllotments: ShapeConsumer;
  /** The bookings the cloud took online inside its allotments. */
  turnoBookings: ShapeConsumer;
  /** Patients' answers to the cloud's reminders for this store's desk bookings. */
  turnoAnswers: ShapeConsumer;
  /** The tenant's plan, signed by the cloud (kernel/src/entitlements verifies and keeps it). */
  entitlements: ShapeConsumer;
  /** The channels' orders for this store ("pedidos online", cloud/src/channels). */
  onlineOrders: ShapeConsumer;
  ready: Promise<void>;
  stop(): void;
}

/** What one shape's consumer needs beside the connection: its name, its apply and its event. */
export type ShapeSpec = Pick<ShapeConsumerOptions, "shape" | "apply" | "onApplied" | "snapshotInBatches">;

/** Products per committed batch of a snapshot: big enough for the set-based write to pay, small enough to overlap. */
const PRODUCT_SNAPSHOT_BATCH = 5_000;

/**
 * Every shape the appliance downloads, with how it is applied. Rows that depend on a customer (limits,
 * grants, recalls) may arrive before it, each shape being consumed on its own: they wait in
 * download_waiting, and the customers' apply replays them in its own transaction (waiting.ts), raising
 * their shape's event once committed.
 */
export function downloadShapes(ctx: Ctx): Record<Exclude<keyof Download, "ready" | "stop">, ShapeSpec> {
  const accountChanged = (customerIds: string[]) => {
    for (const customerId of new Set(customerIds)) ctx.bus.emit("account.changed", { customerId });
  };
  const allowances: ShapeSpec = {
    shape: "allowance_grants",
    apply: (c, messages) => applyAllowanceMessages(c, messages),
    onApplied: accountChanged,
  };
  const creditLimits: ShapeSpec = {
    shape: "credit_limits",
    apply: applyCreditLimitMessages,
    onApplied: accountChanged,
  };
  const recalls: ShapeSpec = {
    shape: "allowance_recalls",
    apply: (c, messages) => applyRecallMessages(c, messages),
    onApplied: accountChanged,
  };
  const turnosChanged = (bookingIds: string[]) => ctx.bus.emit("turnos.changed", { bookingIds });
  const waitingForCustomers = [allowances, creditLimits, recalls];
  // Set inside the customers' transaction, delivered after it commits (a rolled-back batch overwrites it).
  let replayed: Replayed = new Map();
  return {
    products: {
      shape: "products",
      apply: applyProductMessages,
      // The catalog is the big one (50,000 rows and more): applied while it downloads.
      snapshotInBatches: { rows: PRODUCT_SNAPSHOT_BATCH, finish: retireProductsMissing },
      onApplied: (productIds) => ctx.bus.emit("catalog.changed", { productIds }),
    },
    categories: {
      shape: "categories",
      apply: applyCategoryMessages,
      // Keys are category ids and the products moved between categories; the event names the products.
      onApplied: (keys) =>
        ctx.bus.emit("catalog.changed", {
          productIds: keys.filter((k) => stmt(ctx.db, "SELECT 1 FROM products WHERE id = ?").get(k)),
        }),
    },
    settings: { shape: "store_settings", apply: applySettingsMessages },
    customers: {
      shape: "customers",
      apply: (c, messages, fromScratch) => {
        const ids = applyCustomerMessages(c, messages, fromScratch);
        replayed = replayFor(
          c,
          "customer",
          ids,
          Object.fromEntries(waitingForCustomers.map((s) => [s.shape, s.apply])),
        );
        return ids;
      },
      onApplied: () => {
        for (const s of waitingForCustomers) {
          const keys = replayed.get(s.shape) ?? [];
          if (keys.length > 0) s.onApplied?.(keys);
        }
        replayed = new Map();
      },
    },
    allowances,
    creditLimits,
    recalls,
    turnoAllotments: {
      shape: "turno_allotments",
      apply: applyAllotmentMessages,
      onApplied: () => turnosChanged([]),
    },
    turnoBookings: {
      shape: "turno_bookings",
      apply: applyOnlineBookingMessages,
      onApplied: turnosChanged,
    },
    // Patients' answers to reminders: stored pending; the turnos module applies them on turnos.changed.
    turnoAnswers: {
      shape: "turno_answers",
      apply: applyTurnoAnswerMessages,
      onApplied: turnosChanged,
    },
    entitlements: {
      shape: "entitlement_records",
      apply: applyEntitlementMessages,
      onApplied: (kept) => {
        if (kept.length > 0) ctx.bus.emit("entitlements.changed", {});
      },
    },
    onlineOrders: {
      shape: "online_orders",
      apply: applyOnlineOrderMessages,
      onApplied: (orderIds) => {
        if (orderIds.length > 0) ctx.bus.emit("online_orders.changed", { orderIds });
      },
    },
  };
}

/**
 * Cloud → edge: the catalog (products with their variants, and categories), this store's settings, the
 * tenant's customers and what the cloud says of their accounts, kept live. Applied products and
 * categories raise catalog.changed so open till screens refresh; limits, grants and recalls raise
 * account.changed.
 */
/** A consumer started once `first` settles (stopping before that means it never starts). */
function startAfter(first: Promise<unknown>, start: () => ShapeConsumer): ShapeConsumer {
  let inner: ShapeConsumer | null = null;
  let stopped = false;
  const ready = first.then(() => {
    if (stopped) return;
    inner = start();
    return inner.ready;
  });
  return {
    ready,
    get batches() {
      return inner?.batches ?? 0;
    },
    stop() {
      stopped = true;
      inner?.stop();
    },
  };
}

export function startDownload(ctx: Ctx, options: DownloadOptions): Download {
  const common = {
    cloudUrl: options.cloudUrl,
    token: options.token,
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const shapes = downloadShapes(ctx);
  // An appliance enrolled before entitlements pins the cloud's key now (entitlements-key.ts).
  const pinning = keepPinningEntitlementsKey(ctx, common);
  const consumers = {
    products: startShapeConsumer(ctx, { ...common, ...shapes.products }),
    categories: startShapeConsumer(ctx, { ...common, ...shapes.categories }),
    settings: startShapeConsumer(ctx, { ...common, ...shapes.settings }),
    customers: startShapeConsumer(ctx, { ...common, ...shapes.customers }),
    allowances: startShapeConsumer(ctx, { ...common, ...shapes.allowances }),
    creditLimits: startShapeConsumer(ctx, { ...common, ...shapes.creditLimits }),
    recalls: startShapeConsumer(ctx, { ...common, ...shapes.recalls }),
    turnoAllotments: startShapeConsumer(ctx, { ...common, ...shapes.turnoAllotments }),
    turnoBookings: startShapeConsumer(ctx, { ...common, ...shapes.turnoBookings }),
    turnoAnswers: startShapeConsumer(ctx, { ...common, ...shapes.turnoAnswers }),
    // After the first try at the cloud's key: an appliance enrolled before entitlements pins it first.
    entitlements: startAfter(pinning.first, () =>
      startShapeConsumer(ctx, { ...common, ...shapes.entitlements }),
    ),
    onlineOrders: startShapeConsumer(ctx, { ...common, ...shapes.onlineOrders }),
  };
  const all = Object.values(consumers);
  return {
    ...consumers,
    ready: Promise.all(all.map((c) => c.ready)).then(() => undefined),
    stop() {
      pinning.stop();
      for (const c of all) c.stop();
    },
  };
}
