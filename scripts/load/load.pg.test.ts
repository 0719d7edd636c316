import { describe, expect, inject, it } from "vitest";
import { createTestDatabase } from "@mostrador/cloud/test-support/test-database";
import { runLoad } from "./load-bench.js";
import { renderLoadReport } from "./report.js";

// The load generator is a benchmark (npm run load), kept out of the suite; this runs it at N = 3 for a
// day squeezed into a few seconds so it does not rot: the real cloud process, three tenants enrolled
// through POST /v1/enroll, their days uploaded, their products shapes live, dashboards and price edits.
describe("load generator (npm run load), smoke", () => {
  it("runs three shops through the real cloud and reports every figure", { timeout: 240_000 }, async () => {
    const db = await createTestDatabase();
    const name = new URL(db.url).pathname.slice(1);
    try {
      const results = await runLoad({
        sizes: [3],
        daySeconds: 5,
        tickSeconds: 2.5,
        cluster: inject("cloudPostgres")!,
        database: name,
      });
      const [phase] = results.phases;
      expect(phase?.errors).toEqual({});
      // Every op of the three days was accepted, and the cloud projected them: 120 sales a day each.
      expect(phase!.ops).toBeGreaterThan(3 * 150);
      const [{ n }] = (await db.owner.query<{ n: number }>("SELECT count(*)::int AS n FROM sales")) as [
        { n: number },
      ];
      expect(n).toBe(3 * 120);
      expect(phase!.dashboard.count).toBeGreaterThan(0);
      expect(phase!.connectionsMax).toBeGreaterThan(0);
      expect(renderLoadReport(results)).toContain("| 3 |");
    } finally {
      await db.drop();
    }
  });
});
