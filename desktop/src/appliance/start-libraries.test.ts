import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const APPLIANCE = fileURLToPath(new URL("./appliance.ts", import.meta.url));

/**
 * The appliance's start loads only what it runs. ExcelJS and PDFKit are hundreds of files that only a sheet
 * import/export or an account statement needs (and undici only a call to ARCA): importing them at start doubled the time the code took to
 * load, so they are imported when first used. A plain node process loads the appliance as `npm start` does
 * and lists the packages in its CommonJS cache: ExcelJS is CommonJS; PDFKit is loaded as ES modules, so its
 * CommonJS dependency linebreak (the line breaking of its text layout) stands for it.
 */
describe("the appliance's start", () => {
  it("does not load the spreadsheet, PDF and ARCA HTTP libraries until a sheet, a statement or ARCA needs them", () => {
    const script = `
      const { createRequire } = await import("node:module");
      await import(${JSON.stringify(APPLIANCE)});
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      const has = (name) => loaded.some((path) => path.includes("/node_modules/" + name + "/"));
      console.log(JSON.stringify({ exceljs: has("exceljs"), pdfkit: has("linebreak"), undici: has("undici"), fastify: has("fastify") }));
    `;
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.stderr).toBe("");
    // fastify proves the check sees packages the start does load.
    expect(JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}")).toEqual({
      exceljs: false,
      pdfkit: false,
      undici: false,
      fastify: true,
    });
  });
});
