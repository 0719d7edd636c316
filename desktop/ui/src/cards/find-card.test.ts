import { ApiError } from "@mostrador/contracts/http-client";
import { describe, expect, it } from "vitest";
import { findCardByCode } from "./find-card.js";

/** A stand-in appliance: the paths it answers, and what it refuses others with. */
function appliance(answers: Record<string, string>, refusals: Record<string, ApiError> = {}) {
  const asked: string[] = [];
  const get = (path: string): Promise<string> => {
    asked.push(path);
    const answer = answers[path];
    if (answer) return Promise.resolve(answer);
    return Promise.reject(refusals[path] ?? new ApiError(404, "card_not_found", "No existe esa tarjeta"));
  };
  return { get, asked };
}

describe("what the card field read, looked up", () => {
  it("a wristband's mostrador:card: QR goes straight to its printed number", async () => {
    const a = appliance({ "/api/cards/by-number/mostrador%3Acard%3A0042": "card" });
    expect(await findCardByCode(" mostrador:card:0042 ", a.get)).toBe("card");
    expect(a.asked).toEqual(["/api/cards/by-number/mostrador%3Acard%3A0042"]);
  });

  it("a UID that names a card is that card, without asking for a number", async () => {
    const a = appliance({ "/api/cards/by-uid/04A1B2C3": "card" });
    expect(await findCardByCode("04A1B2C3", a.get)).toBe("card");
    expect(a.asked).toEqual(["/api/cards/by-uid/04A1B2C3"]);
  });

  it("text that is no UID, or an unknown UID, is tried as a printed number", async () => {
    const a = appliance(
      { "/api/cards/by-number/42": "card" },
      { "/api/cards/by-uid/42": new ApiError(400, "invalid_card_uid", "UID corto") },
    );
    expect(await findCardByCode("42", a.get)).toBe("card");
  });

  it("when neither finds a card, the UID's refusal stands (so the desk offers to issue it)", async () => {
    const a = appliance({});
    await expect(findCardByCode("04A1B2C9", a.get)).rejects.toMatchObject({ code: "card_not_found" });
    const garbage = appliance({}, { "/api/cards/by-uid/zz": new ApiError(400, "invalid_card_uid", "no") });
    await expect(findCardByCode("zz", garbage.get)).rejects.toMatchObject({ code: "invalid_card_uid" });
  });

  it("a number two cards share is refused as such, and a lost connection is not retried as a number", async () => {
    const a = appliance(
      {},
      { "/api/cards/by-number/42": new ApiError(409, "card_number_ambiguous", "dos tarjetas") },
    );
    await expect(findCardByCode("42", a.get)).rejects.toMatchObject({ code: "card_number_ambiguous" });
    const offline = appliance({}, { "/api/cards/by-uid/04A1B2C3": new ApiError(0, "network", "sin red") });
    await expect(findCardByCode("04A1B2C3", offline.get)).rejects.toMatchObject({ code: "network" });
    expect(offline.asked).toEqual(["/api/cards/by-uid/04A1B2C3"]);
  });
});
