import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import { cardPayload, entryPayload } from "@mostrador/cloud/cards/test-cards";
import { OpFactory, salePayload } from "@mostrador/cloud/ingest/test-ops";
import { clinic, setupOps } from "@mostrador/cloud/turnos/test-turnos";
import { v7 as uuidv7 } from "uuid";

/** How many of each operation one simulated shop writes in one day (a small almacén with a consultorio). */
export const DAY_MIX = {
  sales: 120,
  voids: 2,
  stockMovements: 10,
  alarms: 3, // each raised and later cleared: 2 ops
  cardEntries: 20,
  bookings: 8, // each created, half of them later marked done: 1.5 ops
} as const;

export const PRODUCTS_PER_SHOP = 30;

/** One simulated appliance's ops: what it uploads once at enrolment, and its day, in outbox order. */
export interface ApplianceOps {
  products: string[];
  setup: IngestOp[];
  day: IngestOp[];
}

const rnd = (n: number) => Math.floor(Math.random() * n);

/**
 * The ops a shop's appliance writes, built with the sync map's payload types (contracts/src/sync/ops.ts)
 * through the cloud's own op builders, so each has every field the appliance's has. `dayStart` dates the
 * day's ops (the op's createdAt and the payloads' times), interleaved as a shop's would be.
 */
export function applianceOps(factory: OpFactory, dayStart: number, products: string[] = []): ApplianceOps {
  const setup: IngestOp[] = [];
  if (products.length === 0) {
    for (let i = 0; i < PRODUCTS_PER_SHOP; i++) {
      const id = uuidv7();
      products.push(id);
      setup.push(factory.product(id, { name: `Producto ${i + 1}`, price: 10_000 * (i + 1) }));
    }
  }
  const c = clinic();
  setup.push(...setupOps(factory, c));
  const cards = [cardPayload(), cardPayload()];
  for (const card of cards) setup.push(factory.op("card", card.id, "created", card));

  const at = (i: number, total: number) => new Date(dayStart + Math.floor((i / total) * 12 * 3_600_000));
  const events: (() => IngestOp[])[] = [];
  const sales: ReturnType<typeof salePayload>[] = [];
  for (let i = 0; i < DAY_MIX.sales; i++) {
    events.push(() => {
      const lines = Array.from({ length: 1 + rnd(3) }, () => ({
        productId: products[rnd(products.length)]!,
        quantity: 1 + rnd(3),
        unitPrice: 10_000 * (1 + rnd(30)),
      }));
      const sale = salePayload(lines, factory.seq + 1, { at: at(i, DAY_MIX.sales).toISOString() });
      sales.push(sale);
      return [factory.op("sale", sale.id, "created", sale)];
    });
  }
  for (let i = 0; i < DAY_MIX.stockMovements; i++)
    events.push(() => {
      const id = uuidv7();
      const payload: OpPayload<"stock_movement", "created"> = {
        id,
        productId: products[rnd(products.length)]!,
        quantity: 12 + rnd(24),
        reason: "receipt",
        at: at(i, DAY_MIX.stockMovements).toISOString(),
      };
      return [factory.op("stock_movement", id, "created", payload)];
    });
  for (let i = 0; i < DAY_MIX.alarms; i++) {
    const id = uuidv7();
    const raisedAt = at(i, DAY_MIX.alarms).toISOString();
    const alarm = (status: "active" | "cleared", updatedAt: string): OpPayload<"alarm", "raised"> => ({
      id,
      deviceId: uuidv7(),
      severity: 2,
      status,
      message: "Heladera: 9,5 °C (máx. 8 °C)",
      raisedAt,
      updatedAt,
    });
    events.push(() => [factory.op("alarm", id, "raised", alarm("active", raisedAt))]);
    events.push(() => [
      factory.op(
        "alarm",
        id,
        "cleared",
        alarm("cleared", new Date(Date.parse(raisedAt) + 600_000).toISOString()),
      ),
    ]);
  }
  for (let i = 0; i < DAY_MIX.cardEntries; i++)
    events.push(() => {
      const card = cards[i % cards.length]!;
      const when = at(i, DAY_MIX.cardEntries).toISOString();
      const entry =
        i % 4 === 0
          ? entryPayload(card.id, "topup", 500_000, when)
          : entryPayload(card.id, "charge", -50_000, when);
      return [factory.op("card_entry", entry.id, "created", entry)];
    });
  for (let i = 0; i < DAY_MIX.bookings; i++) {
    const start = new Date(dayStart + 86_400_000 + i * 3_600_000);
    const booking: OpPayload<"turno_booking", "created"> = {
      id: uuidv7(),
      customerId: null,
      serviceId: c.consulta.id,
      professionalId: c.pro.id,
      resourceId: null,
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
      state: "booked",
      holdExpiresAt: null,
      seriesId: null,
      origin: "desk",
      walkIn: false,
      price: 2_000_000,
      depositPaid: 0,
      arrivedAt: null,
      cancelledAt: null,
      cancelledBy: null,
      updatedAt: at(i, DAY_MIX.bookings).toISOString(),
    };
    events.push(() => [factory.op("turno_booking", booking.id, "created", booking)]);
    if (i % 2 === 0)
      events.push(() => [
        factory.op("turno_booking", booking.id, "updated", {
          ...booking,
          state: "done",
          updatedAt: new Date(Date.parse(booking.updatedAt) + 60_000).toISOString(),
        }),
      ]);
  }
  // Interleaved as a shop's day is: the sales in order with everything else spread between them,
  // each op after those it depends on (a clear after its raise, a booking's update after its creation),
  // and the voids at the end of the day (after the sales they void).
  const built = events.map((make) => make());
  const [saleOps, rest] = [built.slice(0, DAY_MIX.sales), built.slice(DAY_MIX.sales)];
  const step = Math.max(1, Math.floor(saleOps.length / Math.max(1, rest.length)));
  const day: IngestOp[] = [];
  let r = 0;
  saleOps.forEach((ops, i) => {
    day.push(...ops);
    if (i % step === step - 1 && r < rest.length) day.push(...rest[r++]!);
  });
  while (r < rest.length) day.push(...rest[r++]!);
  for (let i = 0; i < DAY_MIX.voids; i++) day.push(factory.voidOf(sales[i * 7]!));
  // Re-number: the outbox's seq is its order of commit.
  const firstSeq = Math.min(...day.map((o) => o.seq));
  day.forEach((op, i) => (op.seq = firstSeq + i));
  return { products, setup, day };
}
