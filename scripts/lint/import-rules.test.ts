import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cruise, type IConfiguration, type IReporterOutput } from "dependency-cruiser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The import rules of .dependency-cruiser.cjs (run by `npm run lint`) against a small tree written
 * here: each rule must catch the import it forbids and let the allowed ones through.
 */
const config = createRequire(import.meta.url)("../../.dependency-cruiser.cjs") as IConfiguration;
let root: string;

const files: Record<string, string> = {
  "contracts/src/limits.ts": "export const MAX = 1;\n",
  "desktop/src/money/money.ts":
    'import { MAX } from "../../../contracts/src/limits.js";\nexport const m = MAX;\n',
  "desktop/src/pos/a.ts": 'import { b } from "./b.js";\nexport const a = () => b;\n',
  "desktop/src/pos/b.ts": 'import type { a } from "./a.js";\nexport const b: typeof a | null = null;\n',
  "cloud/src/sneaky.ts": 'import { m } from "../../desktop/src/money/money.js";\nexport const s = m;\n',
  "cloud/src/by-name.ts": 'import { m } from "@mostrador/desktop/money/money";\nexport const n = m;\n',
  "desktop/package.json": JSON.stringify({ name: "@mostrador/desktop", exports: { "./*": "./src/*.ts" } }),
  "desktop/ui/src/screen.ts": 'import { readFileSync } from "node:fs";\nexport const r = readFileSync;\n',
  "desktop/ui/src/runs-server-code.ts":
    'import { m } from "../../src/money/money.js";\nexport const u = m;\n',
  "kernel/src/core/module.ts": 'import { m } from "@mostrador/desktop/money/money";\nexport const k = m;\n',
  "kernel/package.json": JSON.stringify({ name: "@mostrador/kernel", exports: { "./*": "./src/*.ts" } }),
  "gateway/src/relays/relay.ts":
    'import { k } from "@mostrador/kernel/core/module";\nimport { m } from "@mostrador/desktop/money/money";\nexport const g = [k, m];\n',
  "gateway/src/relays/relay.test.ts":
    'import { m } from "@mostrador/desktop/money/money";\nexport const t = m;\n',
  "desktop/ui/src/typed.ts":
    'import type { m } from "../../src/money/money.js";\nexport type T = typeof m;\n',
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "import-rules-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  // As npm workspaces install it: the package name is a link to the workspace folder.
  mkdirSync(join(root, "node_modules/@mostrador"), { recursive: true });
  symlinkSync("../../desktop", join(root, "node_modules/@mostrador/desktop"));
  symlinkSync("../../kernel", join(root, "node_modules/@mostrador/kernel"));
  writeFileSync(
    join(root, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true } }),
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function violations(): Promise<{ rule: string; from: string; to: string }[]> {
  const result: IReporterOutput = await cruise(["contracts", "kernel", "desktop", "gateway", "cloud"], {
    ...config.options,
    baseDir: root,
    validate: true,
    ruleSet: config,
    tsConfig: { fileName: join(root, "tsconfig.json") },
  });
  const output = result.output as {
    summary: { violations: { rule: { name: string }; from: string; to: string }[] };
  };
  return output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

describe("the import rules npm run lint enforces", () => {
  it("catches the cloud importing the appliance, Node in a UI, a relative import across workspaces and a cycle", async () => {
    const found = await violations();
    const rules = (from: string) => found.filter((v) => v.from === from).map((v) => v.rule);
    expect(rules("cloud/src/sneaky.ts")).toContain("cloud-imports-no-appliance");
    expect(rules("cloud/src/sneaky.ts")).toContain("no-relative-import-across-workspaces");
    expect(rules("desktop/ui/src/screen.ts")).toEqual(["ui-imports-no-node"]);
    // By package name the import is resolved through the package's exports to the file it lands on.
    expect(found).toContainEqual({
      rule: "cloud-imports-no-appliance",
      from: "cloud/src/by-name.ts",
      to: "desktop/src/money/money.ts",
    });
    expect(found.some((v) => v.rule === "no-circular" && v.from.startsWith("desktop/src/pos/"))).toBe(true);
  });

  it("catches the kernel importing a module, a module building on desktop, and a UI running server code", async () => {
    const found = await violations();
    const rules = (from: string) => found.filter((v) => v.from === from).map((v) => v.rule);
    expect(rules("kernel/src/core/module.ts")).toEqual(["kernel-imports-no-module"]);
    expect(rules("gateway/src/relays/relay.ts")).toEqual(["modules-build-on-the-kernel-not-on-desktop"]);
    // A test may start the whole appliance.
    expect(rules("gateway/src/relays/relay.test.ts")).toEqual([]);
    expect(found).toContainEqual({
      rule: "ui-imports-server-code-only-as-types",
      from: "desktop/ui/src/runs-server-code.ts",
      to: "desktop/src/money/money.ts",
    });
    expect(config.forbidden?.every((rule) => rule.severity === "error")).toBe(true);
  });

  it("lets a UI take types from the server, and contracts be imported by everyone", async () => {
    const found = await violations();
    expect(found.filter((v) => v.from === "desktop/ui/src/typed.ts")).toEqual([]);
    expect(found.filter((v) => v.from.startsWith("contracts/"))).toEqual([]);
    // ...but not through a relative path: by its package name.
    expect(found).toContainEqual({
      rule: "no-relative-import-across-workspaces",
      from: "desktop/src/money/money.ts",
      to: "contracts/src/limits.ts",
    });
  });
});
