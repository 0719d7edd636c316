import { compactClocks } from "@mostrador/contracts/http/cloud-shapes";
/**
 * The tables an appliance may download, each with the server-side filter that scopes it to the
 * appliance's tenant (RLS, always) and store. The client names a table from this list and nothing
 * else: the filter is never taken from the request (docs/sync-protocol.md).
 */
export interface ShapeTable {
  name:
    | "products"
    | "store_settings"
    | "categories"
    | "customers"
    | "allowance_grants"
    | "credit_limits"
    | "allowance_recalls"
    | "turno_allotments"
    | "turno_bookings"
    | "turno_answers"
    | "entitlement_records"
    | "online_orders";
  /** The row's key column: the message key and what a delete carries. */
  key: string;
  /** Column → Postgres type, as Electric's `electric-schema` header describes them. */
  columns: Record<string, string>;
  /** SQL condition on alias `t` with $1 = the appliance's store id (tenant scoping is RLS's job). */
  storeFilter: string;
  /** The same condition for the Electric proxy: $1 tenant, $2 store. */
  electricWhere: string;
  /**
   * The row as this store sees it, when that is not the table's row as is: a join on alias `t` ($1 =
   * the store) and the jsonb expression of the row. Change-log rows are already written that way.
   */
  storeView?: { join: string; row: string };
}

