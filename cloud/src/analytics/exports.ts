import type {
  AnalyticsAnswer,
  AnalyticsCardDay,
  AnalyticsTable,
  AnalyticsTurnosDay,
  AnalyticsTurnosFigures,
  AnalyticsTurnosProfessional,
} from "@mostrador/contracts/http/cloud-analytics";
import { ANALYTICS_TABLES } from "@mostrador/contracts/http/cloud-analytics";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { cell as neutralised, decimal } from "../operator/csv.js";

/** A column: its heading (es-AR, en), money (centavos shown as pesos) or a plain value. */
interface Column<T> {
  es: string;
  en: string;
  money?: boolean;
  value(row: T): string | number | null;
}

type Lang = "es" | "en";

interface TableSpec<T> {
  sheet: { es: string; en: string };
  rows(a: AnalyticsAnswer): T[];
  columns: Column<T>[];
}

const money = <T>(es: string, en: string, value: (row: T) => number | null): Column<T> => ({
  es,
  en,
  money: true,
  value,
});
const plain = <T>(es: string, en: string, value: (row: T) => string | number | null): Column<T> => ({
  es,
  en,
  value,
});

type Row<K extends keyof AnalyticsAnswer> =
  NonNullable<AnalyticsAnswer[K]> extends readonly (infer R)[] ? R : never;

type CardDay = AnalyticsCardDay;
type TurnosDay = AnalyticsTurnosDay;
type TurnosPro = AnalyticsTurnosProfessional;

/** A rate in basis points as a percentage with one decimal ("12.5"); empty when there is none. */
const percent = (bp: number | null) => (bp === null ? null : Math.round(bp / 10) / 10);

/** The turnos figures' columns, the same for a day and for a professional. */
function turnoColumns<T extends AnalyticsTurnosFigures>(): Column<T>[] {
  return [
    plain<T>("Reservados", "Booked", (r) => r.booked),
    plain<T>("Atendidos", "Attended", (r) => r.attended),
    plain<T>("Ausentes", "No-shows", (r) => r.noShows),
    plain<T>("Ausentismo %", "No-show rate %", (r) => percent(r.noShowRateBp)),
    plain<T>("Cancelados", "Cancelled", (r) => r.cancelled),
    plain<T>("Minutos reservados", "Booked minutes", (r) => r.bookedMinutes),
    plain<T>("Minutos disponibles", "Open minutes", (r) => r.openMinutes),
    plain<T>("Ocupación %", "Occupancy %", (r) => percent(r.occupancyBp)),
    money<T>("Señas", "Deposits", (r) => r.deposits),
  ];
}

/** A table of rows of its own type, kept among the others (their rows differ). */
const tableOf = <T>(table: TableSpec<T>) => table as unknown as TableSpec<unknown>;

