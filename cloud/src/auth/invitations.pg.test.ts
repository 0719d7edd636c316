import { listRoutes } from "@mostrador/platform/http/route-list";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { bearer, json, snapshot } from "../test-support/test-cloud.js";
import { errorCode, openAccountWorld } from "./test-account-world.js";

const DAY = 24 * 60 * 60 * 1000;
const SOME_UUID = "01900000-0000-7000-8000-000000000000";

let db: TestDatabase;
let world: Awaited<ReturnType<typeof openAccountWorld>>;
beforeAll(async () => {
  db = await createTestDatabase();
  world = await openAccountWorld(db.sql);
});
afterAll(async () => {
  await world?.close();
  await db?.drop();
});

let n = 0;
const address = (label: string) => `${label}-${++n}-${Date.now()}@example.com`;

/** An owner invites `email` with `role`; the invitee follows the link and sets a password. */
async function member(owner: { token: string }, role: "owner" | "manager" | "accountant") {
  const email = address(role);
  const invited = await world.post("/v1/account/invitations", { email, role }, owner.token);
  if (invited.statusCode !== 201) throw new Error(invited.body);
  const token = await world.linkIn(email, "invitacion");
  const res = await world.post("/v1/auth/invitations/accept", { token, password: "clave-del-equipo-1" });
  if (res.statusCode !== 201) throw new Error(res.body);
  return { email, ...json<{ token: string; account: { id: string } }>(res) };
}

describe("invitations", () => {
  it("emails a link that shows who invites, sets the invitee's password and logs them in with the role", async () => {
    const owner = await world.verified("inv");
    const email = address("contadora");
    const res = await world.post("/v1/account/invitations", { email, role: "accountant" }, owner.token);
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ email, role: "accountant", expired: false });
    const token = await world.linkIn(email, "invitacion");
    expect(world.mailsTo(email).at(-1)).toContain(`${owner.email} te invitó al panel de Tienda inv`);

    const preview = await world.post("/v1/auth/invitations/preview", { token });
    expect(json(preview)).toMatchObject({
      organization: expect.stringContaining("Tienda inv"),
      email,
      role: "accountant",
    });

    const accepted = await world.post("/v1/auth/invitations/accept", {
      token,
      password: "clave-contable-22",
    });
    expect(accepted.statusCode).toBe(201);
    expect(json(accepted)).toMatchObject({
      account: { email, role: "accountant", emailVerified: true },
      tenantId: owner.tenantId,
    });
    const members = json<{ members: { email: string; role: string }[] }>(
      await world.get("/v1/account/members", owner.token),
    );
    expect(members.members.map((m) => [m.email, m.role])).toEqual([
      [owner.email, "owner"],
      [email, "accountant"],
    ]);
    expect(
      json<{ invitations: unknown[] }>(await world.get("/v1/account/invitations", owner.token)).invitations,
    ).toEqual([]);
    const again = await world.post("/v1/auth/invitations/accept", { token, password: "clave-contable-22" });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe("token_used");
  });

  it("re-sends with a new link (the old one stops working) and revokes (the link says so)", async () => {
    const owner = await world.verified("resend");
    const email = address("encargado");
    const { id } = json<{ id: string }>(
      await world.post("/v1/account/invitations", { email, role: "manager" }, owner.token),
    );
    const first = await world.linkIn(email, "invitacion");
    world.clock.advance(DAY);
    const resent = await world.post(`/v1/account/invitations/${id}/resend`, undefined, owner.token);
    expect(resent.statusCode).toBe(200);
    expect(json<{ sentAt: string }>(resent).sentAt).toBe(world.clock.now().toISOString());
    const second = await world.linkIn(email, "invitacion");
    expect(errorCode(await world.post("/v1/auth/invitations/preview", { token: first }))).toBe(
      "token_unknown",
    );
    expect((await world.post("/v1/auth/invitations/preview", { token: second })).statusCode).toBe(200);

    expect(
      (await world.post(`/v1/account/invitations/${id}/revoke`, undefined, owner.token)).statusCode,
    ).toBe(204);
    const revoked = await world.post("/v1/auth/invitations/accept", {
      token: second,
      password: "clave-del-equipo-1",
    });
    expect(revoked.statusCode).toBe(410);
    expect(errorCode(revoked)).toBe("invitation_revoked");
    expect(errorCode(await world.post(`/v1/account/invitations/${id}/revoke`, undefined, owner.token))).toBe(
      "invitation_not_found",
    );
    world.clock.advance(-DAY);
  });

  it("refuses an expired link, an existing member, another organization's person and a second open invitation", async () => {
    const owner = await world.verified("refuse");
    const email = address("tarde");
    await world.post("/v1/account/invitations", { email, role: "manager" }, owner.token);
    const token = await world.linkIn(email, "invitacion");
    const dup = await world.post("/v1/account/invitations", { email, role: "owner" }, owner.token);
    expect(dup.statusCode).toBe(409);
    expect(errorCode(dup)).toBe("invitation_exists");
    world.clock.advance(7 * DAY + 1);
    const before = await snapshot(db.owner);
    const late = await world.post("/v1/auth/invitations/accept", { token, password: "clave-del-equipo-1" });
    expect(late.statusCode).toBe(410);
    expect(errorCode(late)).toBe("token_expired");
    expect(await snapshot(db.owner)).toBe(before);
    world.clock.advance(-(7 * DAY + 1));
    expect(
      json<{ invitations: { expired: boolean }[] }>(await world.get("/v1/account/invitations", owner.token))
        .invitations[0]?.expired,
    ).toBe(false);

    const self = await world.post(
      "/v1/account/invitations",
      { email: owner.email, role: "manager" },
      owner.token,
    );
    expect(errorCode(self)).toBe("already_member");
    const stranger = await world.verified("otra");
    const other = await world.post(
      "/v1/account/invitations",
      { email: stranger.email, role: "manager" },
      owner.token,
    );
    expect(other.statusCode).toBe(409);
    expect(errorCode(other)).toBe("email_taken");
    const badRole = await world.post(
      "/v1/account/invitations",
      { email: address("x"), role: "operator" },
      owner.token,
    );
    expect(badRole.statusCode).toBe(400);
  });

  it("lets only owners invite, list invitations and remove people", async () => {
    const owner = await world.verified("roles");
    const manager = await member(owner, "manager");
    const invite = await world.post(
      "/v1/account/invitations",
      { email: address("y"), role: "manager" },
      manager.token,
    );
    expect(invite.statusCode).toBe(403);
    expect(errorCode(invite)).toBe("role_required");
    expect((await world.get("/v1/account/invitations", manager.token)).statusCode).toBe(403);
    expect((await world.del(`/v1/account/members/${owner.accountId}`, manager.token)).statusCode).toBe(403);
  });
});

