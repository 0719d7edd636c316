import { ApiError } from "@mostrador/contracts/http-client";
import { describe, expect, it } from "vitest";

import { translate, type MessageKey } from "../i18n/i18n.js";
import type { MessageVars } from "@mostrador/contracts/icu";
import { pinRefusalText } from "./pin-refusal.js";

const time = (iso: string) => iso.slice(11, 16);
const inSpanish = (key: MessageKey, vars?: MessageVars) => translate("es-AR", key, vars);
const inEnglish = (key: MessageKey, vars?: MessageVars) => translate("en", key, vars);

describe("a refused PIN in the person's words", () => {
  it("says one attempt in the singular and more in the plural", () => {
    const wrong = (n: number) => new ApiError(401, "wrong_pin", "PIN incorrecto", { attemptsLeft: n });
    expect(pinRefusalText(inSpanish, time, wrong(1), "Lucía")).toBe("PIN incorrecto: queda 1 intento");
    expect(pinRefusalText(inSpanish, time, wrong(3), "Lucía")).toBe("PIN incorrecto: quedan 3 intentos");
    expect(pinRefusalText(inEnglish, time, wrong(1), "Lucía")).toBe("Wrong PIN: 1 attempt left");
  });

  it("names who is locked without giving them a gender the shop never recorded", () => {
    const locked = new ApiError(423, "staff_locked", "…", { lockedUntil: "2026-03-02T13:30:00.000Z" });
    expect(pinRefusalText(inSpanish, time, locked, "Lucía")).toBe("Lucía: usuario bloqueado hasta las 13:30");
    expect(pinRefusalText(inEnglish, time, locked, "Lucía")).toBe("Lucía is locked out until 13:30");
  });

  it("leaves any other error to the caller", () => {
    expect(pinRefusalText(inSpanish, time, new ApiError(0, "network", "Sin conexión"), "Lucía")).toBeNull();
    expect(pinRefusalText(inSpanish, time, new Error("boom"), "Lucía")).toBeNull();
  });
});
