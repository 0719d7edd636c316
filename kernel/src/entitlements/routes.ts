import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { EntitlementsAnswer } from "@mostrador/contracts/http/entitlements";
import type { RoutesFactory } from "../core/module.js";
import { entitlementsAnswer } from "./answer.js";

/** GET /api/entitlements: anyone logged in (the till's banner and menus, Ajustes' plan section). */
export const entitlementsRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  app.get("/entitlements", { schema: { response: { 200: EntitlementsAnswer } } }, async () =>
    entitlementsAnswer(ctx),
  );
};
