import {
  type Comparison,
  NUMBER_FIELDS,
  REF_FIELDS,
  type SegmentCondition,
  type SegmentRule,
  WINDOWED_FIELDS,
} from "@mostrador/contracts/marketing/segment-rules";

/** One line of the editor: a condition, maybe negated ("no"), as typed. */
export interface RuleRow {
  field: string;
  op: Comparison;
  value: string;
  withinDays: string;
  not: boolean;
}

export const ALL_FIELDS: readonly string[] = [...NUMBER_FIELDS, ...REF_FIELDS];
export const isNumberField = (field: string) => (NUMBER_FIELDS as readonly string[]).includes(field);
export const isWindowed = (field: string) => WINDOWED_FIELDS.includes(field);

export const emptyRow = (): RuleRow => ({
  field: "daysSinceLastPurchase",
  op: "lte",
  value: "90",
  withinDays: "",
  not: false,
});

/**
 * The editor's flat list (every row under one `all` or `any` group, each maybe negated) as the contract's
 * rule tree. What the person typed goes as is (numbers as numbers when they are numbers): the server
 * checks the rule and names what is wrong.
 */
export function rowsToRule(mode: "all" | "any", rows: readonly RuleRow[]): SegmentRule {
  const conditions = rows.map((r): SegmentRule => {
    const days = r.withinDays.trim() === "" ? {} : { withinDays: Number(r.withinDays) };
    const condition = (
      isNumberField(r.field)
        ? { field: r.field, op: r.op, value: Number(r.value), ...days }
        : { field: r.field, value: r.value.trim(), ...days }
    ) as SegmentCondition;
    return r.not ? { not: condition } : condition;
  });
  return mode === "all" ? { all: conditions } : { any: conditions };
}

/** A saved rule back into rows, when it is of the editor's shape (one group of conditions). */
export function ruleToRows(rule: unknown): { mode: "all" | "any"; rows: RuleRow[] } | null {
  if (typeof rule !== "object" || rule === null) return null;
  const r = rule as Record<string, unknown>;
  const mode = "all" in r ? "all" : "any" in r ? "any" : null;
  const list = mode ? r[mode] : null;
  if (!mode || !Array.isArray(list)) return null;
  const rows: RuleRow[] = [];
  for (const item of list as Record<string, unknown>[]) {
    const not = "not" in item;
    const c = (not ? item.not : item) as Record<string, unknown>;
    if (typeof c?.field !== "string") return null;
    rows.push({
      field: c.field,
      op: (c.op as Comparison) ?? "eq",
      value: String(c.value ?? ""),
      withinDays: c.withinDays === undefined ? "" : String(c.withinDays),
      not,
    });
  }
  return { mode, rows };
}