export const SHAPE_TABLES: Record<ShapeTable["name"], ShapeTable> = {
  products: {
    name: "products",
    key: "id",
    columns: {
      tenant_id: "uuid",
      id: "uuid",
      store_id: "uuid",
      sku: "text",
      name: "text",
      category_id: "text",
      price: "int8",
      iva_rate: "int4",
      unit: "text",
      barcodes: "jsonb",
      scale_code: "int4",
      low_stock_threshold: "int8",
      active: "bool",
      variant_axes: "jsonb",
      variant_of: "uuid",
      variant_values: "jsonb",
      price_follows_model: "bool",
      field_hlc: "jsonb",
      updated_at: "timestamptz",
    },
    // Tenant-wide products (store_id NULL) and this store's own.
    storeFilter: "(t.store_id IS NULL OR t.store_id = $1)",
    // Electric serves single tables: a store's overrides (cloud 0005) do not reach tills through it.
    electricWhere: "tenant_id = $1 AND (store_id IS NULL OR store_id = $2)",
    // A tenant-wide product with this store's price and on-sale overrides on top (cloud 0005).
    storeView: {
      join: "LEFT JOIN product_store_overrides o ON o.store_id = $1 AND o.product_id = t.id",
      row: "product_row_for_store(to_jsonb(t), to_jsonb(o))",
    },
  },
  // Customers are tenant scope: every store of the tenant gets every customer (store_id is always NULL).
  customers: {
    name: "customers",
    key: "id",
    columns: {
      tenant_id: "uuid",
      id: "text",
      store_id: "uuid",
      name: "text",
      doc_type: "text",
      doc_number: "text",
      iva_condition: "text",
      phone: "text",
      email: "text",
      birthday: "text",
      notes: "text",
      tags: "jsonb",
      loyalty_code: "text",
      born_at: "text",
      merged_into: "text",
      erased_at: "timestamptz",
      field_hlc: "jsonb",
      created_at: "timestamptz",
      updated_at: "timestamptz",
    },
    storeFilter: "(t.store_id IS NULL OR t.store_id = $1)",
    electricWhere: "tenant_id = $1 AND (store_id IS NULL OR store_id = $2)",
  },
  store_settings: {
    name: "store_settings",
    key: "key",
    columns: { tenant_id: "uuid", store_id: "uuid", key: "text", value: "jsonb", updated_at: "timestamptz" },
    storeFilter: "t.store_id = $1",
    electricWhere: "tenant_id = $1 AND store_id = $2",
  },
  // The tenant's categories (store_id is always NULL): every store's tills get them, merged ones too,
  // so a till that knows a merged category moves its products to the one that stayed (cloud 0012).
  categories: {
    name: "categories",
    key: "id",
    columns: {
      tenant_id: "uuid",
      id: "text",
      store_id: "uuid",
      name: "text",
      name_key: "text",
      merged_into: "text",
      field_hlc: "jsonb",
      updated_at: "timestamptz",
    },
    storeFilter: "(t.store_id IS NULL OR t.store_id = $1)",
    electricWhere: "tenant_id = $1 AND (store_id IS NULL OR store_id = $2)",
  },
  // What the cloud granted this store of its customers' credit and points (cloud/src/accounts/grants.ts).
  allowance_grants: {
    name: "allowance_grants",
    key: "id",
    columns: {
      tenant_id: "uuid",
      id: "uuid",
      store_id: "uuid",
      customer_id: "text",
      kind: "text",
      amount: "int8",
      expires_at: "timestamptz",
      updated_at: "timestamptz",
    },
    storeFilter: "t.store_id = $1",
    electricWhere: "tenant_id = $1 AND store_id = $2",
  },
  // Customers' credit limits (tenant scope, store_id always NULL): every store shows and enforces the
  // latest one, set in the dashboard or by a manager at the birth store (cloud/src/accounts/limits.ts).
  credit_limits: {
    name: "credit_limits",
    key: "customer_id",
    columns: {
      tenant_id: "uuid",
      customer_id: "text",
      store_id: "uuid",
      credit_limit: "int8",
      set_by_store: "uuid",
      set_at: "timestamptz",
      hlc: "text",
    },
    storeFilter: "(t.store_id IS NULL OR t.store_id = $1)",
    electricWhere: "tenant_id = $1 AND (store_id IS NULL OR store_id = $2)",
  },
  // The owner's recalls of what this store holds of a customer's credit or points (accounts/recalls.ts).
  allowance_recalls: {
    name: "allowance_recalls",
    key: "id",
    columns: {
      tenant_id: "uuid",
      id: "uuid",
      store_id: "uuid",
      customer_id: "text",
      kind: "text",
      amount: "int8",
      updated_at: "timestamptz",
    },
    storeFilter: "t.store_id = $1",
    electricWhere: "tenant_id = $1 AND store_id = $2",
  },
  // The allotments this store's appliance granted the cloud (cloud/src/turnos/allotments.ts): 'held' is
  // the acknowledgement, returned_ranges the units given back (docs/turnos.md, the handshake).
  turno_allotments: {
    name: "turno_allotments",
    key: "id",
    columns: {
      tenant_id: "uuid",
      id: "text",
      store_id: "uuid",
      professional_id: "text",
      start_at: "timestamptz",
      end_at: "timestamptz",
      state: "text",
      returned_ranges: "jsonb",
      updated_at: "timestamptz",
    },
    storeFilter: "t.store_id = $1",
    electricWhere: "tenant_id = $1 AND store_id = $2",
  },
  // The store's ONLINE bookings (cloud/src/turnos/online.ts), with the units they took of an allotment;
  // the desk's own bookings never come back down. The patient's link token is not a column here.
  turno_bookings: {
    name: "turno_bookings",
    key: "id",
    columns: {
      tenant_id: "uuid",
      id: "text",
      store_id: "uuid",
      professional_id: "text",
      service_id: "text",
      start_at: "timestamptz",
      end_at: "timestamptz",
      state: "text",
      origin: "text",
      allotment_id: "text",
      unit_from: "int4",
      unit_to: "int4",
      patient_name: "text",
      patient_phone: "text",
      patient_email: "text",
      opt_in: "bool",
      price: "int8",
      updated_at: "timestamptz",
      // An accepted waitlist offer: the desk's entry it books (cloud/src/turnos/waitlist).
      waitlist_entry_id: "text",
      // The seña paid online (cloud migration 0026): what the till deducts, MP's payment, and whether it is owed back.
      deposit_paid: "int8",
      deposit_status: "text",
      deposit_payment_id: "text",
      // The room it took, for a service that needs one (cloud 0031); null otherwise.
      resource_id: "text",
    },
    // An unpaid hold (and one that expired unpaid) is the cloud's business only.
    storeFilter:
      "t.store_id = $1 AND t.origin = 'online' AND t.state <> 'held' AND t.deposit_status <> 'expired'",
    electricWhere:
      "tenant_id = $1 AND store_id = $2 AND origin = 'online' AND state <> 'held' AND deposit_status <> 'expired'",
  },
  // Patients' answers to the reminders of this store's DESK bookings (cloud/src/turnos/reminders/): the
  // cloud never changes a desk booking; the appliance applies these (sync/src/download/turno-answers-apply.ts).
  turno_answers: {
    name: "turno_answers",
    key: "id",
    columns: {
      tenant_id: "uuid",
      id: "uuid",
      store_id: "uuid",
      booking_id: "text",
      answer: "text",
      channel: "text",
      booking_start: "timestamptz",
      origin: "text",
      received_at: "timestamptz",
    },
    storeFilter: "t.store_id = $1 AND t.origin = 'desk'",
    electricWhere: "tenant_id = $1 AND store_id = $2 AND origin = 'desk'",
  },
  // The tenant's entitlement record, signed by the cloud (cloud/src/billing/entitlements/): one row,
  // every store's appliance gets it (store_id always NULL). Re-signed when an appliance connects.
  entitlement_records: {
    name: "entitlement_records",
    key: "id",
    columns: {
      tenant_id: "uuid",
      id: "text",
      store_id: "uuid",
      payload: "text",
      signature: "text",
      key_id: "text",
      issued_at: "timestamptz",
    },
    storeFilter: "(t.store_id IS NULL OR t.store_id = $1)",
    electricWhere: "tenant_id = $1 AND (store_id IS NULL OR store_id = $2)",
  },
  // The channels' orders for this store, as re-read from Tiendanube / Mercado Libre (cloud/src/channels/,
  // the row schema: contracts/src/sync/online-orders.ts). The connection and tokens never go down.
  online_orders: {
    name: "online_orders",
    key: "id",
    columns: {
      tenant_id: "uuid",
      id: "uuid",
      store_id: "uuid",
      channel: "text",
      remote_order_id: "text",
      remote_pack_id: "text",
      number: "text",
      status: "text",
      buyer_name: "text",
      total: "int8",
      lines: "jsonb",
      placed_at: "timestamptz",
      updated_at: "timestamptz",
    },
    storeFilter: "t.store_id = $1",
    electricWhere: "tenant_id = $1 AND store_id = $2",
  },
};

