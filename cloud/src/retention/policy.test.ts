import { describe, expect, it } from "vitest";
import { DEFAULT_RETENTION, retentionPolicyFromEnv } from "./policy.js";

describe("retention policy from the environment", () => {
  it("uses the documented defaults when nothing is set", () => {
    expect(retentionPolicyFromEnv({})).toEqual(DEFAULT_RETENTION);
  });

  it("reads minutes and days", () => {
    expect(
      retentionPolicyFromEnv({
        CLOUD_RETENTION_EVERY_MINUTES: "60",
        CLOUD_SHAPE_LOG_KEEP_DAYS: "7",
        CLOUD_APPLIED_OPS_KEEP_DAYS: "365",
      }),
    ).toMatchObject({ everyMs: 3_600_000, shapeLogKeepDays: 7, appliedOpsKeepDays: 365 });
  });

  it.each([
    ["CLOUD_APPLIED_OPS_KEEP_DAYS", "29"],
    ["CLOUD_APPLIED_OPS_KEEP_DAYS", "3651"],
    ["CLOUD_SHAPE_LOG_KEEP_DAYS", "0"],
    ["CLOUD_SHAPE_LOG_KEEP_DAYS", "1.5"],
    ["CLOUD_SHAPE_LOG_KEEP_DAYS", "-3"],
    ["CLOUD_RETENTION_EVERY_MINUTES", "diario"],
    ["CLOUD_RETENTION_EVERY_MINUTES", "0"],
  ])("refuses %s=%s with the reason in Spanish", (name, value) => {
    expect(() => retentionPolicyFromEnv({ [name]: value })).toThrow(
      new RegExp(`^${name} debe ser un número entero entre`),
    );
  });
});
