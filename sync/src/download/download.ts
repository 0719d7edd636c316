import type { Ctx } from "@mostrador/kernel/core/context";
import { applyCustomerMessages } from "./customer-apply.js";
import { stmt } from "@mostrador/kernel/db/statements";
import { applyCategoryMessages } from "./category-apply.js";
import { applyAllowanceMessages, applyRecallMessages } from "./allowance-apply.js";
import { applyCreditLimitMessages } from "./credit-limit-apply.js";
import { applyProductMessages } from "./product-apply.js";
import { applySettingsMessages } from "./settings-apply.js";
import { startShapeConsumer, type ShapeConsumer } from "./shape-consumer.js";
import { applyAllotmentMessages, applyOnlineBookingMessages } from "./turnos-apply.js";

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
  /** Turnos: the cloud's answers to this store's allotments, and its online bookings (docs/turnos.md). */
  turnoAllotments: ShapeConsumer;
  turnoBookings: ShapeConsumer;
  ready: Promise<void>;
  stop(): void;
}

/**
 * Cloud → edge: the catalog (products with their variants, and categories) and this store's settings,
 * kept live. Applied products and categories raise catalog.changed so open till screens refresh.
 */
export function startDownload(ctx: Ctx, options: DownloadOptions): Download {
  const common = {
    cloudUrl: options.cloudUrl,
    token: options.token,
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const products = startShapeConsumer(ctx, {
    ...common,
    shape: "products",
    apply: applyProductMessages,
    onApplied: (productIds) => ctx.bus.emit("catalog.changed", { productIds }),
  });
  const categories = startShapeConsumer(ctx, {
    ...common,
    shape: "categories",
    apply: applyCategoryMessages,
    // Keys are category ids and the products moved between categories; the event names the products.
    onApplied: (keys) =>
      ctx.bus.emit("catalog.changed", {
        productIds: keys.filter((k) => stmt(ctx.db, "SELECT 1 FROM products WHERE id = ?").get(k)),
      }),
  });
  const settings = startShapeConsumer(ctx, {
    ...common,
    shape: "store_settings",
    apply: applySettingsMessages,
  });
  const customers = startShapeConsumer(ctx, {
    ...common,
    shape: "customers",
    apply: applyCustomerMessages,
  });
  const allowances = startShapeConsumer(ctx, {
    ...common,
    shape: "allowance_grants",
    apply: (c, messages) => applyAllowanceMessages(c, messages),
    onApplied: (customerIds) => {
      for (const customerId of new Set(customerIds)) ctx.bus.emit("account.changed", { customerId });
    },
  });
  const creditLimits = startShapeConsumer(ctx, {
    ...common,
    shape: "credit_limits",
    apply: applyCreditLimitMessages,
    onApplied: (customerIds) => {
      for (const customerId of new Set(customerIds)) ctx.bus.emit("account.changed", { customerId });
    },
  });
  const recalls = startShapeConsumer(ctx, {
    ...common,
    shape: "allowance_recalls",
    apply: (c, messages) => applyRecallMessages(c, messages),
    onApplied: (customerIds) => {
      for (const customerId of new Set(customerIds)) ctx.bus.emit("account.changed", { customerId });
    },
  });
  const turnosChanged = (bookingIds: string[]) => ctx.bus.emit("turnos.changed", { bookingIds });
  const turnoAllotments = startShapeConsumer(ctx, {
    ...common,
    shape: "turno_allotments",
    apply: applyAllotmentMessages,
    onApplied: () => turnosChanged([]),
  });
  const turnoBookings = startShapeConsumer(ctx, {
    ...common,
    shape: "turno_bookings",
    apply: applyOnlineBookingMessages,
    onApplied: turnosChanged,
  });
  return {
    products,
    settings,
    categories,
    customers,
    allowances,
    creditLimits,
    recalls,
    turnoAllotments,
    turnoBookings,
    ready: Promise.all([
      products.ready,
      settings.ready,
      categories.ready,
      customers.ready,
      allowances.ready,
      creditLimits.ready,
      recalls.ready,
      turnoAllotments.ready,
      turnoBookings.ready,
    ]).then(() => undefined),
    stop() {
      products.stop();
      settings.stop();
      categories.stop();
      customers.stop();
      allowances.stop();
      creditLimits.stop();
      recalls.stop();
      turnoAllotments.stop();
      turnoBookings.stop();
    },
  };
}
