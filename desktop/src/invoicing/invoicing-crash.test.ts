import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { afterEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { commitSale } from "../pos/sale.js";
import { seedSaleFixture } from "../pos/test-fixtures.js";
import { invoicesOfSale } from "./invoice-rows.js";
import { runInvoicing } from "./invoice-runner.js";
import { CAE_POS, type InvoicingRig, SHOP_CUIT, setUpInvoicing } from "./test-invoicing.js";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CHILD = fileURLToPath(new URL("./crash-child.ts", import.meta.url));

describe("kill -9 between ARCA authorising and the appliance saving", () => {
  let core: TestCore | undefined;
  let rig: InvoicingRig | undefined;
  afterEach(async () => {
    await rig?.fake.close();
    core?.close();
  });

  it("loses no number: the restart asks ARCA about the number it was sending and stores that CAE", async () => {
    core = openTestCore();
    const terminal = createTerminal(core, { code: 1, name: "Caja 1" });
    const f = seedSaleFixture(core, terminal);
    rig = await setUpInvoicing(core, { ...f.manager, role: "owner" }, { caeaPointOfSale: null });
    const sale = commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.yerba.id, quantity: 1 }],
      payments: [{ method: "cash", amount: f.products.yerba.price }],
    }).sale;
    rig.fake.behaviour = "hang_after_authorise";
    const authorised = once(rig.fake.events, "authorised") as Promise<[{ cae: string; nro: number }]>;

    const child = spawn(process.execPath, ["--import", "tsx", CHILD, core.dataDir], {
      cwd: REPO_ROOT,
      env: { ...process.env, MOSTRADOR_TEST_CLOCK: core.clock.now().toISOString() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const exited = once(child, "exit");
    const [{ cae, nro }] = await Promise.race([
      authorised,
      exited.then(() => {
        throw new Error(`el proceso hijo terminó antes de que ARCA autorizara:\n${output}`);
      }),
    ]);
    // ARCA authorised number 1 and holds its answer: the appliance dies before hearing it.
    child.kill("SIGKILL");
    const [, signal] = (await exited) as [number | null, string | null];
    expect(signal).toBe("SIGKILL");
    expect(output).not.toMatch(/INVOICING_CHILD_DONE/);
    expect(invoicesOfSale(core, sale.id)).toMatchObject([{ status: "sending", number: nro, code: null }]);

    // The restart: the queue is worked again by a fresh runner on the same database.
    rig.fake.behaviour = "ok";
    rig.fake.calls.length = 0;
    await runInvoicing(core, { timeoutMs: 2_000, now: true });
    expect(invoicesOfSale(core, sale.id)).toMatchObject([
      { status: "authorised", number: 1, code: cae, pointOfSale: CAE_POS },
    ]);
    expect(rig.fake.calls).toContain("FECompConsultar");
    expect(rig.fake.calls).not.toContain("FECAESolicitar");
    expect(rig.fake.lastNumber(SHOP_CUIT, CAE_POS, 6)).toBe(1);
  }, 60_000);
});
