import type {
  ApiAppointment,
  ApiCustomer,
  ApiProduct,
  ApiSale,
  ApiStockItem,
  ApiStore,
  ApiVariant,
  AppointmentPageQuery,
  PageQuery,
  StorePageQuery,
} from "@mostrador/contracts/http/public-api";
import { PRODUCT_COLUMNS, type CloudProductRow, toCloudProduct } from "../catalog/product-fields.js";
import { CloudError } from "../core/errors.js";
import type { Queryable } from "../db/sql.js";
import { requireStore } from "../tenancy/stores.js";
import { pageOf, sortAt } from "./pagination.js";

/**
 * The public API's reads, every one inside the key's tenant (RLS: the caller runs them in
 * `withTenant`), each a page (pagination.ts) or one row by id. Another tenant's id or store is simply
 * not there: 404, never a hint that it exists.
 */

export type Paged<T> = { data: T[]; nextCursor: string | null };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function storeFilter(q: Queryable, storeId: string | undefined): Promise<string | null> {
  if (storeId) await requireStore(q, storeId);
  return storeId ?? null;
}

// ── stores ──────────────────────────────────────────────────────────────────────────────────────────

interface StoreRow {
  id: string;
  name: string;
  created_at: Date;
  sort_at: Date;
  sort_id: string;
}
const STORES = `SELECT id, name, created_at, ${sortAt("created_at")} AS sort_at, id::text AS sort_id FROM stores`;
const toStore = (r: StoreRow): ApiStore => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.sort_at.toISOString(),
});

export async function listStores(q: Queryable, page: PageQuery): Promise<Paged<ApiStore>> {
  const { rows, nextCursor } = await pageOf<StoreRow>(q, STORES, [], page);
  return { data: rows.map(toStore), nextCursor };
}

export async function getStore(q: Queryable, id: string): Promise<ApiStore> {
  const [row] = await q.query<StoreRow>(`${STORES} WHERE id::text = $1`, [id]);
  if (!row) throw new CloudError("not_found", "store_not_found", "No existe ese local");
  return toStore(row);
}

// ── products (a model with its variants, or a plain product) ───────────────────────────────────────

type ProductRow = CloudProductRow & { sort_at: Date; sort_id: string };

const PRODUCTS = `SELECT p.*, ${sortAt(
  "GREATEST(p.updated_at, (SELECT max(v.updated_at) FROM products v WHERE v.variant_of = p.id))",
)} AS sort_at, p.id::text AS sort_id
  FROM (SELECT ${PRODUCT_COLUMNS} FROM products) p
  WHERE p.variant_of IS NULL AND ($1::uuid IS NULL OR p.store_id IS NULL OR p.store_id = $1)`;

function core(r: CloudProductRow) {
  const p = toCloudProduct(r);
  return {
    id: p.id,
    storeId: p.storeId,
    sku: p.sku,
    name: p.name,
    categoryId: p.categoryId,
    price: p.price,
    ivaRate: p.ivaRate,
    unit: p.unit,
    barcodes: p.barcodes,
    lowStockThreshold: p.lowStockThreshold,
    active: p.active,
    updatedAt: p.updatedAt,
  };
}

async function withVariants(q: Queryable, rows: ProductRow[]): Promise<ApiProduct[]> {
  const models = rows.filter((r) => r.variant_axes !== null).map((r) => r.id);
  const variants = models.length
    ? await q.query<CloudProductRow>(
        `SELECT ${PRODUCT_COLUMNS} FROM products WHERE variant_of = ANY($1::uuid[]) ORDER BY name, id`,
        [models],
      )
    : [];
  return rows.map((r) => ({
    ...core(r),
    updatedAt: r.sort_at.toISOString(),
    axes: r.variant_axes,
    variants: variants
      .filter((v) => v.variant_of === r.id)
      .map((v): ApiVariant => ({
        ...core(v),
        values: v.variant_values ?? [],
        priceFollowsModel: v.price_follows_model,
      })),
  }));
}

export async function listProducts(q: Queryable, page: StorePageQuery): Promise<Paged<ApiProduct>> {
  const storeId = await storeFilter(q, page.storeId);
  const { rows, nextCursor } = await pageOf<ProductRow>(q, PRODUCTS, [storeId], page);
  return { data: await withVariants(q, rows), nextCursor };
}

