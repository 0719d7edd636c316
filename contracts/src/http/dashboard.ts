import { Type } from "@sinclair/typebox";

/** The sales periods the owner's dashboard asks the cloud for (GET /v1/dashboard/sales?period=): today, 7 or 30 days. */
export const PERIODS = ["today", "7d", "30d"] as const;
export const PeriodSchema = Type.Union(PERIODS.map((period) => Type.Literal(period)));
export type Period = (typeof PERIODS)[number];
