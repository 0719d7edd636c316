import type { DailyLoyalty } from "@mostrador/contracts/http/accounts";
import { dayKeyIn } from "@mostrador/contracts/zoned-day";
import type { Ctx } from "@mostrador/kernel/core/context";
import { isoNow } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { answerRecalls, returnExpiredGrants, trimToLimit } from "../accounts/allowance.js";
import { appendLoyaltyEntry } from "./entries.js";
import { getLoyaltyRules } from "./rules.js";

// Earn entries past their expiry that have not been expired yet (an 'expire' entry names its earn in ref).
const DUE = `SELECT e.id, e.customer_id AS customerId, e.points, e.created_at AS createdAt
               FROM loyalty_entries e
              WHERE e.kind = 'earn' AND e.expires_at IS NOT NULL AND e.expires_at <= ?
                AND NOT EXISTS (SELECT 1 FROM loyalty_entries x WHERE x.kind = 'expire' AND x.customer_id = e.customer_id
                                                                AND x.ref = e.id)
              ORDER BY e.created_at, e.id`;

// Under "first in, first out" the points still standing are the newest ones: an old earn keeps
// whatever the balance has beyond what came in after it.
const BALANCE = "SELECT COALESCE(SUM(points), 0) AS n FROM loyalty_entries WHERE customer_id = ?";
const NEWER_IN = `SELECT COALESCE(SUM(points), 0) AS n FROM loyalty_entries
                   WHERE customer_id = ? AND points > 0 AND kind <> 'void' AND (created_at > ? OR (created_at = ? AND id > ?))`;

const BIRTHDAYS = `SELECT id FROM customers
                    WHERE birthday IS NOT NULL AND substr(birthday, 6, 5) = ? AND merged_into IS NULL AND erased_at IS NULL`;

/**
 * The daily loyalty job, idempotent (run it twice, or after a day the appliance was off, and nothing is
 * given or taken twice): points past their expiry go ('expire' entry per earn, only what is left of it
 * first-in-first-out), the birthday bonus goes to customers whose birthday is today in the shop's time
 * zone (once a year: ref = the year), and what is left of expired allowance grants is handed back.
 */
export function runDailyLoyalty(ctx: Ctx): DailyLoyalty {
  return ctx.db
    .transaction((): DailyLoyalty => {
      const now = isoNow(ctx);
      const rules = getLoyaltyRules(ctx);
      let expiredEntries = 0;
      for (const e of stmt(ctx.db, DUE).all(now) as {
        id: string;
        customerId: string;
        points: number;
        createdAt: string;
      }[]) {
        const balance = (stmt(ctx.db, BALANCE).get(e.customerId) as { n: number }).n;
        const newer = (
          stmt(ctx.db, NEWER_IN).get(e.customerId, e.createdAt, e.createdAt, e.id) as { n: number }
        ).n;
        const left = Math.min(e.points, Math.max(0, balance - newer));
        // Written even when nothing is left (0 points): it marks the earn as expired, once.
        appendLoyaltyEntry(ctx, { customerId: e.customerId, kind: "expire", points: -left, ref: e.id });
        expiredEntries++;
      }
      let birthdayBonuses = 0;
      if (rules.enabled && rules.birthdayBonus > 0) {
        const today = dayKeyIn(now, getSettings(ctx.db).timeZone);
        for (const c of stmt(ctx.db, BIRTHDAYS).all(today.slice(5)) as { id: string }[]) {
          const year = today.slice(0, 4);
          const given = stmt(
            ctx.db,
            "SELECT 1 FROM loyalty_entries WHERE customer_id = ? AND kind = 'birthday' AND ref = ?",
          ).get(c.id, year);
          if (given) continue;
          appendLoyaltyEntry(ctx, {
            customerId: c.id,
            kind: "birthday",
            points: rules.birthdayBonus,
            ref: year,
          });
          birthdayBonuses++;
        }
      }
      const grantsReturned = returnExpiredGrants(ctx);
      // Credit held above a limit lowered in the dashboard, in case its hand-back did not run (accounts).
      trimToLimit(ctx);
      // Recalls the owner made that were not answered when they arrived (accounts).
      answerRecalls(ctx);
      return { expiredEntries, birthdayBonuses, grantsReturned };
    })
    .immediate();
}
