import { stringify } from "csv-stringify/sync";
import type { MetricsAnswer, OperatorTenant } from "@mostrador/contracts/http/cloud-operator";

/** Minor units as a decimal with a dot (spreadsheets and scripts read it the same): 490000 → "4900.00". */
export function decimal(minor: number | null): string {
  if (minor === null) return "";
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Basis points as a percentage: 3333 → "33.33". */
const percent = (bp: number | null) => decimal(bp);

/**
 * A cell a spreadsheet would run as a formula (a tenant named "=HYPERLINK(…)") is written as text:
 * OWASP's CSV injection rule, a leading apostrophe.
 */
export function cell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const csv = (rows: string[][]) =>
  stringify(
    rows.map((r) => r.map(cell)),
    { record_delimiter: "\r\n" },
  );

export function tenantsCsv(tenants: readonly OperatorTenant[]): string {
  return csv([
    [
      "id",
      "name",
      "rubro",
      "created_at",
      "status",
      "plan",
      "interval",
      "currency",
      "mrr",
      "stores",
      "appliances",
      "last_contact_at",
    ],
    ...tenants.map((t) => [
      t.id,
      t.name,
      t.rubro ?? "",
      t.createdAt,
      t.standing,
      t.plan ?? "",
      t.interval ?? "",
      t.currency ?? "",
      t.currency ? decimal(t.mrr) : "",
      String(t.stores),
      String(t.appliances.length),
      t.lastContactAt ?? "",
    ]),
  ]);
}

export function metricsCsv(metrics: MetricsAnswer): string {
  const trials = new Map(metrics.trials.map((t) => [t.month, t]));
  return csv([
    [
      "month",
      "currency",
      "mrr",
      "new_mrr",
      "expansion_mrr",
      "contraction_mrr",
      "churned_mrr",
      "customers",
      "new_customers",
      "churned_customers",
      "logo_churn_pct",
      "revenue_churn_pct",
      "arpa",
      "ltv",
      "trials_started",
      "trials_converted",
      "trial_conversion_pct",
    ],
    ...metrics.currencies.flatMap(({ currency, months }) =>
      months.map((m) => {
        const t = trials.get(m.month);
        return [
          m.month,
          currency,
          decimal(m.mrr),
          decimal(m.newMrr),
          decimal(m.expansionMrr),
          decimal(m.contractionMrr),
          decimal(m.churnedMrr),
          String(m.customers),
          String(m.newCustomers),
          String(m.churnedCustomers),
          percent(m.logoChurn),
          percent(m.revenueChurn),
          decimal(m.arpa),
          decimal(m.ltv),
          String(t?.started ?? 0),
          String(t?.converted ?? 0),
          percent(t?.conversion ?? null),
        ];
      }),
    ),
  ]);
}