export const SHAPE_TABLE_NAMES = Object.keys(SHAPE_TABLES) as ShapeTable["name"][];

/** The `electric-schema` header: column → {type}, plus pk_index on the key (as Electric sends it). */
export function schemaHeader(table: ShapeTable, columns: readonly string[]): string {
  return JSON.stringify(
    Object.fromEntries(
      columns.map((c) => [
        c,
        { type: table.columns[c], ...(c === table.key ? { pk_index: 0, not_null: true } : {}) },
      ]),
    ),
  );
}

/**
 * `columns=` as the client sends it ("id","name" or id,name): a subset of the table's columns that
 * includes the key. Null (→ 400) if a name is unknown or the key is missing.
 */
export function parseColumns(table: ShapeTable, raw: string | undefined): string[] | null {
  if (raw === undefined) return Object.keys(table.columns);
  const names = raw.split(",").map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
  if (names.some((n) => !Object.hasOwn(table.columns, n))) return null;
  if (!names.includes(table.key)) return null;
  return [...new Set(names)];
}

/**
 * A row (as to_jsonb gave it) in Postgres text format, the way Electric sends values: every value a
 * string (numbers included), booleans t/f, json as its text, timestamps with a space; NULL stays null.
 */
export function toTextRow(
  table: ShapeTable,
  row: Record<string, unknown>,
  columns: readonly string[],
  compact = false,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const c of columns) {
    const v = row[c];
    if (v === null || v === undefined) out[c] = null;
    else if (compact && compactsClocks(table, c)) {
      const clocks = compactClocks(v as Record<string, string>);
      out[c] = clocks === null ? null : JSON.stringify(clocks);
    } else {
      const type = table.columns[c];
      if (type === "jsonb") out[c] = JSON.stringify(v);
      else if (type === "bool") out[c] = v ? "t" : "f";
      else if (type === "timestamptz") out[c] = String(v).replace("T", " ");
      else out[c] = String(v);
    }
  }
  return out;
}

/**
 * SQL for the same text row as toTextRow, built by Postgres from the jsonb row `row` (an SQL
 * expression): json text, so a snapshot's rows go out as they come in, never parsed and re-serialised
 * here. Numbers keep every digit; jsonb columns come as Postgres prints them (as Electric sends them).
 * Column names come from SHAPE_TABLES (parseColumns refuses any other), never from the request.
 */
export function textRowSql(
  table: ShapeTable,
  columns: readonly string[],
  row: string,
  compact = false,
): string {
  // Compact clocks are added by withCompactClocks, after the query.
  const fields = columns
    .filter((c) => !(compact && compactsClocks(table, c)))
    .map((c) => {
      const name = `'${c.replaceAll("'", "''")}'`;
      const type = table.columns[c];
      const value =
        type === "jsonb"
          ? `nullif(${row} -> ${name}, 'null'::jsonb)::text`
          : type === "bool"
            ? `CASE ${row} -> ${name} WHEN 'true'::jsonb THEN 't' WHEN 'false'::jsonb THEN 'f' END`
            : type === "timestamptz"
              ? `replace(${row} ->> ${name}, 'T', ' ')`
              : `${row} ->> ${name}`;
      return `${name}, ${value}`;
    });
  return `json_build_object(${fields.join(", ")})::text`;
}

/** The message key Electric uses: "schema"."table"/"pk". */
export function messageKey(table: ShapeTable, pk: string): string {
  return `"public"."${table.name}"/"${pk.replaceAll('"', '""')}"`;
}

/** Products' field_hlc is the column sent compact to an appliance that asks (contracts' compactClocks). */
export function compactsClocks(table: ShapeTable, column: string): boolean {
  return table.name === "products" && column === "field_hlc";
}

/**
 * A snapshot row's text with its clocks added compact: Postgres wrote the row without them
 * (textRowSql with `compact`) and gave the clocks apart, parsed; compacting here costs the cloud's Node
 * a few microseconds a row, where doing it in SQL made the snapshot's query half as slow again.
 */
export function withCompactClocks(rowText: string, clocks: unknown): string {
  const compact =
    clocks && typeof clocks === "object" ? compactClocks(clocks as Record<string, string>) : null;
  const value = compact === null ? "null" : JSON.stringify(JSON.stringify(compact));
  return `${rowText.slice(0, -1)}${rowText.length > 2 ? "," : ""}"field_hlc":${value}}`;
}
