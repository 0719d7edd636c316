import { Type } from "@sinclair/typebox";
import { listAppliances, revokeAppliance } from "../../tenancy/appliances.js";
import { enroll } from "../../tenancy/pairing.js";
import { applianceOf, ownerOf, requireRole } from "../auth.js";
import type { CloudRoutesFactory } from "../deps.js";
import { EmptyBody, IdParams, Name } from "../schemas.js";

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
    app.post(
      "/enroll",
      { config: { auth: "public" }, schema: { body: EnrollBody } },
      async (request, reply) => {
        const { code, applianceName } = request.body as { code: string; applianceName: string };
        return reply.status(201).send(await enroll(sql, code, applianceName, clock));
      },
    );

    app.get("/appliances", async (request) => ({
      appliances: await listAppliances(sql, ownerOf(request).tenantId),
    }));

    app.post(
      "/appliances/:id/revoke",
      { schema: { params: IdParams, body: EmptyBody }, preHandler: requireRole("owner") },
      async (request) => {
        const { id } = request.params as { id: string };
        return revokeAppliance(sql, ownerOf(request).tenantId, id, clock);
      },
    );

    // The appliance checks its own credential (and the cloud notes it was seen).
    app.get("/appliance/me", { config: { auth: "appliance" } }, async (request) => applianceOf(request));
  };
