import { describe, expect, it } from "vitest";
import { backoffSeconds, isStopWord, quietUntil, refusalOf, whatsappSessionOpen } from "./policy.js";

const facts = { suppressed: false, ownerRecipient: false, consent: null } as const;

describe("consent decides every send", () => {
  it("marketing needs an opt-in; pending (unconfirmed email) and opted-out are refused", () => {
    expect(refusalOf({ ...facts, kind: "marketing", reason: "marketing" })).toMatch(/consentimiento/);
    expect(refusalOf({ ...facts, kind: "marketing", reason: "marketing", consent: "pending" })).toMatch(
      /consentimiento/,
    );
    expect(refusalOf({ ...facts, kind: "marketing", reason: "marketing", consent: "opted_in" })).toBeNull();
  });
  it("the owner's alert goes to an owner recipient even after an opt-out, to nobody else", () => {
    expect(
      refusalOf({
        ...facts,
        kind: "transactional",
        reason: "owner_alert",
        ownerRecipient: true,
        consent: "opted_out",
      }),
    ).toBeNull();
    expect(refusalOf({ ...facts, kind: "transactional", reason: "owner_alert" })).toMatch(/avisos del dueño/);
  });
  it("a requested reminder needs no opt-in but stops after an opt-out", () => {
    expect(refusalOf({ ...facts, kind: "transactional", reason: "requested" })).toBeNull();
    expect(refusalOf({ ...facts, kind: "transactional", reason: "requested", consent: "opted_out" })).toMatch(
      /baja/,
    );
  });
  it("a suppressed address gets nothing, not even the owner's alert", () => {
    expect(
      refusalOf({
        ...facts,
        kind: "transactional",
        reason: "owner_alert",
        ownerRecipient: true,
        suppressed: true,
      }),
    ).toMatch(/suprimida/);
  });
});

describe("quiet hours in the recipient's zone", () => {
  it("23:30 in Buenos Aires (02:30 UTC) waits until 09:00 local (12:00 UTC)", () => {
    const at = new Date("2026-03-03T02:30:00Z");
    expect(quietUntil(at, "America/Argentina/Buenos_Aires", "21:00", "09:00")?.toISOString()).toBe(
      "2026-03-03T12:00:00.000Z",
    );
  });
  it("the same instant is daytime in Tokyo: no wait", () => {
    expect(quietUntil(new Date("2026-03-03T02:30:00Z"), "Asia/Tokyo", "21:00", "09:00")).toBeNull();
  });
  it("a window that does not cross midnight, and an empty window", () => {
    expect(quietUntil(new Date("2026-03-03T16:00:00Z"), "UTC", "13:00", "17:00")?.toISOString()).toBe(
      "2026-03-03T17:00:00.000Z",
    );
    expect(quietUntil(new Date("2026-03-03T16:00:00Z"), "UTC", "09:00", "09:00")).toBeNull();
  });
});

describe("small rules", () => {
  it("the WhatsApp session window is 24 h after the last inbound message", () => {
    const at = new Date("2026-03-03T12:00:00Z");
    expect(whatsappSessionOpen(null, at)).toBe(false);
    expect(whatsappSessionOpen(new Date("2026-03-02T12:00:01Z"), at)).toBe(true);
    expect(whatsappSessionOpen(new Date("2026-03-02T12:00:00Z"), at)).toBe(false);
  });
  it("backoff doubles from 30 s and stops at an hour", () => {
    expect([1, 2, 3, 10].map(backoffSeconds)).toEqual([30, 60, 120, 3600]);
  });
  it("STOP, BAJA and /stop are opt-outs; confirmar is not", () => {
    for (const w of ["STOP", " stop ", "Baja", "BAJA.", "/stop", "/stop@MostradorBot"])
      expect(isStopWord(w)).toBe(true);
    for (const w of ["confirmar", "cancelar", "stop please"]) expect(isStopWord(w)).toBe(false);
  });
});
