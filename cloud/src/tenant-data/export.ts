import { Readable } from "node:stream";
import archiver from "archiver";
import { stringify } from "csv-stringify/sync";
import type { Queryable, Sql } from "../db/sql.js";

/**
 * Columns never exported: credentials and their hashes (passwords, session and link tokens, TOTP and
 * channel secrets, webhook signing secrets). They are the service's to check, not the shop's data, and
 * an export file travels by email and USB sticks.
 */
const SECRET_COLUMN = /(hash|secret|sealed|ciphertext|token|_sha$|password)/;

/**
 * Tables that are the sync machinery rather than the shop's data: the shapes' change log, each
 * product's snapshot text and the record of applied op ids (everything in them is in the tables they
 * describe).
 */
const MACHINERY = new Set([
  "shape_log",
  "shape_generations",
  "applied_ops",
  "schema_migrations",
  "product_wire_rows",
]);

const PAGE = 2_000;

interface ExportTable {
  name: string;
  columns: string[];
}

/**
 * Every table of the tenant the service can read: the catalog's tables with a tenant_id column (so a
 * module's new table is exported without touching this), less the machinery, with their columns less
 * the secrets. The organization itself is `organizations` (its id is the tenant).
 */
export async function exportTables(q: Queryable): Promise<ExportTable[]> {
  const rows = await q.query<{ table_name: string; columns: string[] }>(
    `SELECT c.table_name::text, array_agg(c.column_name::text ORDER BY c.ordinal_position) AS columns
     FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
       AND has_table_privilege(format('public.%I', c.table_name), 'SELECT')
       AND (c.table_name = 'organizations' OR EXISTS (
         SELECT 1 FROM information_schema.columns k
         WHERE k.table_schema = 'public' AND k.table_name = c.table_name AND k.column_name = 'tenant_id'))
     GROUP BY c.table_name ORDER BY c.table_name`,
  );
  return rows
    .filter((r) => !MACHINERY.has(r.table_name))
    .map((r) => ({ name: r.table_name, columns: r.columns.filter((c) => !SECRET_COLUMN.test(c)) }));
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * One table's rows, a page at a time, each page in its own short transaction under the tenant (RLS
 * shows no other tenant's rows; the WHERE says so too). Pages follow the physical row id: no table
 * needs a particular key, and a page is an index-free range scan.
 */
async function* tablePages(
  sql: Sql,
  tenantId: string,
  table: ExportTable,
): AsyncGenerator<Record<string, unknown>[]> {
  const key = table.name === "organizations" ? "id" : "tenant_id";
  const columns = table.columns.map(ident).join(", ");
  let after = "(0,0)";
  for (;;) {
    const rows = await sql.withTenant(tenantId, (q) =>
      q.query<Record<string, unknown> & { __ctid: string }>(
        `SELECT ctid::text AS __ctid, ${columns} FROM public.${ident(table.name)}
         WHERE ${key} = $1 AND ctid > $2::tid ORDER BY ctid LIMIT ${PAGE}`,
        [tenantId, after],
      ),
    );
    if (rows.length === 0) return;
    after = rows.at(-1)!.__ctid;
    yield rows.map(({ __ctid: _, ...row }) => row);
    if (rows.length < PAGE) return;
  }
}

const cell = (value: unknown): string | number | boolean | null => {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return value as string | number | boolean;
};

async function* csvOf(sql: Sql, tenantId: string, table: ExportTable): AsyncGenerator<string> {
  yield stringify([table.columns]);
  for await (const page of tablePages(sql, tenantId, table))
    yield stringify(page.map((row) => table.columns.map((c) => cell(row[c]))));
}

async function* jsonOf(sql: Sql, tenantId: string, table: ExportTable): AsyncGenerator<string> {
  yield "[";
  let first = true;
  for await (const page of tablePages(sql, tenantId, table))
    for (const row of page) {
      yield `${first ? "\n" : ",\n"}${JSON.stringify(row)}`;
      first = false;
    }
  yield "\n]\n";
}

/**
 * The tenant's data as a zip streamed while it is read: `<table>.csv` and `<table>.json` for every
 * table, and a README.txt. Memory stays at a page per table whatever the shop's size; the entries are
 * read one after the other, so the archive is consistent table by table (not across tables: a shop
 * still selling while it downloads may have a sale in sales.csv whose line came a moment later).
 */
export async function tenantExport(sql: Sql, tenantId: string, now: Date): Promise<Readable> {
  const tables = await sql.withTenant(tenantId, exportTables);
  const zip = archiver("zip", { zlib: { level: 6 } });
  zip.append(
    `Datos de Mostrador exportados el ${now.toISOString()} (UTC).\n` +
      `Un archivo CSV y uno JSON por tabla; importes en centavos, fechas en UTC (ISO 8601).\n` +
      `No incluye contraseñas, tokens ni secretos.\n`,
    { name: "LEEME.txt", date: now },
  );
  for (const table of tables) {
    zip.append(Readable.from(csvOf(sql, tenantId, table)), { name: `${table.name}.csv`, date: now });
    zip.append(Readable.from(jsonOf(sql, tenantId, table)), { name: `${table.name}.json`, date: now });
  }
  void zip.finalize();
  return zip;
}
