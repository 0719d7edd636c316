import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "./test-api.js";

describe("local API shell", () => {
  let t: TestApi;
  beforeEach(async () => {
    t = await openTestApi();
  });
  afterEach(async () => t.close());

  it("answers health without a session", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/health" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
  });

  it("refuses an API call without a token, with a message for a person", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/nothing-here" });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("not_logged_in");
  });

  it("refuses a forged token", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/health2", headers: bearer("forged") });
    expect(res.statusCode).toBe(401);
  });

  it("refuses a token after its session expired", async () => {
    const token = t.tokenFor("cashier");
    t.core.clock.advance(15 * 60 * 60 * 1000);
    const res = await t.app.inject({ method: "GET", url: "/api/unknown", headers: bearer(token) });
    expect(res.statusCode).toBe(401);
  });

  it("answers an unknown route with 404 and a JSON error for a logged-in user", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/api/unknown",
      headers: bearer(t.tokenFor("cashier")),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("route_not_found");
  });
});