export async function getProduct(q: Queryable, id: string): Promise<ApiProduct> {
  const notFound = () =>
    new CloudError("not_found", "product_not_found", "El producto no existe", { productId: id });
  const [row] = await q.query<ProductRow>(`SELECT * FROM (${PRODUCTS}) r WHERE r.id::text = $2`, [null, id]);
  if (row) return (await withVariants(q, [row]))[0]!;
  const [variant] = await q.query<{ variant_of: string }>(
    "SELECT variant_of FROM products WHERE id::text = $1 AND variant_of IS NOT NULL",
    [id],
  );
  if (variant)
    throw new CloudError("not_found", "product_is_variant", "Es una variante: pedí su modelo, que la trae", {
      modelId: variant.variant_of,
    });
  throw notFound();
}

// ── stock ───────────────────────────────────────────────────────────────────────────────────────────

interface StockRow {
  store_id: string;
  product_id: string;
  on_hand: string;
  sort_at: Date;
  sort_id: string;
}

export async function listStock(q: Queryable, page: StorePageQuery): Promise<Paged<ApiStockItem>> {
  const storeId = await storeFilter(q, page.storeId);
  const { rows, nextCursor } = await pageOf<StockRow>(
    q,
    `SELECT store_id, product_id, on_hand, ${sortAt("updated_at")} AS sort_at,
            store_id::text || ':' || product_id AS sort_id
       FROM stock_levels WHERE $1::uuid IS NULL OR store_id = $1`,
    [storeId],
    page,
  );
  return {
    data: rows.map((r) => ({
      storeId: r.store_id,
      productId: r.product_id,
      onHand: Number(r.on_hand),
      updatedAt: r.sort_at.toISOString(),
    })),
    nextCursor,
  };
}

// ── sales ───────────────────────────────────────────────────────────────────────────────────────────

interface SaleRow {
  id: string;
  store_id: string;
  display_number: string;
  status: "completed" | "voided";
  created_at: Date;
  voided_at: Date | null;
  total: string;
  net_total: string;
  iva_total: string;
  discount_total: string;
  customer_id: string | null;
  sort_at: Date;
  sort_id: string;
}

// A sale changes once after it is made, when it is voided.
const SALES = `SELECT id, store_id, display_number, status, created_at, voided_at, total, net_total, iva_total,
    discount_total, customer_id, ${sortAt("COALESCE(voided_at, created_at)")} AS sort_at, id AS sort_id
  FROM sales WHERE $1::uuid IS NULL OR store_id = $1`;

async function withLines(q: Queryable, rows: SaleRow[]): Promise<ApiSale[]> {
  const ids = rows.map((r) => r.id);
  const lines = ids.length
    ? await q.query<{
        sale_id: string;
        product_id: string;
        description: string;
        quantity: string;
        unit_price: string;
        total: string;
      }>(
        `SELECT sale_id, product_id, description, quantity, unit_price, total FROM sale_lines
          WHERE sale_id = ANY($1::text[]) ORDER BY sale_id, line_no`,
        [ids],
      )
    : [];
  const payments = ids.length
    ? await q.query<{ sale_id: string; method: string; amount: string }>(
        "SELECT sale_id, method, amount FROM sale_payments WHERE sale_id = ANY($1::text[]) ORDER BY sale_id, id",
        [ids],
      )
    : [];
  return rows.map((r) => ({
    id: r.id,
    storeId: r.store_id,
    number: r.display_number,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    voidedAt: iso(r.voided_at),
    total: Number(r.total),
    netTotal: Number(r.net_total),
    ivaTotal: Number(r.iva_total),
    discountTotal: Number(r.discount_total),
    customerId: r.customer_id,
    lines: lines
      .filter((l) => l.sale_id === r.id)
      .map((l) => ({
        productId: l.product_id,
        description: l.description,
        quantity: Number(l.quantity),
        unitPrice: Number(l.unit_price),
        total: Number(l.total),
      })),
    payments: payments
      .filter((p) => p.sale_id === r.id)
      .map((p) => ({ method: p.method, amount: Number(p.amount) })),
    updatedAt: r.sort_at.toISOString(),
  }));
}

export async function listSales(q: Queryable, page: StorePageQuery): Promise<Paged<ApiSale>> {
  const storeId = await storeFilter(q, page.storeId);
  const { rows, nextCursor } = await pageOf<SaleRow>(q, SALES, [storeId], page);
  return { data: await withLines(q, rows), nextCursor };
}

