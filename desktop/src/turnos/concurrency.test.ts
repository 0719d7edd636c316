import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { type Clinic, MONDAY_8AM, seedClinic, seedPatient } from "./test-fixture.js";

const CHILD = fileURLToPath(new URL("./concurrency-child.ts", import.meta.url));
const TSX = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
const TEN_AM = "2026-11-23T13:00:00.000Z";

let core: TestCore;
let clinic: Clinic;
beforeEach(() => {
  core = openTestCore();
  core.clock.set(MONDAY_8AM);
  clinic = seedClinic(core);
});
afterEach(() => core.close());

type Outcome = { booked: string } | { code: string; message: string; nextFree: number };

/** A process racing for the slot: resolves once it is ready, and `result` once it has tried. */
function racer(patients: string[]) {
  const child = spawn(
    TSX,
    [CHILD, core.dataDir, MONDAY_8AM, clinic.consulta.id, clinic.lopez.id, TEN_AM, ...patients],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  let out = "";
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const result = new Promise<Outcome[]>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.startsWith("ready\n")) onReady();
    });
    child.on("exit", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code === 0 && last.startsWith("[")) resolve(JSON.parse(last) as Outcome[]);
      else reject(new Error(`racer exited ${code}: ${out}`));
    });
  });
  return { ready, result, go: () => child.stdin.end("go\n") };
}

it("4 processes × 25 attempts at one slot on the same SQLite file: exactly one booking, 99 'Ya no está disponible' with next free slots", async () => {
  const patients = Array.from({ length: 100 }, (_, i) => seedPatient(core, `Paciente ${i}`));
  const racers = [0, 1, 2, 3].map((r) => racer(patients.slice(r * 25, r * 25 + 25)));
  await Promise.all(racers.map((r) => r.ready));
  for (const r of racers) r.go();
  const outcomes = (await Promise.all(racers.map((r) => r.result))).flat();
  const booked = outcomes.filter((o) => "booked" in o);
  const refused = outcomes.filter((o): o is Extract<Outcome, { code: string }> => "code" in o);
  expect([booked.length, refused.length]).toEqual([1, 99]);
  for (const r of refused) expect([r.message, r.nextFree]).toEqual(["Ya no está disponible", 5]);
  expect(core.db.prepare("SELECT count(*) AS n FROM turno_bookings").get()).toEqual({ n: 1 });
  const units = core.db.prepare("SELECT count(*) AS n FROM turno_slots").get() as { n: number };
  expect(units.n).toBe(8); // 30 minutes + 10 after, in 5-minute units, once
}, 60_000);
