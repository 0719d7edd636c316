import type { AnalyticsAnswer, AnalyticsTotals } from "@mostrador/contracts/http/cloud-analytics";
import { formatMoney, formatPercentBp, formatQuantity } from "@mostrador/contracts/format";

/** What the monthly summary shows: the month's answer, the month before's, and the owner's alerts. */
export interface MonthlySummary {
  shopName: string;
  /** "2026-11" */
  month: string;
  previousMonth: string;
  current: AnalyticsAnswer;
  previous: AnalyticsAnswer;
  /** Owner notifications (alarms, low stock, appliance offline…) of the month, by kind. */
  alerts: { kind: string; count: number }[];
}

const L = "es-AR" as const;
const money = (c: number) => formatMoney(c, L);
const TOP = 10;

/** "noviembre de 2026" */
export function monthName(month: string): string {
  return new Intl.DateTimeFormat(L, { timeZone: "UTC", month: "long", year: "numeric" }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

/** "+12,5 %" / "−3 %" / "sin datos" when the month before had nothing. */
export function change(now: number, before: number): string {
  if (before === 0) return now === 0 ? "sin cambios" : "sin datos del mes anterior";
  const bp = Math.round(((now - before) * 10_000) / Math.abs(before));
  return `${bp >= 0 ? "+" : "−"}${formatPercentBp(Math.abs(bp), L)}`;
}

const KIND_NAMES: Record<string, string> = {
  rule: "Reglas",
  low_stock: "Stock bajo",
  backup_failed: "Copia de seguridad fallida",
  appliance_offline: "Equipo sin conexión",
  cash_difference: "Diferencia de caja",
  invoicing_deadline: "Vencimiento de facturación",
  certificate_expiry: "Certificado por vencer",
  channel_stock_stale: "Stock de canales online",
};

/**
 * The monthly summary as a PDF (A4, the standard Helvetica: es-AR text fits its encoding). Money through
 * Intl (es-AR); every figure is the Análisis screen's for that month (the same answer).
 */
export async function summaryPdf(s: MonthlySummary): Promise<Buffer> {
  // Loaded at the first summary, not at the cloud's start (PDFKit brings its fonts and compressors).
  const { default: PDFDocument } = await import("pdfkit");
  const title = `Resumen mensual — ${monthName(s.month)}`;
  const doc = new PDFDocument({ size: "A4", margin: 48, info: { Title: `${title} — ${s.shopName}` } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));

  const heading = (text: string) => {
    if (doc.y > 700) doc.addPage();
    doc.moveDown(0.8).font("Helvetica-Bold").fontSize(13).text(text, 48).moveDown(0.3);
  };
  const cols = [48, 260, 360, 460];
  const row = (cells: string[], bold = false) => {
    if (doc.y > 780) doc.addPage();
    const y = doc.y;
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(9);
    cells.forEach((text, i) => {
      const x = cols[i] ?? 48;
      doc.text(text, x, y, {
        width: (cols[i + 1] ?? 548) - x - 6,
        align: i === 0 ? "left" : "right",
      });
    });
    doc.moveDown(0.25);
  };

  doc.font("Helvetica-Bold").fontSize(18).text(s.shopName);
  doc.font("Helvetica").fontSize(12).text(title);
  doc
    .fontSize(9)
    .fillColor("#555")
    .text(
      `Comparado con ${monthName(s.previousMonth)}. Importes en pesos, días del calendario de cada local.`,
    )
    .fillColor("black");

  const t = s.current.totals;
  const p = s.previous.totals;
  heading("Ventas");
  row(["", monthName(s.month), monthName(s.previousMonth), "Cambio"], true);
  const line = (label: string, pick: (x: AnalyticsTotals) => number | null, isMoney = true) => {
    const now = pick(t) ?? 0;
    const before = pick(p) ?? 0;
    const show = (v: number) => (isMoney ? money(v) : String(v));
    row([label, show(now), show(before), change(now, before)]);
  };
  line("Ventas", (x) => x.sales);
  line("Tickets", (x) => x.tickets, false);
  line("Ticket promedio", (x) => x.averageTicket);
  line("Devoluciones", (x) => x.returns);
  line("Neto", (x) => x.net);

  const m = s.current.margin;
  heading("Margen");
  row(["Ventas netas con costo conocido", money(m.salesWithCost), "", ""]);
  row(["Costo", money(m.cost), "", ""]);
  row([
    "Margen",
    money(m.margin),
    m.salesWithCost > 0 ? formatPercentBp(Math.round((m.margin * 10_000) / m.salesWithCost), L) : "",
    "",
  ]);
  if (m.salesWithoutCost > 0)
    row(["Ventas sin costo cargado (fuera del margen)", money(m.salesWithoutCost), "", ""]);

  heading("Productos más vendidos");
  row(["Producto", "Cantidad", "Ventas", "Margen"], true);
  for (const pr of s.current.products.slice(0, TOP))
    row([
      pr.name,
      formatQuantity(pr.quantity - pr.returnedQuantity, pr.unit, L),
      money(pr.sales - pr.returns),
      pr.margin === null ? "—" : money(pr.margin),
    ]);
  if (s.current.products.length === 0) row(["Sin ventas en el mes", "", "", ""]);

  heading("Categorías");
  row(["Categoría", "Ventas", "Mes anterior", "Margen"], true);
  for (const c of s.current.byCategory.slice(0, TOP))
    row([
      c.name ?? "Sin categoría",
      money(c.sales - c.returns),
      money(c.previousSales),
      c.margin === null ? "—" : money(c.margin),
    ]);

  if (s.current.byStore.length > 1) {
    heading("Locales");
    row(["Local", "Ventas", "Devoluciones", ""], true);
    for (const st of s.current.byStore) row([st.name, money(st.sales), money(st.returns), ""]);
  }

  const cards = s.current.cards;
  if (cards) {
    const before = s.previous.cards?.totals;
    heading("Tarjetas prepagas");
    row(["", monthName(s.month), monthName(s.previousMonth), "Cambio"], true);
    const c = cards.totals;
    const cardLine = (label: string, now: number, prev: number | undefined) =>
      row([label, money(now), prev === undefined ? "" : money(prev), change(now, prev ?? 0)]);
    cardLine(`Cargas (${c.topUpCount})`, c.topUps, before?.topUps);
    cardLine("Consumos", c.charges, before?.charges);
    cardLine("Reintegros a tarjetas", c.refunds, before?.refunds);
    cardLine("Devoluciones de saldo", c.cashOuts, before?.cashOuts);
    row(["Saldo pendiente al cierre", money(c.outstanding), "", ""]);
    row(["Tarjetas activas", String(c.activeCards), "", ""]);
    row(["Consumo promedio por tarjeta", c.averageSpend === null ? "—" : money(c.averageSpend), "", ""]);
  }

  const turnos = s.current.turnos;
  if (turnos) {
    const x = turnos.totals;
    heading("Turnos");
    row(["Reservados", String(x.booked), "", ""]);
    row(["Atendidos", String(x.attended), "", ""]);
    row([
      "Ausentes",
      String(x.noShows),
      x.noShowRateBp === null ? "" : formatPercentBp(x.noShowRateBp, L),
      "",
    ]);
    row(["Cancelados", String(x.cancelled), "", ""]);
    row(["Ocupación", x.occupancyBp === null ? "—" : formatPercentBp(x.occupancyBp, L), "", ""]);
    row(["Señas cobradas", money(x.deposits), "", ""]);
  }

  heading("Alarmas y avisos");
  const alarms = s.alerts.reduce((sum, a) => sum + a.count, 0);
  row([`Avisos en el mes: ${alarms}`, "", "", ""]);
  for (const a of s.alerts) row([KIND_NAMES[a.kind] ?? a.kind, String(a.count), "", ""]);

  doc.end();
  return done;
}
