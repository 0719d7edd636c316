import type { Ctx } from "@mostrador/kernel/core/context";
import { applyAllowanceMessages } from "./allowance-apply.js";
import { applyProductMessages } from "./product-apply.js";
import { applySettingsMessages } from "./settings-apply.js";
import { startShapeConsumer, type ShapeConsumer } from "./shape-consumer.js";

export interface DownloadOptions {
  cloudUrl: string;
  token: string;
  onError?: (err: Error) => void;
  fetch?: typeof fetch;
}

export interface Download {
  products: ShapeConsumer;
  settings: ShapeConsumer;
  /** What the cloud granted this store of its customers' credit and points (accounts, loyalty). */
  allowances: ShapeConsumer;
  ready: Promise<void>;
  stop(): void;
}

/**
 * Cloud → edge: the catalog and this store's settings, kept live. Applied products raise
 * catalog.changed so open till screens refresh.
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
  const settings = startShapeConsumer(ctx, {
    ...common,
    shape: "store_settings",
    apply: applySettingsMessages,
  });
  const allowances = startShapeConsumer(ctx, {
    ...common,
    shape: "allowance_grants",
    apply: (c, messages) => applyAllowanceMessages(c, messages),
    onApplied: (customerIds) => {
      for (const customerId of new Set(customerIds)) ctx.bus.emit("account.changed", { customerId });
    },
  });
  return {
    products,
    settings,
    allowances,
    ready: Promise.all([products.ready, settings.ready, allowances.ready]).then(() => undefined),
    stop() {
      products.stop();
      settings.stop();
      allowances.stop();
    },
  };
}
