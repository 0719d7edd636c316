import { afterEach, describe, expect, it } from "vitest";
import { createProduct } from "../catalog/product-writes.js";
import { getProduct } from "../catalog/products.js";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { migrate } from "@mostrador/kernel/db/migrate";
import { loadApplianceMigrations } from "../appliance/open-appliance-core.js";
import { openDatabase, type Db } from "@mostrador/kernel/db/open";
import { repairStoredText, runPendingMaintenance } from "./stored-text.js";

let core: TestCore | undefined;
let db: Db | undefined;
afterEach(() => {
  core?.close();
  db?.close();
  core = db = undefined;
});

const lastProductOp = (c: TestCore) =>
  JSON.parse(
    (
      c.db.prepare("SELECT payload FROM outbox WHERE entity = 'product' ORDER BY seq DESC LIMIT 1").get() as {
        payload: string;
      }
    ).payload,
  ) as { name: string };

describe("cleaning text stored before every input refused control characters", () => {
  it("cleans a NUL in a product name once, and queues the clean name for the cloud", () => {
    core = openTestCore();
    const p = createProduct(core, {
      sku: "NUL-1",
      name: "Yer\u0000ba",
      price: 100,
      ivaRate: 2100,
      unit: "each",
    });
    core.db
      .prepare(
        "INSERT INTO categories (id, name, created_at, updated_at) VALUES ('c1', 'Bebidas', '2026-01-01', '2026-01-01'), ('c2', ?, '2026-01-01', '2026-01-01')",
      )
      .run("Bebidas\u0000");
    core.db.prepare("DELETE FROM maintenance_done").run(); // as on a database filled before the repair existed

    runPendingMaintenance(core);
    expect(getProduct(core, p.id).name).toBe("Yerba");
    expect(lastProductOp(core).name).toBe("Yerba");
    expect(core.db.prepare("SELECT name FROM categories ORDER BY id").pluck().all()).toEqual([
      "Bebidas",
      "Bebidas (2)",
    ]);
    const seq = core.db.prepare("SELECT max(seq) FROM outbox").pluck().get();
    runPendingMaintenance(core); // recorded: never again
    expect(core.db.prepare("SELECT max(seq) FROM outbox").pluck().get()).toBe(seq);
    expect(repairStoredText(core).cleaned).toEqual({});
  });
});

describe("migration 0013: ops parked by the cloud's old price limit", () => {
  it("asks for one retry of the product ops parked only for that reason, and of nothing else", () => {
    db = openDatabase(":memory:");
    const all = loadApplianceMigrations();
    migrate(
      db,
      all.filter((m) => m.version < 13),
    );
    const op = db.prepare(
      "INSERT INTO outbox (id, entity, entity_id, op, payload, created_at) VALUES (?, ?, 'e', 'created', '{}', '2026-01-01')",
    );
    const park = db.prepare(
      "INSERT INTO outbox_parked (op_id, seq, reason, parked_at) VALUES (?, (SELECT seq FROM outbox WHERE id = ?), ?, '2026-01-02')",
    );
    const limit = 'El campo "price" debe ser como máximo 100000000000';
    for (const [id, entity, reason] of [
      ["p-limit", "product", limit],
      ["p-other", "product", 'El campo "name" es demasiado largo (máximo 120)'],
      ["s-limit", "sale", limit],
    ] as const) {
      op.run(id, entity);
      park.run(id, id, reason);
    }
    migrate(db, all);
    expect(db.prepare("SELECT op_id, retry_requested FROM outbox_parked ORDER BY op_id").all()).toEqual([
      { op_id: "p-limit", retry_requested: 1 },
      { op_id: "p-other", retry_requested: 0 },
      { op_id: "s-limit", retry_requested: 0 },
    ]);
  });
});
