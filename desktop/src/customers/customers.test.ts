import { syncPayloadErrors } from "@mostrador/contracts/sync/check-payload";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { recordConsent } from "./consent.js";
import {
  createCustomer,
  customerByLoyaltyCode,
  customerForSale,
  getCustomer,
  searchCustomers,
  updateCustomer,
} from "./customers.js";
import { eraseCustomer } from "./erase.js";

/** Everything a customer write touches: equal before and after a refusal. */
function snapshot(t: TestCore) {
  const all = (table: string) => t.db.prepare(`SELECT * FROM ${table}`).all();
  return {
    customers: all("customers"),
    consents: all("customer_consents"),
    clocks: all("customer_field_clocks"),
    outbox: all("outbox"),
  };
}

function outbox(t: TestCore) {
  return (
    t.db.prepare("SELECT entity, op, entity_id AS entityId, payload FROM outbox ORDER BY seq").all() as {
      entity: string;
      op: string;
      entityId: string;
      payload: string;
    }[]
  ).map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
}

describe("customers", () => {
  let t: TestCore;
  beforeEach(() => {
    t = openTestCore();
    t.db
      .prepare(
        "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES ('s-1', 'Ana', 'manager', 'x', '', '')",
      )
      .run();
  });
  afterEach(() => t.close());

  it("creates a customer from a name alone (the till's quick create) and enqueues it with a clock per field", () => {
    const c = createCustomer(t, { name: "  María Gómez " });
    expect(c).toMatchObject({
      name: "María Gómez",
      docType: null,
      ivaCondition: "consumidor_final",
      tags: [],
    });
    const [op] = outbox(t);
    expect(op).toMatchObject({ entity: "customer", op: "created", entityId: c.id });
    expect(Object.keys(op!.payload.fieldHlc as object)).toContain("name");
    expect(syncPayloadErrors("customer", "created", op!.payload)).toEqual([]);
  });

  it("normalises documents to digits, phones to E.164 and e-mails to lower case", () => {
    const c = createCustomer(t, {
      name: "Juan",
      docNumber: "30.123.456",
      phone: "11 15 2233-4455",
      email: "Juan@Example.COM",
      birthday: "1990-02-28",
      tags: ["vip", " VIP ", "mayorista"],
    });
    expect(c).toMatchObject({
      docType: "dni",
      docNumber: "30123456",
      phone: "+5491122334455",
      email: "juan@example.com",
      tags: ["vip", "mayorista"],
    });
    const cuit = createCustomer(t, {
      name: "Empresa",
      docNumber: "20-12345678-6",
      ivaCondition: "responsable_inscripto",
    });
    expect(cuit).toMatchObject({ docType: "cuit", docNumber: "20123456786" });
  });

  it("refuses bad input with a Spanish message and changes nothing", () => {
    createCustomer(t, { name: "Ya", docNumber: "30123456", loyaltyCode: "CARD-1" });
    const before = snapshot(t);
    const cases: [Parameters<typeof createCustomer>[1], string, RegExp][] = [
      [{ name: "   " }, "invalid_name", /obligatorio/],
      [{ name: "X", docType: "dni", docNumber: "12345" }, "invalid_dni", /7 u 8 dígitos/],
      [{ name: "X", docType: "dni", docNumber: "30A23456" }, "invalid_dni", /sin letras/],
      [{ name: "X", docType: "cuit", docNumber: "20-12345678-5" }, "invalid_cuit", /dígito verificador/],
      [{ name: "X", docType: "cuil", docNumber: "2012345678" }, "invalid_cuit", /CUIL debe tener 11/],
      [{ name: "X", docType: "dni" }, "invalid_document", /Falta el número/],
      [{ name: "X", phone: "123" }, "invalid_phone", /teléfono no es válido/],
      [{ name: "X", email: "no-es-correo" }, "invalid_email", /correo/],
      [{ name: "X", birthday: "1990-02-30" }, "invalid_birthday", /no es una fecha válida/],
      [{ name: "X", birthday: "2030-01-01" }, "invalid_birthday", /futura/],
      [{ name: "X", tags: ["a".repeat(31)] }, "invalid_tag", /30 caracteres/],
      [{ name: "X", loyaltyCode: "con espacio" }, "invalid_loyalty_code", /sin espacios/],
      [{ name: "X", docNumber: "30.123.456" }, "duplicate_document", /DNI 30123456 ya es de Ya/],
      [{ name: "X", loyaltyCode: "CARD-1" }, "duplicate_loyalty_code", /tarjeta CARD-1 ya es de Ya/],
    ];
    for (const [input, code, message] of cases) {
      const r = refusal(() => createCustomer(t, input));
      expect(r.code, JSON.stringify(input)).toBe(code);
      expect(r.message).toMatch(message);
    }
    expect(snapshot(t)).toEqual(before);
  });

  it("edits only what the patch names, stamps only changed fields, and refuses a duplicate without changing anything", () => {
    const a = createCustomer(t, { name: "Ana", phone: "11 2233 4455" });
    createCustomer(t, { name: "Bea", docNumber: "20111222" });
    t.clock.advance(60_000);
    const edited = updateCustomer(t, a.id, { email: "ana@x.com", notes: "Prefiere WhatsApp" });
    expect(edited).toMatchObject({
      name: "Ana",
      phone: a.phone,
      email: "ana@x.com",
      notes: "Prefiere WhatsApp",
    });
    const last = outbox(t).at(-1)!;
    expect(last.op).toBe("updated");
    expect(Object.keys(last.payload.fieldHlc as object).sort()).toEqual(["email", "notes"]);
    expect(syncPayloadErrors("customer", "updated", last.payload)).toEqual([]);

    const before = snapshot(t);
    expect(refusal(() => updateCustomer(t, a.id, { docNumber: "20111222" })).code).toBe("duplicate_document");
    expect(refusal(() => updateCustomer(t, a.id, { birthday: "ayer" })).code).toBe("invalid_birthday");
    expect(refusal(() => updateCustomer(t, "nope", { name: "X" })).code).toBe("customer_not_found");
    expect(snapshot(t)).toEqual(before);
  });

  it("finds customers by name without accents, by document, by phone digits and by loyalty code", () => {
    const maria = createCustomer(t, {
      name: "María José Pérez",
      docNumber: "30123456",
      phone: "+54 9 11 2233-4455",
    });
    const card = createCustomer(t, { name: "Carlos", loyaltyCode: "QR-77" });
    createCustomer(t, { name: "Otro" });
    const ids = (q: string) => searchCustomers(t, { q }).map((c) => c.id);
    expect(ids("maria perez")).toEqual([maria.id]);
    expect(ids("30123")).toEqual([maria.id]);
    expect(ids("2233-4455")).toEqual([maria.id]);
    expect(ids("QR-77")).toEqual([card.id]);
    expect(ids("100%_")).toEqual([]);
    expect(customerByLoyaltyCode(t, "QR-77")?.id).toBe(card.id);
    expect(customerByLoyaltyCode(t, "QR-78")).toBeNull();
  });

  it("records consent by channel with date, source and staff, keeps the log and lets the customer opt out", () => {
    const c = createCustomer(t, { name: "Ana", email: "ana@x.com" });
    t.clock.advance(1_000);
    recordConsent(t, c.id, { channel: "email", granted: true }, { staffId: "s-1", source: "till" });
    t.clock.advance(1_000);
    const out = recordConsent(
      t,
      c.id,
      { channel: "email", granted: false },
      { staffId: "s-1", source: "till" },
    );
    expect(out.consent).toEqual([
      {
        channel: "email",
        granted: false,
        at: t.clock.now().toISOString(),
        source: "till",
        staffId: "s-1",
        staffName: "Ana",
      },
    ]);
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM customer_consents").get()).toEqual({ n: 2 });
    const consentOps = outbox(t).filter((o) => o.op === "consent");
    expect(consentOps.map((o) => o.payload.granted)).toEqual([true, false]);
    for (const o of consentOps) expect(syncPayloadErrors("customer", "consent", o.payload)).toEqual([]);

    const before = snapshot(t);
    const r = refusal(() =>
      recordConsent(t, c.id, { channel: "whatsapp", granted: true }, { staffId: "s-1", source: "till" }),
    );
    expect(r.code).toBe("consent_without_contact");
    expect(snapshot(t)).toEqual(before);
  });

  it("erases personal data in the row and in every outbox payload, keeps the row for sales, and refuses it afterwards", () => {
    const c = createCustomer(t, {
      name: "Ana Secreta",
      docNumber: "30123456",
      phone: "11 2233 4455",
      email: "ana@x.com",
      loyaltyCode: "CARD-9",
    });
    updateCustomer(t, c.id, { notes: "vive en Calle Falsa 123" });
    const erased = eraseCustomer(t, c.id, "s-1");
    expect(erased.keptDocNumber).toBeNull();
    expect(erased.redactedOps).toBe(2);
    expect(erased.customer).toMatchObject({
      name: "",
      docNumber: null,
      phone: null,
      email: null,
      notes: null,
      loyaltyCode: null,
    });
    expect(erased.customer.erasedAt).not.toBeNull();
    const text = JSON.stringify(t.db.prepare("SELECT * FROM outbox").all());
    for (const secret of ["Ana Secreta", "30123456", "2233", "ana@x.com", "CARD-9", "Calle Falsa"])
      expect(text).not.toContain(secret);
    for (const o of outbox(t)) expect(syncPayloadErrors(o.entity, o.op, o.payload)).toEqual([]);
    expect(outbox(t).at(-1)).toMatchObject({ op: "erased", payload: { id: c.id, keptDocNumber: null } });
    expect(searchCustomers(t, { q: "" })).toEqual([]);
    expect(refusal(() => customerForSale(t.db, c.id)).code).toBe("customer_erased");
    expect(refusal(() => updateCustomer(t, c.id, { name: "Otra" })).code).toBe("customer_erased");
    expect(refusal(() => eraseCustomer(t, c.id, "s-1")).code).toBe("customer_erased");
  });

  it("refuses a merged or unknown customer for a sale", () => {
    const a = createCustomer(t, { name: "A" });
    const b = createCustomer(t, { name: "B" });
    t.db.prepare("UPDATE customers SET merged_into = ? WHERE id = ?").run(a.id, b.id);
    expect(customerForSale(t.db, a.id)).toEqual({ id: a.id, name: "A" });
    expect(refusal(() => customerForSale(t.db, b.id)).code).toBe("customer_merged");
    expect(refusal(() => customerForSale(t.db, "nope")).code).toBe("customer_not_found");
    expect(getCustomer(t, b.id).mergedInto).toBe(a.id);
  });
});