export async function getSale(q: Queryable, id: string): Promise<ApiSale> {
  const [row] = await q.query<SaleRow>(`SELECT * FROM (${SALES}) r WHERE r.id = $2`, [null, id]);
  if (!row) throw new CloudError("not_found", "sale_not_found", "La venta no existe");
  return (await withLines(q, [row]))[0]!;
}

// ── customers ───────────────────────────────────────────────────────────────────────────────────────

interface CustomerDbRow {
  id: string;
  name: string;
  doc_type: string | null;
  doc_number: string | null;
  iva_condition: string;
  phone: string | null;
  email: string | null;
  birthday: string | null;
  notes: string | null;
  tags: string[];
  loyalty_code: string | null;
  merged_into: string | null;
  erased_at: Date | null;
  sort_at: Date;
  sort_id: string;
}

const CUSTOMERS = `SELECT id, name, doc_type, doc_number, iva_condition, phone, email, birthday, notes, tags,
    loyalty_code, merged_into, erased_at, ${sortAt("updated_at")} AS sort_at, id AS sort_id FROM customers`;

const toCustomer = (r: CustomerDbRow): ApiCustomer => ({
  id: r.id,
  name: r.name,
  docType: r.doc_type,
  docNumber: r.doc_number,
  ivaCondition: r.iva_condition,
  phone: r.phone,
  email: r.email,
  birthday: r.birthday,
  notes: r.notes,
  tags: r.tags,
  loyaltyCode: r.loyalty_code,
  mergedInto: r.merged_into,
  erased: r.erased_at !== null,
  updatedAt: r.sort_at.toISOString(),
});

export async function listCustomers(q: Queryable, page: PageQuery): Promise<Paged<ApiCustomer>> {
  const { rows, nextCursor } = await pageOf<CustomerDbRow>(q, CUSTOMERS, [], page);
  return { data: rows.map(toCustomer), nextCursor };
}

export async function getCustomer(q: Queryable, id: string): Promise<ApiCustomer> {
  const [row] = await q.query<CustomerDbRow>(`${CUSTOMERS} WHERE id = $1`, [id]);
  if (!row) throw new CloudError("not_found", "customer_not_found", "El cliente no existe");
  return toCustomer(row);
}

// ── appointments (turnos) ───────────────────────────────────────────────────────────────────────────

interface BookingRow {
  id: string;
  store_id: string;
  professional_id: string;
  service_id: string;
  customer_id: string | null;
  start_at: Date;
  end_at: Date;
  state: string;
  origin: "desk" | "online";
  patient_name: string | null;
  price: string;
  sort_at: Date;
  sort_id: string;
}

const APPOINTMENTS = `SELECT id, store_id, professional_id, service_id, customer_id, start_at, end_at, state, origin,
    patient_name, price, ${sortAt("updated_at")} AS sort_at, id AS sort_id FROM turno_bookings
  WHERE ($1::uuid IS NULL OR store_id = $1) AND ($2::timestamptz IS NULL OR start_at >= $2)
    AND ($3::timestamptz IS NULL OR start_at < $3)`;

const toAppointment = (r: BookingRow): ApiAppointment => ({
  id: r.id,
  storeId: r.store_id,
  professionalId: r.professional_id,
  serviceId: r.service_id,
  customerId: r.customer_id,
  start: r.start_at.toISOString(),
  end: r.end_at.toISOString(),
  state: r.state,
  origin: r.origin,
  patientName: r.patient_name,
  price: Number(r.price),
  updatedAt: r.sort_at.toISOString(),
});

export async function listAppointments(
  q: Queryable,
  page: AppointmentPageQuery,
): Promise<Paged<ApiAppointment>> {
  const storeId = await storeFilter(q, page.storeId);
  if (page.from && page.to && Date.parse(page.from) >= Date.parse(page.to))
    throw new CloudError("invalid", "period_reversed", "«from» tiene que ser anterior a «to»", {
      field: "from",
    });
  const { rows, nextCursor } = await pageOf<BookingRow>(
    q,
    APPOINTMENTS,
    [storeId, page.from ?? null, page.to ?? null],
    page,
  );
  return { data: rows.map(toAppointment), nextCursor };
}

export async function getAppointment(q: Queryable, id: string): Promise<ApiAppointment> {
  const [row] = await q.query<BookingRow>(`SELECT * FROM (${APPOINTMENTS}) r WHERE r.id = $4`, [
    null,
    null,
    null,
    id,
  ]);
  if (!row) throw new CloudError("not_found", "appointment_not_found", "El turno no existe");
  return toAppointment(row);
}
