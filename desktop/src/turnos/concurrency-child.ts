/**
 * One of several processes racing for the same slot on the same SQLite file (desktop/src/turnos/
 * concurrency.test.ts): opens the database as the appliance does, says "ready", waits for "go" on stdin,
 * then tries to book the slot once per patient and prints what happened as one JSON line.
 * Usage: tsx concurrency-child.ts <dataDir> <now> <serviceId> <professionalId> <start> <patientId>...
 */
import { createInterface } from "node:readline";
import { Refusal } from "@mostrador/contracts/refusal";
import { openApplianceCore } from "../appliance/open-appliance-core.js";
import { createBooking } from "./bookings.js";

const [dataDir, now, serviceId, professionalId, start, ...patients] = process.argv.slice(2);
if (!dataDir || !now || !serviceId || !professionalId || !start) throw new Error("usage: see the header");
const ctx = openApplianceCore(dataDir, { now: () => new Date(now) });
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line !== "go") continue;
  const outcomes = patients.map((customerId) => {
    try {
      return { booked: createBooking(ctx, null, { serviceId, professionalId, start, customerId }).id };
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      return { code: err.code, message: err.message, nextFree: (err.details?.nextFree as unknown[]).length };
    }
  });
  process.stdout.write(`${JSON.stringify(outcomes)}\n`);
  break;
}
ctx.db.close();
