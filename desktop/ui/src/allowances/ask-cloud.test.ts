import type { AskCloud } from "@mostrador/contracts/http/accounts";
import { formatMoney } from "@mostrador/contracts/format";
import { describe, expect, it } from "vitest";
import { translate } from "../i18n/i18n.js";
import { askCloudMessage } from "./ask-cloud.js";

const plain = (s: string | null) => s?.replace(/\u00a0/g, " ") ?? null;
const answer = (outcome: AskCloud["outcome"], over: Partial<AskCloud> = {}): AskCloud => ({
  outcome,
  asked: 500_000,
  granted: 0,
  message: null,
  account: {
    customerId: "c1",
    customerName: "Ana Pérez",
    creditLimit: 1_000_000,
    balance: 0,
    availableCredit: 120_000,
    points: 0,
    availablePoints: 40,
    availablePointsValue: 4_000,
    linked: true,
  },
  ...over,
});
const say = (a: AskCloud, kind: "credit" | "points", locale: "es-AR" | "en" = "es-AR") =>
  plain(
    askCloudMessage(
      (k, v) => translate(locale, k, v),
      (n) => formatMoney(n, locale),
      a,
      kind,
      false,
    ),
  );

describe("what the cashier reads after the till asked the cloud", () => {
  it("offline: what this store can still sell on account, or redeem", () => {
    expect(say(answer("offline"), "credit")).toBe(
      "Sin conexión con la nube: este local puede vender hasta $ 1.200,00 a cuenta",
    );
    expect(say(answer("offline"), "points")).toBe(
      "Sin conexión con la nube: este local puede canjear hasta 40 puntos",
    );
    expect(say(answer("offline"), "credit", "en")).toBe(
      "No connection to the cloud: this store can sell up to ARS 1,200.00 on account",
    );
  });

  it("refused: the cloud's own reason when it gave one, else that it has nothing more to give", () => {
    expect(say(answer("refused", { message: "El cliente fue borrado a su pedido" }), "credit")).toBe(
      "La nube no dio el cupo: El cliente fue borrado a su pedido",
    );
    expect(say(answer("refused"), "credit")).toBe(
      "La nube no tiene más crédito de Ana Pérez para dar: este local puede vender hasta $ 1.200,00 a cuenta",
    );
  });

  it("a partial grant says what came and what the store holds now; nothing to say once covered", () => {
    expect(say(answer("partial", { granted: 100_000 }), "credit")).toBe(
      "La nube dio $ 1.000,00: este local puede vender hasta $ 1.200,00 a cuenta",
    );
    expect(
      askCloudMessage(
        (k, v) => translate("es-AR", k, v),
        formatMoney as never,
        answer("granted"),
        "credit",
        true,
      ),
    ).toBeNull();
  });
});
