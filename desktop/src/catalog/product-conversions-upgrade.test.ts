import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Ctx } from "@mostrador/kernel/core/context";
import { migrate } from "@mostrador/kernel/db/migrate";
import { openDatabase } from "@mostrador/kernel/db/open";
import { afterEach, describe, expect, it } from "vitest";
import { loadApplianceMigrations, openApplianceCore } from "../appliance/open-appliance-core.js";
import { stockHolderOf } from "./stock-holder.js";

const AT = "2026-03-02T13:00:00.000Z";
const MODEL = "01900000-0000-7000-8000-000000000004";
const KEPT = "01900000-0000-7000-8000-000000000005";
const OTHER = "01900000-0000-7000-8000-000000000006";

/** Migration 0048 finds the variant that kept the stock of a product converted before it, from the audit. */
describe("product conversions made before 0048", () => {
  let dir = "";
  let ctx: Ctx | undefined;
  afterEach(() => {
    ctx?.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("records the kept variant of an audited conversion, so returns go back to it", () => {
    dir = mkdtempSync(join(tmpdir(), "mostrador-conversions-upgrade-"));
    const old = openDatabase(join(dir, "mostrador.sqlite"));
    migrate(
      old,
      loadApplianceMigrations().filter((m) => m.version <= 47),
    );
    const product = `INSERT INTO products (id, sku, name, name_key, price, iva_rate, unit, created_at, updated_at,
                       variant_axes, variant_of, variant_values) VALUES (?, ?, ?, ?, 100, 2100, 'each', ?, ?, ?, ?, ?)`;
    const axes = [
      { name: "Talle", values: ["40", "42"] },
      { name: "Color", values: ["Añil"] },
    ];
    old.prepare(product).run(MODEL, "JEAN", "Jean", "jean", AT, AT, JSON.stringify(axes), null, null);
    old
      .prepare(product)
      .run(KEPT, "JEAN-42", "Jean 42", "jean 42", AT, AT, null, MODEL, JSON.stringify(["42", "Añil"]));
    old
      .prepare(product)
      .run(OTHER, "JEAN-40", "Jean 40", "jean 40", AT, AT, null, MODEL, JSON.stringify(["40", "Añil"]));
    old
      .prepare(
        "INSERT INTO audit_log (id, at, action, entity, entity_id, details) VALUES ('a1', ?, 'product.convert_to_model', 'product', ?, ?)",
      )
      .run(AT, MODEL, JSON.stringify({ axes, keep: ["42", "Añil"], stock: 3 }));
    old.close();

    ctx = openApplianceCore(dir);
    expect(stockHolderOf(ctx.db, MODEL)).toBe(KEPT);
    expect(stockHolderOf(ctx.db, OTHER)).toBe(OTHER);
  });
});
