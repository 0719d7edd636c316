import { CardHistoryAnswer, CardListAnswer, CardReportAnswer } from "@mostrador/contracts/http/cloud-cards";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { beforeAll, describe, expect, it } from "vitest";
import { OpFactory } from "../ingest/test-ops.js";
import { createStore } from "../tenancy/stores.js";
import {
  bearer,
  enrolledAppliance,
  ingest,
  json,
  ownerWithStore,
  useTestCloud,
} from "../test-support/test-cloud.js";
import { cardOp, cardPayload, entryOp, entryPayload } from "./test-cards.js";

const t = useTestCloud();
type Shop = Awaited<ReturnType<typeof ownerWithStore>>;
type Till = Awaited<ReturnType<typeof enrolledAppliance>>;
type Rejection = { error: { code: string }; rejected: { id: string; reason: string }[] };

/** The cards' tables as the owner sees them (no RLS): compared before and after a refused upload. */
const cardRows = async () =>
  JSON.stringify(
    await Promise.all(
      ["cards", "card_entries", "card_states"].map((table) =>
        t.db.owner.query(`SELECT * FROM ${table} ORDER BY 1, 2, 3`),
      ),
    ),
  );

const get = (token: string, url: string) =>
  t.cloud.app.inject({ method: "GET", url, headers: bearer(token) });

/** 2026-03-01 in Buenos Aires runs from 03:00Z that day to 03:00Z the next: every time below falls in it. */
const z = (hhmm: string, day = "01") => `2026-03-${day}T${hhmm}:00.000Z`;

