import type { MetricsAnswer, MetricsQuery } from "@mostrador/contracts/http/cloud-operator";
import { CloudError } from "../core/errors.js";
import type { Queryable } from "../db/sql.js";
import { metricsByCurrency, trialConversion } from "./metrics.js";
import { addMonths, monthKeyAt, monthsBetween } from "./months.js";
import { readHistory, readTrials } from "./tenants.js";

/** At most three years at once: the history is read whole and each month walks it. */
const MAX_MONTHS = 36;

/** The months asked (default: the last twelve, this one included) and their figures per currency. */
export async function readMetrics(q: Queryable, query: MetricsQuery, now: Date): Promise<MetricsAnswer> {
  const to = query.to ?? monthKeyAt(now);
  const from = query.from ?? addMonths(to, -11);
  if (from > to)
    throw new CloudError("invalid", "metrics_period_reversed", "El mes inicial es posterior al final");
  const months = monthsBetween(from, to);
  if (months.length > MAX_MONTHS)
    throw new CloudError("invalid", "metrics_period_too_long", `Pedí como mucho ${MAX_MONTHS} meses por vez`);
  const history = await readHistory(q);
  const trials = await readTrials(q);
  return {
    from,
    to,
    currencies: metricsByCurrency(history, months),
    trials: trialConversion(trials, history, months),
  };
}
