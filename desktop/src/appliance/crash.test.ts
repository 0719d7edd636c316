import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { DATABASE_FILE } from "@mostrador/kernel/core/open-core";
import { type ChildAppliance, spawnAppliance } from "./child-appliance.js";
import {
  call,
  login,
  openCash,
  type ProductForSale,
  productsInStock,
  randomSale,
  type SaleAnswer,
  type SaleRequest,
  seededRandom,
} from "./crash-client.js";
import {
  allSaleIds,
  numberingGaps,
  openReadOnly,
  outboxMismatches,
  partialSales,
  stockLedgerMismatches,
} from "./crash-invariants.js";

/**
 * kill -9 in the middle of a burst of sales, then restart on the same data folder: a sale the till
 * was told is committed (2xx) must be there, whole; nothing may be half-written; the stock ledger,
 * the outbox and the numbering must agree with the sales; resending a sale whose answer was lost
 * must not create it twice. This is what synchronous=FULL + one transaction per sale promise.
 */

const ROUNDS = 3;
const CLIENT_LOOPS = 4;
const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
const random = seededRandom(seed);

/** A sale as one till sent it; the till retries with its own session. */
interface Sent {
  request: SaleRequest;
  token: string;
}

interface Acked extends Sent {
  answer: SaleAnswer;
}

const dataDir = mkdtempSync(join(tmpdir(), "mostrador-crash-"));
let child: ChildAppliance | null = null;