describe("prepaid cards in the cloud", () => {
  let shop: Shop;
  let tillA: Till;
  let tillB: Till;
  const a = new OpFactory();
  const card1 = cardPayload({ issuedAt: z("23:00"), updatedAt: z("23:00"), printedNumber: "0001" });
  const card2 = cardPayload({ issuedAt: z("23:10"), updatedAt: z("23:10") });
  const card3 = cardPayload({ issuedAt: z("23:20"), updatedAt: z("23:20") });
  const card5 = cardPayload({ issuedAt: z("02:10", "02"), updatedAt: z("02:10", "02"), replaces: card2.id });
  const card6 = cardPayload({ issuedAt: z("23:25"), updatedAt: z("23:25") });
  let firstBatch: ReturnType<OpFactory["op"]>[];

  beforeAll(async () => {
    shop = await ownerWithStore(t.db.sql, t.cloud, "bar");
    const storeB = await createStore(t.db.sql, shop.tenantId, "Barra B", t.cloud.clock);
    tillA = await enrolledAppliance(t.cloud, shop.token, shop.storeId, "Caja del bar");
    tillB = await enrolledAppliance(t.cloud, shop.token, storeB.id, "Barra B");
    firstBatch = [
      cardOp(a, card1),
      entryOp(a, entryPayload(card1.id, "topup", 100_000, z("23:00"))),
      entryOp(a, entryPayload(card1.id, "topup", 50_000, z("23:05"), { method: "debit" })),
      entryOp(a, entryPayload(card1.id, "charge", -30_000, z("23:30"))),
      entryOp(a, entryPayload(card1.id, "refund", 5_000, z("23:40"))),
      entryOp(a, entryPayload(card1.id, "charge", -20_000, z("01:00", "02"))),
      cardOp(a, card2),
      entryOp(a, entryPayload(card2.id, "topup", 20_000, z("23:10"))),
      entryOp(a, entryPayload(card2.id, "void_topup", -20_000, z("23:12"))),
      entryOp(a, entryPayload(card2.id, "topup", 30_000, z("23:15"))),
      cardOp(a, { ...card2, status: "blocked", updatedAt: z("02:00", "02") }, "updated"),
      entryOp(a, entryPayload(card2.id, "transfer_out", -30_000, z("02:10", "02"))),
      cardOp(a, { ...card2, status: "replaced", updatedAt: z("02:10", "02") }, "updated"),
      cardOp(a, card5),
      entryOp(a, entryPayload(card5.id, "transfer_in", 30_000, z("02:10", "02"))),
      cardOp(a, card3),
      entryOp(a, entryPayload(card3.id, "topup", 10_000, z("23:20"), { method: "transfer" })),
      entryOp(a, entryPayload(card3.id, "cashout", -10_000, z("02:30", "02"))),
      cardOp(a, card6),
      entryOp(a, entryPayload(card6.id, "topup", 7_000, z("23:25"))),
      entryOp(a, entryPayload(card6.id, "expire", -7_000, z("02:59", "02"))),
      cardOp(a, { ...card6, status: "expired", updatedAt: z("02:59", "02") }, "updated"),
    ];
    const res = await ingest(t.cloud, tillA.token, firstBatch);
    expect(res.statusCode).toBe(200);
  });

  it("reads the day's top-ups by method, card sales, refunds, cash-outs, expiries and the liability now and then", async () => {
    const res = await get(
      shop.token,
      `/v1/dashboard/cards/report?storeId=${shop.storeId}&from=2026-03-01&to=2026-03-01&at=${z("02:05", "02")}`,
    );
    expect(res.statusCode).toBe(200);
    expectAnswer(CardReportAnswer, res, json(res));
    const report = json<CardReportAnswer>(res);
    expect(report.stores[0]).toMatchObject({ from: z("03:00"), to: z("03:00", "02") });
    expect(report.stores[0]?.figures).toEqual({
      topUps: [
        { method: "cash", total: 157_000, count: 4 },
        { method: "debit", total: 50_000, count: 1 },
        { method: "transfer", total: 10_000, count: 1 },
      ],
      voidedTopUps: { total: 20_000, count: 1 },
      charges: { total: 50_000, count: 2 },
      refunds: { total: 5_000, count: 1 },
      cashOuts: [{ method: "cash", total: 10_000, count: 1 }],
      expiries: { total: 7_000, count: 1 },
      transfers: { total: 30_000, count: 1 },
      cardsIssued: 5, // card5 too: 02:10Z on the 2nd is 23:10 on the 1st in Buenos Aires
      // Now: card1 105.000 and card5 30.000; the replaced, cashed-out and expired cards hold nothing.
      liabilityNow: { active: 135_000, activeCards: 2, blocked: 0, blockedCards: 0 },
      // At 02:05Z: card2 blocked with 30.000, card3 not cashed out yet, card6 not expired yet.
      liabilityAt: { active: 122_000, activeCards: 3, blocked: 30_000, blockedCards: 1 },
    });
    // All stores: store B has no cards, so the total is store A's.
    const all = json<CardReportAnswer>(
      await get(shop.token, "/v1/dashboard/cards/report?from=2026-03-01&to=2026-03-01"),
    );
    expect(all.stores).toHaveLength(2);
    expect(all.total).toEqual({ ...report.stores[0]?.figures, liabilityAt: all.total.liabilityNow });
    const before = json<CardReportAnswer>(
      await get(shop.token, `/v1/dashboard/cards/report?storeId=${shop.storeId}&at=${z("22:00")}`),
    );
    expect(before.stores[0]?.figures.liabilityAt).toEqual({
      active: 0,
      activeCards: 0,
      blocked: 0,
      blockedCards: 0,
    });
  });

  it("lists the cards with balance and status, finds one by UID or printed number, and shows its history", async () => {
    const res = await get(shop.token, "/v1/dashboard/cards");
    expectAnswer(CardListAnswer, res, json(res));
    const list = json<CardListAnswer>(res);
    expect(list.total).toBe(5);
    expect(list.cards.map((c) => [c.id, c.status, c.balance])).toEqual([
      [card5.id, "active", 30_000],
      [card6.id, "expired", 0],
      [card3.id, "active", 0],
      [card2.id, "replaced", 0],
      [card1.id, "active", 105_000],
    ]);
    const byUid = json<CardListAnswer>(
      await get(shop.token, `/v1/dashboard/cards?search=${card1.uid.slice(-6).toLowerCase()}`),
    );
    expect(byUid.cards.map((c) => c.id)).toEqual([card1.id]);
    expect(json<CardListAnswer>(await get(shop.token, "/v1/dashboard/cards?search=0001")).cards).toHaveLength(
      1,
    );
    // A % typed is a percent sign, not "anything".
    expect(json<CardListAnswer>(await get(shop.token, "/v1/dashboard/cards?search=%25")).total).toBe(0);
    expect(
      json<CardListAnswer>(await get(shop.token, "/v1/dashboard/cards?status=replaced")).cards.map(
        (c) => c.id,
      ),
    ).toEqual([card2.id]);
    expect(
      json<CardListAnswer>(await get(shop.token, `/v1/dashboard/cards?storeId=${tillB.storeId}`)),
    ).toEqual({
      cards: [],
      total: 0,
    });

    const history = await get(shop.token, `/v1/dashboard/cards/${card2.id}`);
    expectAnswer(CardHistoryAnswer, history, json(history));
    const h = json<CardHistoryAnswer>(history);
    expect(h.timeZone).toBe("America/Argentina/Buenos_Aires");
    expect(h.entries.map((e) => [e.kind, e.amount, e.balanceAfter])).toEqual([
      ["topup", 20_000, 20_000],
      ["void_topup", -20_000, 0],
      ["topup", 30_000, 30_000],
      ["transfer_out", -30_000, 0],
    ]);
    expect(h.states.map((s) => s.status)).toEqual(["active", "blocked", "replaced"]);
    expect(
      json<{ card: { replaces: string } }>(await get(shop.token, `/v1/dashboard/cards/${card5.id}`)).card
        .replaces,
    ).toBe(card2.id);
    const missing = await get(shop.token, "/v1/dashboard/cards/019a0000-0000-7000-8000-00000000dead");
    expect(missing.statusCode).toBe(404);
    expect(json<Rejection>(missing).error.code).toBe("card_not_found");
  });

  it("applies the same ops once: a resent batch and a re-enqueued entry change nothing", async () => {
    const before = await cardRows();
    const again = await ingest(t.cloud, tillA.token, firstBatch);
    expect(json(again)).toMatchObject({ applied: 0, duplicates: firstBatch.length });
    const first = firstBatch[1]!;
    // The same entry under a new op id (the appliance enqueued it twice): appended once still.
    const copy = a.op("card_entry", first.entityId, "created", first.payload as never);
    expect(json(await ingest(t.cloud, tillA.token, [copy]))).toMatchObject({ applied: 1 });
    const card = json<CardHistoryAnswer>(await get(shop.token, `/v1/dashboard/cards/${card1.id}`)).card;
    expect(card.balance).toBe(105_000);
    expect(card.movements).toBe(5);
    expect(await cardRows()).toBe(before);
  });

  it("takes an entry before its card, and a late older version of a card changes nothing", async () => {
    const f = new OpFactory();
    const late = cardPayload({ issuedAt: z("23:50"), updatedAt: z("23:50") });
    const topup = entryPayload(late.id, "topup", 40_000, z("23:50"));
    expect((await ingest(t.cloud, tillA.token, [entryOp(f, topup)])).statusCode).toBe(200);
    const pending = json<CardListAnswer>(await get(shop.token, "/v1/dashboard/cards?status=pending"));
    expect(pending.cards).toMatchObject([{ id: late.id, uid: null, status: null, balance: 40_000 }]);
    // Not known yet: counted as owed.
    const owed = json<CardReportAnswer>(
      await get(shop.token, `/v1/dashboard/cards/report?storeId=${shop.storeId}`),
    );
    expect(owed.stores[0]?.figures.liabilityNow.active).toBe(175_000);

    // The block (newer) arrives before the card's creation (older): the block stands.
    const blocked = { ...late, status: "blocked" as const, updatedAt: z("23:55") };
    expect((await ingest(t.cloud, tillA.token, [cardOp(f, blocked, "updated")])).statusCode).toBe(200);
    expect((await ingest(t.cloud, tillA.token, [cardOp(f, late)])).statusCode).toBe(200);
    const h = json<CardHistoryAnswer>(await get(shop.token, `/v1/dashboard/cards/${late.id}`));
    expect(h.card).toMatchObject({ uid: late.uid, status: "blocked", balance: 40_000 });
    expect(h.states.map((s) => s.status)).toEqual(["active", "blocked"]);
    const now = json<CardReportAnswer>(
      await get(shop.token, `/v1/dashboard/cards/report?storeId=${shop.storeId}`),
    );
    expect(now.stores[0]?.figures.liabilityNow).toEqual({
      active: 135_000,
      activeCards: 2,
      blocked: 40_000,
      blockedCards: 1,
    });
  });

  it("refuses another store's card, its movements and its replacement, and changes nothing", async () => {
    const f = new OpFactory();
    const before = await cardRows();
    const steal = cardOp(f, { ...card1, status: "blocked", updatedAt: z("05:00", "02") }, "updated");
    const spend = entryOp(f, entryPayload(card1.id, "charge", -100_000, z("05:00", "02")));
    const replace = cardOp(f, cardPayload({ replaces: card1.id }));
    for (const [op, reason] of [
      [steal, "La tarjeta pertenece a otro local"],
      [spend, "La tarjeta del movimiento pertenece a otro local"],
      [replace, "La tarjeta reemplazada pertenece a otro local"],
    ] as const) {
      const res = await ingest(t.cloud, tillB.token, [op]);
      expect(res.statusCode).toBe(422);
      expect(json<Rejection>(res).rejected).toEqual([{ id: op.id, reason }]);
    }
    expect(await cardRows()).toBe(before);
  });

  it("refuses bad payloads by name and applies nothing of their batch", async () => {
    const f = new OpFactory();
    const good = cardPayload();
    const okOp = cardOp(f, good);
    const badStatus = f.rawOp("card", "c-bad", "created", {
      ...cardPayload({ id: "c-bad" }),
      status: "lost",
    });
    const noUid = (() => {
      const { uid: _uid, ...rest } = cardPayload({ id: "c-nouid" });
      return f.rawOp("card", "c-nouid", "created", rest);
    })();
    const halfCentavo = f.rawOp("card_entry", "e-half", "created", {
      ...entryPayload(good.id, "topup", 1, z("23:00"), { id: "e-half" }),
      amount: 10.5,
    });
    const gift = f.rawOp("card_entry", "e-gift", "created", {
      ...entryPayload(good.id, "topup", 1, z("23:00"), { id: "e-gift" }),
      kind: "gift",
    });
    // The envelope names one card, the payload another: refused (owns reads the envelope's id).
    const wrongId = f.rawOp("card", "c-other", "created", cardPayload());
    const unknownOp = f.rawOp(
      "card_entry",
      "e-void",
      "voided",
      entryPayload(good.id, "topup", 1, z("23:00"), { id: "e-void" }),
    );
    const before = await cardRows();
    const res = await ingest(t.cloud, tillA.token, [
      okOp,
      badStatus,
      noUid,
      halfCentavo,
      gift,
      wrongId,
      unknownOp,
    ]);
    expect(res.statusCode).toBe(422);
    const body = json<Rejection>(res);
    expect(body.error.code).toBe("ops_rejected");
    expect(body.rejected.map((r) => r.id)).toEqual([
      badStatus.id,
      noUid.id,
      halfCentavo.id,
      gift.id,
      wrongId.id,
      unknownOp.id,
    ]);
    expect(body.rejected[1]?.reason).toMatch(/uid/);
    expect(body.rejected[4]?.reason).toBe("El id del contenido no coincide con el de la operación");
    expect(body.rejected[5]?.reason).toMatch(/voided/);

    // A top-up that takes money, a charge that adds it: refused in Spanish, nothing applied.
    const negativeTopup = entryOp(f, entryPayload(good.id, "topup", -5_000, z("23:00")));
    const positiveCharge = entryOp(f, entryPayload(good.id, "charge", 5_000, z("23:00")));
    const signs = await ingest(t.cloud, tillA.token, [okOp, negativeTopup, positiveCharge]);
    expect(signs.statusCode).toBe(422);
    expect(json<Rejection>(signs).rejected).toEqual([
      { id: negativeTopup.id, reason: expect.stringMatching(/debe sumar al saldo/) as unknown as string },
      { id: positiveCharge.id, reason: expect.stringMatching(/debe restar del saldo/) as unknown as string },
    ]);
    expect(await cardRows()).toBe(before);
  });

  it("another tenant sees none of it (row-level security), not even by id", async () => {
    const other = await ownerWithStore(t.db.sql, t.cloud, "otro-bar");
    expect(json<CardListAnswer>(await get(other.token, "/v1/dashboard/cards"))).toEqual({
      cards: [],
      total: 0,
    });
    expect((await get(other.token, `/v1/dashboard/cards/${card1.id}`)).statusCode).toBe(404);
    const theirs = await get(other.token, `/v1/dashboard/cards/report?storeId=${shop.storeId}`);
    expect(theirs.statusCode).toBe(404);
    expect(json<Rejection>(theirs).error.code).toBe("store_not_found");
    const own = json<CardReportAnswer>(await get(other.token, "/v1/dashboard/cards/report"));
    expect(own.total.liabilityNow.active).toBe(0);
    // The service's own connection: under the other tenant, and under none, the tables are empty.
    for (const table of ["cards", "card_entries", "card_states"]) {
      const rows = await t.db.sql.withTenant(other.tenantId, (q) => q.query(`SELECT * FROM ${table}`));
      expect(rows).toEqual([]);
      expect(await t.db.sql.query(`SELECT * FROM ${table}`)).toEqual([]);
      const mine = await t.db.sql.withTenant(shop.tenantId, (q) => q.query(`SELECT * FROM ${table}`));
      expect(mine.length).toBeGreaterThan(0);
    }
  });

  it("refuses bad query parameters with a clear error", async () => {
    const bad = [
      "/v1/dashboard/cards/report?from=2026-02-30",
      "/v1/dashboard/cards/report?from=ayer",
      "/v1/dashboard/cards/report?at=mañana",
      "/v1/dashboard/cards/report?storeId=local-1",
      "/v1/dashboard/cards/report?period=today",
      "/v1/dashboard/cards?status=lost",
      "/v1/dashboard/cards?limit=0",
      "/v1/dashboard/cards?limit=501",
      "/v1/dashboard/cards?offset=-1",
      `/v1/dashboard/cards?search=${"A".repeat(41)}`,
      "/v1/dashboard/cards?search=04%00AB",
      `/v1/dashboard/cards/${"x".repeat(65)}`,
    ];
    for (const url of bad) {
      const res = await get(shop.token, url);
      expect(res.statusCode, url).toBe(400);
      expect(json<{ error: { message: string } }>(res).error.message, url).toMatch(/[a-záéíóú]/);
    }
    const reversed = await get(shop.token, "/v1/dashboard/cards/report?from=2026-03-05&to=2026-03-01");
    expect(json<Rejection>(reversed).error.code).toBe("card_period_reversed");
    const long = await get(shop.token, "/v1/dashboard/cards/report?from=2025-01-01&to=2026-03-01");
    expect(json<Rejection>(long).error.code).toBe("card_period_too_long");
    const noOwner = await t.cloud.app.inject({ method: "GET", url: "/v1/dashboard/cards" });
    expect(noOwner.statusCode).toBe(401);
    const asAppliance = await get(tillA.token, "/v1/dashboard/cards");
    expect(asAppliance.statusCode).toBe(401);
  });
});
