/**
 * Test support: rows in the ingest projections (0002_ingest.sql) written directly as the schema owner,
 * as if an appliance had uploaded them, so dashboard tests do not depend on the upload path.
 */
import { randomUUID } from "node:crypto";
import type { Sql } from "../db/sql.js";

export interface SeedSale {
  tenantId: string;
  storeId: string;
  applianceId: string;
  at: string;
  total: number;
  status?: "completed" | "voided";
  payments?: { method: string; amount: number }[];
  lines?: { productId: string; description: string; quantity: number; total: number; unit?: string }[];
}

let number = 0;

export async function seedSale(owner: Sql, s: SeedSale): Promise<string> {
  const id = randomUUID();
  number++;
  await owner.query(
    `INSERT INTO sales (tenant_id, id, store_id, appliance_id, terminal_id, terminal_code, number, display_number,
       cash_session_id, status, created_at, staff_id, staff_name, subtotal, discount_total, total, net_total, iva_total)
     VALUES ($1, $2, $3, $4, 't1', 1, $5, $6, 'cs1', $7, $8, 'st1', 'Ana', $9, 0, $9, $9, 0)`,
    [
      s.tenantId,
      id,
      s.storeId,
      s.applianceId,
      number,
      `0001-${number}`,
      s.status ?? "completed",
      s.at,
      s.total,
    ],
  );
  for (const p of s.payments ?? [{ method: "cash", amount: s.total }])
    await owner.query(
      `INSERT INTO sale_payments (tenant_id, id, store_id, sale_id, method, amount, change)
       VALUES ($1, $2, $3, $4, $5, $6, 0)`,
      [s.tenantId, randomUUID(), s.storeId, id, p.method, p.amount],
    );
  let lineNo = 0;
  for (const l of s.lines ?? [])
    await owner.query(
      `INSERT INTO sale_lines (tenant_id, id, store_id, sale_id, line_no, product_id, description, unit, quantity,
         unit_price, total, iva_rate, net, iva)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, 2100, $10, 0)`,
      [
        s.tenantId,
        randomUUID(),
        s.storeId,
        id,
        ++lineNo,
        l.productId,
        l.description,
        l.unit ?? "each",
        l.quantity,
        l.total,
      ],
    );
  return id;
}

export async function seedStockLevel(
  owner: Sql,
  r: { tenantId: string; storeId: string; productId: string; onHand: number },
): Promise<void> {
  await owner.query(
    `INSERT INTO stock_levels (tenant_id, store_id, product_id, on_hand, updated_at) VALUES ($1, $2, $3, $4, now())`,
    [r.tenantId, r.storeId, r.productId, r.onHand],
  );
}

export async function seedAlarm(
  owner: Sql,
  r: { tenantId: string; storeId: string; severity: number; status: string; message: string; at: string },
): Promise<string> {
  const id = randomUUID();
  await owner.query(
    `INSERT INTO alarms (tenant_id, id, store_id, device_id, severity, status, message, raised_at, updated_at, state)
     VALUES ($1, $2, $3, 'heladera-1', $4, $5, $6, $7, $7, '{}'::jsonb)`,
    [r.tenantId, id, r.storeId, r.severity, r.status, r.message, r.at],
  );
  return id;
}

/** A tenant-wide cloud product (0003_catalog_shapes.sql), as if created in the dashboard earlier. */
export async function seedProduct(
  owner: Sql,
  r: { tenantId: string; sku: string; name: string; price: number; lowStockThreshold: number | null },
): Promise<string> {
  const id = randomUUID();
  await owner.query(
    `INSERT INTO products (tenant_id, id, store_id, sku, name, price, iva_rate, unit, low_stock_threshold, active,
       field_hlc, updated_at)
     VALUES ($1, $2, NULL, $3, $4, $5, 2100, 'each', $6, true, '{}'::jsonb, now())`,
    [r.tenantId, id, r.sku, r.name, r.price, r.lowStockThreshold],
  );
  return id;
}

/** A return (0002's returns projection) of some sale, refunded at `at`. */
export async function seedReturn(
  owner: Sql,
  r: { tenantId: string; storeId: string; saleId: string; at: string; total: number },
): Promise<void> {
  await owner.query(
    `INSERT INTO returns (tenant_id, id, store_id, sale_id, display_number, cash_session_id, created_at, staff_id,
       reason, total, net_total, iva_total)
     VALUES ($1, $2, $3, $4, 'D-1', 'cs1', $5, 'st1', 'Vencido', $6, $6, 0)`,
    [r.tenantId, randomUUID(), r.storeId, r.saleId, r.at, r.total],
  );
}

/**
 * A device its store's appliance registered (kept in appliance_events, as ingest keeps `device` ops) and
 * hourly rollups of one of its sensors (the sensors module's sensor_rollups, migration 0044).
 */
export async function seedSensorHistory(
  owner: Sql,
  r: {
    tenantId: string;
    storeId: string;
    deviceId: string;
    name: string;
    key: string;
    hours: { hour: string; min: number; max: number; avg: number; count: number }[];
  },
): Promise<void> {
  const payload = {
    id: r.deviceId,
    slug: r.deviceId,
    name: r.name,
    active: true,
    sensors: [{ key: r.key, kind: "temperature", unit: "°C", min: -40, max: 60 }],
    relays: [],
  };
  await owner.query(
    `INSERT INTO appliance_events (tenant_id, op_id, store_id, appliance_id, seq, entity, entity_id, op, payload,
       created_at)
     VALUES ($1, $2, $3, $4, 1, 'device', $5, 'created', $6, now())`,
    [r.tenantId, randomUUID(), r.storeId, randomUUID(), r.deviceId, JSON.stringify(payload)],
  );
  for (const h of r.hours)
    await owner.query(
      `INSERT INTO sensor_rollups (tenant_id, store_id, hour, device_id, sensor_key, version, count, min, max, sum)
       VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9)`,
      [r.tenantId, r.storeId, h.hour, r.deviceId, r.key, h.count, h.min, h.max, h.avg * h.count],
    );
}
