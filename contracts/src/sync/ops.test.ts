import { describe, expect, it } from "vitest";
import { syncPayloadErrors } from "./check-payload.js";
import { ENTITIES, SYNC_OPS, opSchema } from "./ops.js";

const at = "2026-03-02T10:00:00.000Z";
const id = "019a0000-0000-7000-8000-000000000001";

describe("the sync operation map", () => {
  it("keeps every payload open: a newer appliance's extra fields are never refused", () => {
    for (const entity of ENTITIES)
      for (const [op, schema] of Object.entries(SYNC_OPS[entity])) {
        expect(schema.type, `${entity}/${op}`).toBe("object");
        expect(schema.additionalProperties, `${entity}/${op}`).toBe(true);
      }
    expect(
      syncPayloadErrors("notification", "created", { message: "Heladera a 9 °C", at, later: 1 }),
    ).toEqual([]);
  });

  it("still accepts what older appliances sent before the fields that came later", () => {
    const older: [string, string, unknown][] = [
      // before note and staffId
      ["stock_movement", "created", { id, productId: id, quantity: -3, reason: "adjustment", at }],
      // before the rule and the reading were attached
      ["notification", "created", { message: "Heladera a 9 °C", at }],
      // before the outbox clock trigger (desktop 0010) added fieldHlc
      [
        "product",
        "updated",
        {
          id,
          sku: "YER-1K",
          name: "Yerba 1 kg",
          categoryId: null,
          price: 450_000,
          ivaRate: 2100,
          unit: "each",
          barcodes: [],
          scaleCode: null,
          lowStockThreshold: null,
          active: true,
        },
      ],
      // the alarm states before latching (cleared_unacknowledged) existed
      ...["active", "acknowledged", "cleared"].map((status): [string, string, unknown] => [
        "alarm",
        "cleared",
        { id, deviceId: id, severity: 2, status, message: "Puerta abierta", raisedAt: at, updatedAt: at },
      ]),
    ];
    for (const [entity, op, payload] of older) expect(syncPayloadErrors(entity, op, payload)).toEqual([]);
  });

  it("takes a notification's kind, dedupe key and low-stock fields, and a kind a newer appliance adds", () => {
    const lowStock = {
      message: "Stock bajo: Yerba Playadito 1 kg — quedan 3 u. (mínimo 5 u.)",
      at,
      kind: "low_stock",
      dedupeKey: `low_stock:${id}:${id}`,
      productId: id,
      onHand: 3,
      threshold: 5,
    };
    expect(syncPayloadErrors("notification", "created", lowStock)).toEqual([]);
    expect(syncPayloadErrors("notification", "created", { ...lowStock, onHand: -2 })).toEqual([]);
    expect(
      syncPayloadErrors("notification", "created", { message: "Puerta abierta", at, kind: "door_open" }),
    ).toEqual([]);
  });

  it("refuses a notification kind that is not a short snake_case word, an empty dedupe key and a fractional quantity", () => {
    const base = { message: "Stock bajo", at };
    for (const kind of ["", "Low Stock", "low-stock", "x".repeat(41), 3])
      expect(syncPayloadErrors("notification", "created", { ...base, kind }), String(kind)).not.toEqual([]);
    expect(syncPayloadErrors("notification", "created", { ...base, dedupeKey: "" })).not.toEqual([]);
    expect(syncPayloadErrors("notification", "created", { ...base, onHand: 1.5 })).toEqual([
      "/onHand: Expected integer",
    ]);
    expect(syncPayloadErrors("notification", "created", { ...base, threshold: -1 })).not.toEqual([]);
  });

  it("names what breaks a schema, and knows no op it does not list", () => {
    expect(
      syncPayloadErrors("stock_movement", "created", {
        id,
        productId: id,
        quantity: 1.5,
        reason: "count",
        at,
      }),
    ).toEqual(["/quantity: Expected integer"]);
    expect(opSchema("sale", "launched")).toBeUndefined();
    expect(opSchema("spaceship", "created")).toBeUndefined();
    expect(syncPayloadErrors("spaceship", "created", {})).toEqual([
      'the sync map has no op "created" on "spaceship"',
    ]);
  });
});
