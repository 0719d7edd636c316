import {
  Appliance,
  ApplianceList,
  ApplianceMe,
  Enrollment,
} from "@mostrador/contracts/http/cloud-appliances";
import { Type } from "@sinclair/typebox";
import { AttemptLimiter, limitedAttempt } from "../auth/rate-limit.js";
import { entitlementsPublicKey } from "../billing/entitlements/signing-key.js";
import { listAppliances, revokeAppliance } from "./appliances.js";
import { enroll } from "./pairing.js";
import { applianceOf, ownerOf, requireRole } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { EmptyBody, IdParams, Name } from "../http/schemas.js";

const EnrollBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 20 }),
    applianceName: Name(80),
  },
  { additionalProperties: false },
);

/** Enrollment (the appliance trades a pairing code for its credential) and the owner's appliance list. */
export const applianceRoutes: CloudRoutesFactory =
  ({ sql, clock }) =>
  async (app) => {
    // Pairing codes are short-lived but short: failed redemptions are limited per client IP.
    const enrollLimiter = new AttemptLimiter(sql, clock, "enroll");
    app.post(
      "/enroll",
      { config: { auth: "public" }, schema: { body: EnrollBody, response: { 201: Enrollment } } },
      async (request, reply) => {
        const { code, applianceName } = request.body as { code: string; applianceName: string };
        const enrollment = await limitedAttempt(
          enrollLimiter,
          [`ip:${request.ip}`],
          "Demasiados códigos de vinculación fallidos desde esta conexión: esperá unos minutos",
          () => enroll(sql, code, applianceName, clock),
        );
        return reply.status(201).send(enrollment);
      },
    );

    app.get("/appliances", { schema: { response: { 200: ApplianceList } } }, async (request) => ({
      appliances: await listAppliances(sql, ownerOf(request).tenantId),
    }));

    app.post(
      "/appliances/:id/revoke",
      {
        schema: { params: IdParams, body: EmptyBody, response: { 200: Appliance } },
        preHandler: requireRole("owner"),
      },
      async (request) => {
        const { id } = request.params as { id: string };
        return revokeAppliance(sql, ownerOf(request).tenantId, id, clock);
      },
    );

    // The appliance checks its own credential (and the cloud notes it was seen), and an appliance
    // enrolled before entitlements takes the cloud's key from here.
    app.get(
      "/appliance/me",
      { config: { auth: "appliance" }, schema: { response: { 200: ApplianceMe } } },
      async (request) => ({ ...applianceOf(request), entitlementsKey: await entitlementsPublicKey(sql) }),
    );
  };