afterAll(async () => {
  await child?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Sends sales from CLIENT_LOOPS concurrent tills until `killAfter` of them are acknowledged, then
 * SIGKILLs the server 0–5 ms later, mid-burst. Returns the sales still in flight (sent, never answered).
 */
async function burstThenKill(
  app: ChildAppliance,
  tokens: readonly string[],
  products: readonly ProductForSale[],
  killAfter: number,
  acked: Map<string, Acked>,
): Promise<{ inFlight: Sent[]; refused: string[] }> {
  const inFlight = new Map<string, Sent>();
  const refused: string[] = [];
  let acks = 0;
  let killed = false;
  const loop = async (token: string) => {
    while (!killed) {
      const sale = randomSale(products, random);
      if (!sale) {
        refused.push("se acabó el stock de la demo antes del kill");
        return;
      }
      inFlight.set(sale.id, { request: sale, token });
      let answer: Awaited<ReturnType<typeof call<SaleAnswer>>>;
      try {
        answer = await call<SaleAnswer>(app.url, "POST", "/api/sales", token, sale);
      } catch (error) {
        if (!killed) refused.push(`red: ${String(error)}`);
        return; // the connection died with the server: this sale stays "in flight"
      }
      inFlight.delete(sale.id);
      if (answer.status !== 201) {
        refused.push(`HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
        continue;
      }
      acked.set(sale.id, { request: sale, token, answer: answer.body });
      if (++acks === killAfter) {
        // A few milliseconds later, not right on the answer: the server is then somewhere inside the
        // next requests (validating, writing, fsyncing), which is where a crash can tear a write.
        setTimeout(
          () => {
            killed = true;
            process.kill(app.pid, "SIGKILL");
          },
          Math.floor(random() * 6),
        );
      }
    }
  };
  await Promise.all(
    Array.from({ length: CLIENT_LOOPS }, (_, i) => loop(tokens[i % tokens.length] as string)),
  );
  await app.crash();
  return { inFlight: [...inFlight.values()], refused };
}

function allSaleIdsIn(dir: string): Set<string> {
  const db = openReadOnly(join(dir, DATABASE_FILE));
  try {
    return allSaleIds(db);
  } finally {
    db.close();
  }
}

/** The database file itself, opened read-only next to the running appliance. */
function checkDatabase(acked: Map<string, Acked>, sent: Set<string>): void {
  const db = openReadOnly(join(dataDir, DATABASE_FILE));
  try {
    const sale = db.prepare("SELECT status, total FROM sales WHERE id = ?");
    const lines = db.prepare(
      "SELECT product_id AS productId, quantity FROM sale_lines WHERE sale_id = ? ORDER BY line_no",
    );
    const payments = db.prepare("SELECT method, amount FROM sale_payments WHERE sale_id = ?");
    const lost: string[] = [];
    for (const [id, { request, answer }] of acked) {
      const row = sale.get(id) as { status: string; total: number } | undefined;
      if (!row) {
        lost.push(`venta confirmada que no está: ${id}`);
        continue;
      }
      expect(row).toEqual({ status: "completed", total: answer.total });
      expect(lines.all(id)).toEqual(request.lines);
      expect(payments.all(id)).toHaveLength(request.payments.length);
    }
    expect(lost).toEqual([]);
    expect(partialSales(db)).toEqual([]);
    expect(stockLedgerMismatches(db)).toEqual([]);
    expect(outboxMismatches(db)).toEqual([]);
    expect(numberingGaps(db)).toEqual([]);
    const unknown = [...allSaleIds(db)].filter((id) => !sent.has(id));
    expect(unknown, "ventas que ningún cliente mandó").toEqual([]);
  } finally {
    db.close();
  }
}

/** The same acknowledged sales, as a till reads them back through the API after the restart. */
async function checkApi(app: ChildAppliance, token: string, acked: Map<string, Acked>): Promise<void> {
  for (const [id, { request, answer }] of acked) {
    const read = await call<SaleAnswer>(app.url, "GET", `/api/sales/${id}`, token);
    expect(read.status, `GET /api/sales/${id}`).toBe(200);
    expect(read.body.number).toBe(answer.number);
    expect(read.body.total).toBe(answer.total);
    expect(read.body.lines.map((l) => ({ productId: l.productId, quantity: l.quantity }))).toEqual(
      request.lines,
    );
    expect(read.body.payments.reduce((sum, p) => sum + p.amount, 0)).toBe(answer.total);
  }
}

describe("appliance under kill -9", () => {
  test("keeps every acknowledged sale whole, writes nothing partial and creates resent sales at most once", async () => {
    console.info(`crash test seed ${seed} (CRASH_SEED=${seed} to replay)`);
    child = await spawnAppliance(dataDir);
    const tokens = [
      await login(child.url, "Lucía", "1111", "Caja 1"),
      await login(child.url, "Martín", "2222", "Caja 2"),
    ];
    for (const token of tokens) await openCash(child.url, token, 500_000);
    const products = await productsInStock(child.url, tokens[0] as string);
    expect(products.length).toBeGreaterThan(20);

    const acked = new Map<string, Acked>();
    const sent = new Set<string>();
    let retried = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const killAfter = 60 + Math.floor(random() * 91);
      const before = acked.size;
      const { inFlight, refused } = await burstThenKill(child, tokens, products, killAfter, acked);
      expect(refused, `ronda ${round}: ventas rechazadas`).toEqual([]);
      expect(acked.size - before).toBeGreaterThanOrEqual(killAfter);
      for (const id of acked.keys()) sent.add(id);
      for (const { request } of inFlight) sent.add(request.id);

      child = await spawnAppliance(dataDir);
      checkDatabase(acked, sent);

      // The tills retry what never got an answer, with the same ids: each exists once afterwards,
      // whether the crash kept it (200, the stored sale) or lost it (201, created now).
      const ackedThisRound = acked.size - before;
      const kept = allSaleIdsIn(dataDir);
      const survived = inFlight.filter(({ request }) => kept.has(request.id)).length;
      for (const { request, token } of inFlight) {
        const answer = await call<SaleAnswer>(child.url, "POST", "/api/sales", token, request);
        expect(answer.status, JSON.stringify(answer.body)).toBe(kept.has(request.id) ? 200 : 201);
        expect(answer.body.id).toBe(request.id);
        acked.set(request.id, { request, token, answer: answer.body });
      }
      retried += inFlight.length;
      console.info(
        `ronda ${round}: kill -9 al llegar a ${killAfter} ventas confirmadas (${ackedThisRound} confirmadas), ` +
          `${inFlight.length} sin respuesta (${survived} ya guardadas, ${inFlight.length - survived} perdidas y reenviadas)`,
      );
      // Resending an acknowledged sale answers 200 with the same sale and changes nothing.
      const [firstAcked] = [...acked.values()].slice(before);
      if (firstAcked) {
        const again = await call<SaleAnswer>(
          child.url,
          "POST",
          "/api/sales",
          firstAcked.token,
          firstAcked.request,
        );
        expect(again.status).toBe(200);
        expect(again.body.number).toBe(firstAcked.answer.number);
      }
      checkDatabase(acked, sent);
      await checkApi(child, tokens[0] as string, acked);
    }
    // With several tills selling at once, a kill always catches some sale in flight; if none ever
    // was, the retry path above went untested.
    expect(retried).toBeGreaterThan(0);
  }, 120_000);
});
