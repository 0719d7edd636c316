import { CardViewSchema } from "@mostrador/contracts/http/cards";
import { schemaErrors } from "@mostrador/contracts/http/schema-errors";
import { newId } from "@mostrador/kernel/db/ids";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { openCashSessionRow } from "../pos/test-fixtures.js";

/** A card found by the number printed on it, typed or scanned from its QR, not only by its chip's UID. */
describe("a card by its printed number or its QR", () => {
  let t: TestApi;
  let cashier: string;
  let manager: string;
  beforeEach(async () => {
    t = await openTestApi();
    cashier = t.tokenFor("cashier");
    manager = t.tokenFor("manager");
    const staffId = (t.core.db.prepare("SELECT id FROM staff LIMIT 1").get() as { id: string }).id;
    openCashSessionRow(t.core, t.terminal.id, staffId);
  });
  afterEach(() => t.close());

  const call = (method: "GET" | "POST", url: string, token = cashier, payload?: object) =>
    t.app.inject({ method, url: `/api${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });
  const issue = (uid: string, printedNumber?: string) =>
    call("POST", "/cards", cashier, {
      requestId: newId(),
      uid,
      ...(printedNumber ? { printedNumber } : {}),
    });
  const counts = () =>
    ["cards", "card_entries", "card_requests", "outbox"].map(
      (table) => (t.core.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
    );
  const expectRefused = async (send: () => ReturnType<typeof call>, status: number, code: string) => {
    const before = counts();
    const res = await send();
    expect(res.statusCode, res.body).toBe(status);
    const body = res.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/[a-záéíóúñ]{3}/i);
    expect(counts()).toEqual(before);
  };

  it("finds the live card by its number, typed or as the wristband's mostrador:card: QR", async () => {
    const issued = await issue("04A1B2C3", "0042");
    expect(issued.statusCode, issued.body).toBe(201);
    const cardId = (issued.json() as { card: { id: string } }).card.id;
    for (const text of ["0042", " 0042 ", "mostrador:card:0042", "MOSTRADOR:CARD:0042"]) {
      const res = await call("GET", `/cards/by-number/${encodeURIComponent(text)}`);
      expect(res.statusCode, text).toBe(200);
      expect(schemaErrors(CardViewSchema, res.json())).toEqual([]);
      expect((res.json() as { id: string }).id).toBe(cardId);
    }
  });

  it("refuses an unknown number and an empty or garbage one", async () => {
    await issue("04A1B2C3", "0042");
    const unknown = await call("GET", "/cards/by-number/0043");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: "card_not_found" } });
    expect((unknown.json() as { error: { message: string } }).error.message).toContain("0043");
    const empty = await call("GET", "/cards/by-number/mostrador:card:");
    expect(empty.json()).toMatchObject({ error: { code: "invalid_printed_number" } });
    for (const text of ["mostrador:card:", "mostrador:card:%01%02"]) {
      const res = await call("GET", `/cards/by-number/${text}`);
      expect(res.statusCode, text).toBe(400);
      // The empty number is the domain's refusal; control bytes are already the schema's (invalid_text).
      expect((res.json() as { error: { message: string } }).error.message).toMatch(/[a-záéíóúñ]{3}/i);
    }
  });

  it("refuses to issue a second live card with a number already given, changing nothing", async () => {
    expect((await issue("04A1B2C3", "0042")).statusCode).toBe(201);
    await expectRefused(() => issue("04A1B2C4", "0042"), 409, "card_printed_number_taken");
    expect((await issue("04A1B2C4", "0043")).statusCode).toBe(201);
  });

  it("a transfer may keep the old card's number, but not take another live card's; the number then finds the new card", async () => {
    const old = ((await issue("04A1B2C3", "0042")).json() as { card: { id: string } }).card.id;
    await issue("04A1B2C4", "0043");
    const transfer = (printedNumber: string) =>
      call("POST", `/cards/${old}/transfer`, manager, {
        requestId: newId(),
        newUid: "04A1B2C5",
        printedNumber,
      });
    await expectRefused(() => transfer("0043"), 409, "card_printed_number_taken");
    const moved = await transfer("0042");
    expect(moved.statusCode, moved.body).toBe(201);
    const found = (await call("GET", "/cards/by-number/0042")).json() as { uid: string };
    expect(found.uid).toBe("04A1B2C5");
  });

  it("two live cards with one number (written before numbers were unique) are refused by number, not guessed", async () => {
    await issue("04A1B2C3", "0042");
    await issue("04A1B2C4", "0044");
    t.core.db.prepare("UPDATE cards SET printed_number = '0042' WHERE uid = '04A1B2C4'").run();
    const res = await call("GET", "/cards/by-number/0042");
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: "card_number_ambiguous" } });
  });
});
