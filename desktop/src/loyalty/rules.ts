import type { LoyaltyRules } from "@mostrador/contracts/http/accounts";
import type { Ctx } from "@mostrador/kernel/core/context";
import { isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Principal } from "@mostrador/kernel/staff/sessions";

const READ = `SELECT enabled, spend_per_point AS spendPerPoint, point_value AS pointValue, min_sale_total AS minSaleTotal,
                     excluded_categories AS excludedCategories, expiry_months AS expiryMonths, birthday_bonus AS birthdayBonus
                FROM loyalty_rules WHERE id = 1`;

/** The shop's loyalty rules (one row, migration 0023). */
export function getLoyaltyRules(ctx: Ctx): LoyaltyRules {
  const r = stmt(ctx.db, READ).get() as Omit<LoyaltyRules, "enabled" | "excludedCategories"> & {
    enabled: number;
    excludedCategories: string;
  };
  return { ...r, enabled: r.enabled === 1, excludedCategories: JSON.parse(r.excludedCategories) as string[] };
}

/** Ajustes: the manager sets the rules; audited. Unknown category ids are refused. */
export function setLoyaltyRules(ctx: Ctx, principal: Principal, rules: LoyaltyRules): LoyaltyRules {
  const excluded = [...new Set(rules.excludedCategories)];
  const known = stmt(ctx.db, "SELECT id FROM categories WHERE id IN (SELECT value FROM json_each(?))").all(
    JSON.stringify(excluded),
  ) as { id: string }[];
  if (known.length !== excluded.length) {
    const missing = excluded.filter((id) => !known.some((k) => k.id === id));
    throw new DomainError("invalid", "unknown_category", "Alguna de las categorías excluidas no existe", {
      missing,
    });
  }
  ctx.db
    .transaction(() => {
      const at = isoNow(ctx);
      stmt(
        ctx.db,
        `UPDATE loyalty_rules SET enabled = ?, spend_per_point = ?, point_value = ?, min_sale_total = ?,
           excluded_categories = ?, expiry_months = ?, birthday_bonus = ?, updated_at = ? WHERE id = 1`,
      ).run(
        rules.enabled ? 1 : 0,
        rules.spendPerPoint,
        rules.pointValue,
        rules.minSaleTotal,
        JSON.stringify(excluded),
        rules.expiryMonths,
        rules.birthdayBonus,
        at,
      );
      recordAudit(ctx.db, {
        at,
        staffId: principal.staffId,
        terminalId: principal.terminalId,
        action: "loyalty.rules_set",
        details: { ...rules, excludedCategories: excluded },
      });
    })
    .immediate();
  return getLoyaltyRules(ctx);
}

/** What `points` pay, centavos. */
export const pointsValue = (rules: LoyaltyRules, points: number): number => points * rules.pointValue;

/** The points that pay `amount` centavos: rounded up, so points never pay more than they are worth. */
export const pointsFor = (rules: LoyaltyRules, amount: number): number =>
  Math.ceil(amount / rules.pointValue);
