import { afterEach, describe, expect, it, vi } from "vitest";
import type { SaleInput } from "@mostrador/contracts/http/sales";
import { submitSale } from "./submit-sale.js";

const input: SaleInput = {
  id: "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
  lines: [{ productId: "p1", quantity: 1 }],
  payments: [{ method: "cash", amount: 1000, tendered: 1000 }],
};

const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

afterEach(() => vi.unstubAllGlobals());

describe("submitSale", () => {
  it("retries a lost request with the same sale id and body", async () => {
    const fetch = vi
      .fn()
      .mockRejectedValueOnce(new TypeError("Failed to fetch"))
      .mockRejectedValueOnce(new TypeError("Failed to fetch"))
      .mockResolvedValueOnce(answer(200, { id: input.id, displayNumber: "0001-00000007" }));
    vi.stubGlobal("fetch", fetch);
    const retries: number[] = [];
    const sale = await submitSale(input, { delayMs: () => 0, onRetry: (n) => retries.push(n) });
    expect(sale.displayNumber).toBe("0001-00000007");
    expect(retries).toEqual([2, 3]);
    const bodies = fetch.mock.calls.map((call) => JSON.parse(String((call[1] as RequestInit).body)));
    expect(bodies).toHaveLength(3);
    for (const body of bodies) expect(body).toEqual(input);
  });

  it("does not retry a refusal and surfaces the server's Spanish message", async () => {
    const fetch = vi
      .fn()
      .mockResolvedValue(
        answer(400, { error: { code: "payments_mismatch", message: "Los pagos no suman el total" } }),
      );
    vi.stubGlobal("fetch", fetch);
    await expect(submitSale(input, { delayMs: () => 0 })).rejects.toMatchObject({
      status: 400,
      code: "payments_mismatch",
      message: "Los pagos no suman el total",
    });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("gives up after the last attempt with a network error the till can show", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));
    await expect(submitSale(input, { delayMs: () => 0, maxAttempts: 3 })).rejects.toMatchObject({
      status: 0,
      code: "network",
    });
  });
});
