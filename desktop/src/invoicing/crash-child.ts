/**
 * The invoicing runner alone in a child process, for the kill -9 test (invoicing-crash.test.ts): opens the
 * shop database in the folder given as argument, on a fixed clock (MOSTRADOR_TEST_CLOCK), and works the
 * queue once. The test kills it while ARCA (the fake) holds the answer of an authorised FECAESolicitar.
 */
import { openApplianceCore } from "../appliance/open-appliance-core.js";
import { runInvoicing } from "./invoice-runner.js";

const dataDir = process.argv[2];
const at = process.env["MOSTRADOR_TEST_CLOCK"];
if (!dataDir || !at) throw new Error("uso: crash-child.ts <carpeta> con MOSTRADOR_TEST_CLOCK");
const ctx = openApplianceCore(dataDir, { now: () => new Date(at) });
process.stdout.write("INVOICING_CHILD_READY\n");
await runInvoicing(ctx, { timeoutMs: 120_000 });
process.stdout.write("INVOICING_CHILD_DONE\n");
