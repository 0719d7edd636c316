import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";

/**
 * A segment's rule tree (cloud/src/campaigns): groups `all` (every child), `any` (at least one) and
 * `not`, and conditions over what the shop knows of each customer. The cloud compiles it to ONE
 * parameterised query (cloud/src/campaigns/segment-sql.ts); the dashboard's editor builds it.
 */

/** Numeric facts: compared with `op` against `value`; those marked windowed take `withinDays`. */
export const NUMBER_FIELDS = [
  "daysSinceLastPurchase",
  "purchaseCount",
  "totalSpent",
  "visitCount",
  "daysSinceLastAppointment",
  "noShowCount",
  "loyaltyPoints",
  "accountBalance",
  "daysToBirthday",
  "birthMonth",
] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];

/** Facts that name something: a product or category bought, a tag the customer has, a store they use. */
export const REF_FIELDS = ["boughtProduct", "boughtCategory", "tag", "store"] as const;
export type RefField = (typeof REF_FIELDS)[number];

/** The facts counted over a window (the last `withinDays` days) when one is given; otherwise ever. */
export const WINDOWED_FIELDS: readonly string[] = [
  "purchaseCount",
  "totalSpent",
  "visitCount",
  "noShowCount",
  "boughtProduct",
  "boughtCategory",
];

export const COMPARISONS = ["gt", "gte", "lt", "lte", "eq"] as const;
export type Comparison = (typeof COMPARISONS)[number];

const literals = <T extends readonly string[]>(xs: T) => Type.Union(xs.map((x) => Type.Literal(x)));

const WithinDays = Type.Optional(Type.Integer({ minimum: 1, maximum: 3660 }));

export const NumberConditionSchema = Type.Object(
  {
    field: literals(NUMBER_FIELDS),
    op: literals(COMPARISONS),
    /** Days, a count, centavos (totalSpent, accountBalance), points or a month (1–12). */
    value: Type.Integer({ minimum: -100_000_000_000, maximum: 100_000_000_000 }),
    withinDays: WithinDays,
  },
  { additionalProperties: false },
);

export const RefConditionSchema = Type.Object(
  {
    field: literals(REF_FIELDS),
    value: Type.String({ minLength: 1, maxLength: 64 }),
    withinDays: WithinDays,
  },
  { additionalProperties: false },
);

export type NumberCondition = Static<typeof NumberConditionSchema> & { field: NumberField; op: Comparison };
export type RefCondition = Static<typeof RefConditionSchema> & { field: RefField };
export type SegmentCondition = NumberCondition | RefCondition;
export type SegmentRule =
  { all: SegmentRule[] } | { any: SegmentRule[] } | { not: SegmentRule } | SegmentCondition;

export const SegmentRuleSchema: TSchema = Type.Recursive((Self) =>
  Type.Union([
    Type.Object({ all: Type.Array(Self, { maxItems: 50 }) }, { additionalProperties: false }),
    Type.Object({ any: Type.Array(Self, { maxItems: 50 }) }, { additionalProperties: false }),
    Type.Object({ not: Self }, { additionalProperties: false }),
    NumberConditionSchema,
    RefConditionSchema,
  ]),
);

export const MAX_RULE_DEPTH = 6;
export const MAX_RULE_CONDITIONS = 50;

const FIELD_SET = new Set<string>([...NUMBER_FIELDS, ...REF_FIELDS]);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The first thing wrong with a rule tree, as a Spanish sentence naming where (`regla.all.1.field`),
 * or null when it is a valid rule. An unknown field is named, never dropped: a segment that silently
 * ignored a condition would message people the owner did not choose.
 */
export function segmentRuleError(rule: unknown): string | null {
  let conditions = 0;
  const walk = (node: unknown, path: string, depth: number): string | null => {
    if (depth > MAX_RULE_DEPTH) return `La regla anida demasiados grupos (máximo ${MAX_RULE_DEPTH})`;
    if (!isObject(node)) return `"${path}" debe ser un grupo o una condición`;
    const keys = Object.keys(node);
    for (const group of ["all", "any"] as const)
      if (group in node) {
        const extra = keys.find((k) => k !== group);
        if (extra) return `"${path}" tiene "${extra}", que no se reconoce junto a "${group}"`;
        const children = node[group];
        if (!Array.isArray(children)) return `"${path}.${group}" debe ser una lista de reglas`;
        if (children.length > MAX_RULE_CONDITIONS)
          return `"${path}.${group}" admite como máximo ${MAX_RULE_CONDITIONS} reglas`;
        for (const [i, child] of children.entries()) {
          const error = walk(child, `${path}.${group}.${i}`, depth + 1);
          if (error) return error;
        }
        return null;
      }
    if ("not" in node) {
      const extra = keys.find((k) => k !== "not");
      if (extra) return `"${path}" tiene "${extra}", que no se reconoce junto a "not"`;
      return walk(node.not, `${path}.not`, depth + 1);
    }
    if (!("field" in node)) return `"${path}" debe tener "all", "any", "not" o "field"`;
    const field = node.field;
    if (typeof field !== "string" || !FIELD_SET.has(field))
      return `La regla "${path}" usa un campo desconocido: "${String(field)}"`;
    conditions++;
    if (conditions > MAX_RULE_CONDITIONS)
      return `Un segmento admite como máximo ${MAX_RULE_CONDITIONS} condiciones`;
    const numeric = (NUMBER_FIELDS as readonly string[]).includes(field);
    const allowed = numeric ? ["field", "op", "value", "withinDays"] : ["field", "value", "withinDays"];
    const extra = keys.find((k) => !allowed.includes(k));
    if (extra) return `La condición "${path}" (${field}) tiene "${extra}", que no se reconoce`;
    if ("withinDays" in node && !WINDOWED_FIELDS.includes(field))
      return `La condición "${path}" (${field}) no admite "withinDays"`;
    const schema = numeric ? NumberConditionSchema : RefConditionSchema;
    const first = [...Value.Errors(schema, node)][0];
    if (first) {
      const at = first.path.replace(/^\//, "") || "valor";
      return `La condición "${path}" (${field}) tiene "${at}" inválido: ${
        at === "op" ? `debe ser uno de ${COMPARISONS.join(", ")}` : "revisá el valor"
      }`;
    }
    if (field === "birthMonth" && (Number(node.value) < 1 || Number(node.value) > 12))
      return `La condición "${path}" (birthMonth) necesita un mes entre 1 y 12`;
    return null;
  };
  return walk(rule, "regla", 0);
}