describe("members", () => {
  it("removes a person (their session ends at once) and never the last owner", async () => {
    const owner = await world.verified("members");
    const manager = await member(owner, "manager");
    expect((await world.del(`/v1/account/members/${manager.account.id}`, owner.token)).statusCode).toBe(204);
    expect(errorCode(await world.get("/v1/me", manager.token))).toBe("not_logged_in");

    const before = await snapshot(db.owner);
    const last = await world.del(`/v1/account/members/${owner.accountId}`, owner.token);
    expect(last.statusCode).toBe(409);
    expect(errorCode(last)).toBe("last_owner");
    expect(await snapshot(db.owner)).toBe(before);

    const second = await member(owner, "owner");
    expect((await world.del(`/v1/account/members/${owner.accountId}`, second.token)).statusCode).toBe(204);
    expect(errorCode(await world.del(`/v1/account/members/${second.account.id}`, second.token))).toBe(
      "last_owner",
    );
    expect(errorCode(await world.del(`/v1/account/members/${SOME_UUID}`, second.token))).toBe(
      "member_not_found",
    );
  });
});

describe("the accountant's read-only role", () => {
  it("is refused by EVERY mutating dashboard route (walked from the route table) and can read", async () => {
    const owner = await world.verified("walk");
    const accountant = await member(owner, "accountant");
    const mutating = listRoutes(world.cloud.app).filter(
      (r) => !["GET", "HEAD", "OPTIONS"].includes(r.method),
    );
    const before = await snapshot(db.owner);
    const call = async (method: string, url: string, token?: string) => {
      const res = await world.cloud.app.inject({
        method: method as "POST",
        url: url.replace(/:[a-zA-Z]+/g, SOME_UUID),
        payload: {},
        headers: token ? bearer(token) : {},
      });
      // A public page's form (the landing pages) answers HTML: not a dashboard route, no error code.
      const isJson = String(res.headers["content-type"] ?? "").startsWith("application/json");
      return res.body && isJson ? errorCode(res) : undefined;
    };
    // The person's own account: open to every role (config selfService).
    const own = [
      "POST /v1/auth/logout",
      "POST /v1/account/password",
      "POST /v1/account/verification-email",
      "POST /v1/account/sessions/revoke-others",
      "DELETE /v1/account/sessions/:id",
    ];
    const dashboardRoutes: string[] = [];
    for (const route of mutating) {
      const name = `${route.method} ${route.url}`;
      // A dashboard route is one that wants a dashboard session (public and appliance routes answer otherwise).
      if ((await call(route.method, route.url)) !== "not_logged_in" || own.includes(name)) continue;
      dashboardRoutes.push(name);
      expect(`${name} → ${await call(route.method, route.url, accountant.token)}`).toBe(
        `${name} → read_only_role`,
      );
    }
    expect(dashboardRoutes.length).toBeGreaterThan(30);
    expect(dashboardRoutes).toContain("POST /v1/stores");
    expect(dashboardRoutes).toContain("DELETE /v1/account/members/:id");
    expect(await snapshot(db.owner)).toBe(before);
    expect((await world.get("/v1/stores", accountant.token)).statusCode).toBe(200);
    expect((await world.get("/v1/dashboard/accounts", accountant.token)).statusCode).toBe(200);
    expect((await world.post("/v1/auth/logout", undefined, accountant.token)).statusCode).toBe(204);
  });
});
