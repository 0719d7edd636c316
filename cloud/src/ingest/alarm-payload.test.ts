import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import { ALARM_STATUSES } from "@mostrador/contracts/alarms";
import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";

import { projectionsOf } from "../core/module.js";
import { cloudModules } from "../modules.js";
import { whyRejected } from "./validate-ops.js";

/** An alarm op as the appliance's outbox uploads it (gateway/src/alarms/alarms.ts: the Alarm view). */
function alarmOp(status: string, op = "cleared"): IngestOp {
  const id = uuidv7();
  return {
    id: uuidv7(),
    seq: 1,
    entity: "alarm",
    entityId: id,
    op,
    createdAt: "2026-03-02T10:05:00.000Z",
    payload: {
      id,
      source: "rule-1",
      ruleId: "rule-1",
      ruleName: "Puerta abierta",
      deviceId: "dev-1",
      deviceName: "Heladera",
      severity: 2,
      status,
      message: "La puerta quedó abierta",
      value: 1,
      raiseCount: 1,
      raisedAt: "2026-03-02T10:00:00.000Z",
      updatedAt: "2026-03-02T10:05:00.000Z",
      acknowledgedAt: null,
      acknowledgedBy: null,
      clearedAt: "2026-03-02T10:05:00.000Z",
      clearedBy: null,
      clearReason: "La condición se normalizó",
    },
  };
}

const projections = projectionsOf(cloudModules);

describe("the alarm payload the cloud accepts", () => {
  it("accepts every state of a latching alarm, the new cleared_unacknowledged included", () => {
    expect(ALARM_STATUSES).toContain("cleared_unacknowledged");
    for (const status of ALARM_STATUSES) expect(whyRejected(alarmOp(status), projections)).toBeNull();
  });

  it("still accepts what an older appliance sends, and refuses a state nobody defined", () => {
    for (const status of ["active", "acknowledged", "cleared"])
      expect(whyRejected(alarmOp(status), projections)).toBeNull();
    expect(whyRejected(alarmOp("snoozed"), projections)).toMatch(/status/);
  });
});
