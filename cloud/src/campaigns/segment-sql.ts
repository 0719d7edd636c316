import type {
  Comparison,
  NumberCondition,
  RefCondition,
  SegmentRule,
} from "@mostrador/contracts/marketing/segment-rules";

/**
 * A segment's rule tree compiled to ONE parameterised SQL query over the tenant's customers. Every
 * value the owner typed travels as a $n parameter; the only text spliced in comes from the fixed
 * fragments below, chosen by field name from a closed list (the rule was checked by
 * `segmentRuleError` first). Run it inside `withTenant`: RLS keeps every table to the tenant.
 *
 * The person is a surviving customer record (`merged_into IS NULL`, not erased); the facts about them
 * (sales, appointments, points, account) are counted across every record merged into them.
 */

const OPS: Record<Comparison, string> = { gt: ">", gte: ">=", lt: "<", lte: "<=", eq: "=" };

/** The customer ids that are this person: the survivor and every record merged into it. */
const MINE = (alias: string) =>
  `${alias}.customer_id IN (SELECT m.id FROM customers m WHERE m.id = p.id OR m.merged_into = p.id)`;

/** The query's parameters; now and the zone are added once, when a condition first needs them. */
class Params {
  readonly values: unknown[] = [];
  private nowRef: string | null = null;
  private zoneRef: string | null = null;
  constructor(
    private readonly nowValue: Date,
    private readonly zoneValue: string,
  ) {}
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  /** The moment the segment is evaluated at. */
  get now(): string {
    this.nowRef ??= `${this.add(this.nowValue)}::timestamptz`;
    return this.nowRef;
  }
  /** Today in the shop's zone (birthdays are calendar days there). */
  get today(): string {
    this.zoneRef ??= `${this.add(this.zoneValue)}::text`;
    return `(${this.now} AT TIME ZONE ${this.zoneRef})::date`;
  }
}

function since(p: Params, withinDays: number | undefined, column: string): string {
  return withinDays === undefined
    ? ""
    : ` AND ${column} > ${p.now} - make_interval(days => ${p.add(withinDays)}::int)`;
}

/** The numeric fact, NULL when the person has none (never bought: no "days since"). */
function numberFact(c: NumberCondition, p: Params): string {
  const sales = `FROM sales s WHERE s.status = 'completed' AND ${MINE("s")}`;
  const attended = `FROM turno_bookings b WHERE ${MINE("b")}`;
  switch (c.field) {
    case "daysSinceLastPurchase":
      return `(SELECT floor(extract(epoch FROM ${p.now} - max(s.created_at)) / 86400) ${sales})`;
    case "purchaseCount":
      return `(SELECT count(*) ${sales}${since(p, c.withinDays, "s.created_at")})`;
    case "totalSpent":
      return `(SELECT coalesce(sum(s.total), 0) ${sales}${since(p, c.withinDays, "s.created_at")})`;
    case "visitCount":
      // A visit: a ticket, or an appointment the person came to.
      return `((SELECT count(*) ${sales}${since(p, c.withinDays, "s.created_at")}) + (SELECT count(*) ${attended}
        AND b.state IN ('arrived', 'done')${since(p, c.withinDays, "b.start_at")}))`;
    case "daysSinceLastAppointment":
      return `(SELECT floor(extract(epoch FROM ${p.now} - max(b.start_at)) / 86400) ${attended} AND b.state IN ('arrived', 'done'))`;
    case "noShowCount":
      return `(SELECT count(*) ${attended} AND b.state = 'no_show'${since(p, c.withinDays, "b.start_at")})`;
    case "loyaltyPoints":
      return `(SELECT coalesce(sum(l.points), 0) FROM loyalty_entries l WHERE ${MINE("l")})`;
    case "accountBalance":
      return `(SELECT coalesce(sum(a.amount), 0) FROM account_entries a WHERE ${MINE("a")})`;
    case "birthMonth":
      return `(CASE WHEN p.birthday IS NULL THEN NULL ELSE extract(month FROM p.birthday::date) END)`;
    case "daysToBirthday":
      // The next birthday on or after today (a 29 February falls on the 28th in other years).
      return `(CASE WHEN p.birthday IS NULL THEN NULL ELSE (
        SELECT CASE WHEN nb >= ${p.today} THEN nb - ${p.today} ELSE (nb + interval '1 year')::date - ${p.today} END
        FROM (SELECT (p.birthday::date + make_interval(years => date_part('year', age(${p.today}, p.birthday::date))::int))::date AS nb) x
      ) END)`;
  }
}

function refCondition(c: RefCondition, p: Params): string {
  switch (c.field) {
    case "tag":
      return `p.tags ? ${p.add(c.value)}`;
    case "store":
      return `(p.born_at = ${p.add(c.value)} OR EXISTS (SELECT 1 FROM sales s WHERE s.status = 'completed'
        AND s.store_id::text = ${p.add(c.value)} AND ${MINE("s")}))`;
    case "boughtProduct":
      return `EXISTS (SELECT 1 FROM sales s JOIN sale_lines sl ON sl.tenant_id = s.tenant_id AND sl.sale_id = s.id
        WHERE s.status = 'completed' AND ${MINE("s")} AND sl.product_id = ${p.add(c.value)}${since(p, c.withinDays, "s.created_at")})`;
    case "boughtCategory":
      return `EXISTS (SELECT 1 FROM sales s JOIN sale_lines sl ON sl.tenant_id = s.tenant_id AND sl.sale_id = s.id
        JOIN products pr ON pr.tenant_id = sl.tenant_id AND pr.id::text = sl.product_id
        WHERE s.status = 'completed' AND ${MINE("s")} AND pr.category_id = ${p.add(c.value)}${since(p, c.withinDays, "s.created_at")})`;
  }
}

function compileNode(rule: SegmentRule, p: Params): string {
  if ("all" in rule)
    return rule.all.length === 0 ? "true" : `(${rule.all.map((r) => compileNode(r, p)).join(" AND ")})`;
  if ("any" in rule)
    return rule.any.length === 0 ? "false" : `(${rule.any.map((r) => compileNode(r, p)).join(" OR ")})`;
  // NOT of a comparison with no fact (never bought) is true: "did not buy in the last 30 days".
  if ("not" in rule) return `(NOT coalesce(${compileNode(rule.not, p)}, false))`;
  if ("op" in rule)
    return `coalesce(${numberFact(rule, p)} ${OPS[rule.op]} ${p.add(rule.value)}::bigint, false)`;
  return refCondition(rule, p);
}

export interface CompiledSegment {
  /** Selects `id` (customer) and `contact_id` of every person in the segment. */
  text: string;
  params: unknown[];
}

/** The query for the people a rule selects, at `now`, birthdays read in `timeZone`. */
export function compileSegment(rule: SegmentRule, now: Date, timeZone: string): CompiledSegment {
  const p = new Params(now, timeZone);
  const where = compileNode(rule, p);
  return {
    text: `SELECT p.id, p.contact_id, p.name FROM customers p
      WHERE p.merged_into IS NULL AND p.erased_at IS NULL AND ${where}`,
    params: p.values,
  };
}