/** What each exported table holds: the screen's tables, as the answer has them. */
const TABLES: Record<AnalyticsTable, TableSpec<unknown>> = {
  days: tableOf({
    sheet: { es: "Días", en: "Days" },
    rows: (a) => a.byDay,
    columns: [
      plain<Row<"byDay">>("Fecha", "Date", (r) => r.date),
      money<Row<"byDay">>("Ventas", "Sales", (r) => r.sales),
      plain<Row<"byDay">>("Tickets", "Tickets", (r) => r.tickets),
      money<Row<"byDay">>("Devoluciones", "Returns", (r) => r.returns),
    ],
  }),
  products: tableOf({
    sheet: { es: "Productos", en: "Products" },
    rows: (a) => a.products,
    columns: [
      plain<Row<"products">>("Producto", "Product", (r) => r.name),
      plain<Row<"products">>("Id", "Id", (r) => r.productId),
      plain<Row<"products">>("Unidad", "Unit", (r) => r.unit),
      plain<Row<"products">>("Cantidad", "Quantity", (r) => r.quantity),
      plain<Row<"products">>("Devuelto", "Returned", (r) => r.returnedQuantity),
      money<Row<"products">>("Ventas", "Sales", (r) => r.sales),
      money<Row<"products">>("Devoluciones", "Returns", (r) => r.returns),
      money<Row<"products">>("Período anterior", "Previous period", (r) => r.previousSales),
      money<Row<"products">>("Costo", "Cost", (r) => r.cost),
      money<Row<"products">>("Margen", "Margin", (r) => r.margin),
      plain<Row<"products">>("Stock", "On hand", (r) => r.onHand),
      plain<Row<"products">>("Días de cobertura", "Days of cover", (r) => r.daysOfCover),
      plain<Row<"products">>("Rotación", "Turnover", (r) => r.rotation),
    ],
  }),
  categories: tableOf({
    sheet: { es: "Categorías", en: "Categories" },
    rows: (a) => a.byCategory,
    columns: [
      plain<Row<"byCategory">>("Categoría", "Category", (r) => r.name ?? (r.categoryId ? r.categoryId : "—")),
      money<Row<"byCategory">>("Ventas", "Sales", (r) => r.sales),
      money<Row<"byCategory">>("Devoluciones", "Returns", (r) => r.returns),
      money<Row<"byCategory">>("Período anterior", "Previous period", (r) => r.previousSales),
      money<Row<"byCategory">>("Costo", "Cost", (r) => r.cost),
      money<Row<"byCategory">>("Margen", "Margin", (r) => r.margin),
    ],
  }),
  payments: tableOf({
    sheet: { es: "Medios de pago", en: "Payment methods" },
    rows: (a) => a.byPaymentMethod ?? [],
    columns: [
      plain<Row<"byPaymentMethod">>("Medio", "Method", (r) => r.method),
      money<Row<"byPaymentMethod">>("Ventas", "Sales", (r) => r.sales),
      plain<Row<"byPaymentMethod">>("Pagos", "Payments", (r) => r.payments),
      money<Row<"byPaymentMethod">>("Reintegros", "Refunds", (r) => r.refunds),
    ],
  }),
  staff: tableOf({
    sheet: { es: "Personal", en: "Staff" },
    rows: (a) => a.byStaff ?? [],
    columns: [
      plain<Row<"byStaff">>("Nombre", "Name", (r) => r.name),
      money<Row<"byStaff">>("Ventas", "Sales", (r) => r.sales),
      plain<Row<"byStaff">>("Tickets", "Tickets", (r) => r.tickets),
      money<Row<"byStaff">>("Devoluciones", "Returns", (r) => r.returns),
    ],
  }),
  stores: tableOf({
    sheet: { es: "Locales", en: "Stores" },
    rows: (a) => a.byStore,
    columns: [
      plain<Row<"byStore">>("Local", "Store", (r) => r.name),
      money<Row<"byStore">>("Ventas", "Sales", (r) => r.sales),
      money<Row<"byStore">>("Devoluciones", "Returns", (r) => r.returns),
      money<Row<"byStore">>("Período anterior", "Previous period", (r) => r.previousSales),
    ],
  }),

  cards: tableOf({
    sheet: { es: "Tarjetas", en: "Cards" },
    rows: (a) => a.cards?.byDay ?? [],
    columns: [
      plain<CardDay>("Fecha", "Date", (r) => r.date),
      money<CardDay>("Cargas", "Top-ups", (r) => r.topUps),
      plain<CardDay>("Cantidad de cargas", "Top-up count", (r) => r.topUpCount),
      money<CardDay>("Consumos", "Charges", (r) => r.charges),
      money<CardDay>("Reintegros a tarjeta", "Refunds to card", (r) => r.refunds),
      money<CardDay>("Devoluciones de saldo", "Cash-outs", (r) => r.cashOuts),
      plain<CardDay>("Tarjetas activas", "Active cards", (r) => r.activeCards),
    ],
  }),
  turnos: tableOf({
    sheet: { es: "Turnos por día", en: "Appointments by day" },
    rows: (a) => a.turnos?.byDay ?? [],
    columns: [plain<TurnosDay>("Fecha", "Date", (r) => r.date), ...turnoColumns<TurnosDay>()],
  }),
  professionals: tableOf({
    sheet: { es: "Profesionales", en: "Professionals" },
    rows: (a) => a.turnos?.byProfessional ?? [],
    columns: [plain<TurnosPro>("Profesional", "Professional", (r) => r.name), ...turnoColumns<TurnosPro>()],
  }),
};

const TURNOS = new Set<AnalyticsTable>(["turnos", "professionals"]);

const spec = (table: AnalyticsTable): TableSpec<unknown> => TABLES[table];

/**
 * One table as CSV (RFC 4180, CRLF): money as pesos with a dot ("4900.00"), text that a spreadsheet
 * would run as a formula ("=HYPERLINK(…)", a product named so at a till) written as text.
 */
export function analyticsCsv(answer: AnalyticsAnswer, table: AnalyticsTable, lang: Lang = "es"): string {
  const { columns, rows } = spec(table);
  return stringify(
    [
      columns.map((c) => c[lang]),
      ...rows(answer).map((row) =>
        columns.map((c) => {
          const v = c.value(row);
          if (v === null) return "";
          return c.money ? decimal(v as number) : neutralised(String(v));
        }),
      ),
    ],
    { record_delimiter: "\r\n" },
  );
}

/** Every table as a sheet of one workbook: money as numbers in pesos with two decimals, text neutralised too. */
export async function analyticsXlsx(answer: AnalyticsAnswer, lang: Lang = "es"): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = "Mostrador";
  for (const table of ANALYTICS_TABLES) {
    // A module the plan leaves off has no sheet (its figures are not in the answer).
    if ((table === "cards" && !answer.cards) || (TURNOS.has(table) && !answer.turnos)) continue;
    const { sheet: name, columns, rows } = spec(table);
    const sheet = book.addWorksheet(name[lang]);
    sheet.columns = columns.map((c) => ({
      header: c[lang],
      width: Math.max(12, c[lang].length + 2),
      ...(c.money ? { style: { numFmt: "#,##0.00" } } : {}),
    }));
    for (const row of rows(answer))
      sheet.addRow(
        columns.map((c) => {
          const v = c.value(row);
          if (v === null) return null;
          if (c.money) return (v as number) / 100;
          return typeof v === "string" ? neutralised(v) : v;
        }),
      );
    sheet.getRow(1).font = { bold: true };
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
