import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { getSettings, ShopSettings } from "../../shop/settings.js";
import { listTerminals } from "../../shop/terminals.js";
import { changeSettings } from "../../staff/settings-changes.js";
import { principalOf, requirePermission } from "../auth.js";
import type { RoutesFactory } from "../../core/module.js";

/** Any subset of the settings; each value is validated by the same schema shop/settings.ts stores with. */
const SettingsPatch = Type.Partial(ShopSettings, { additionalProperties: false });

/** Shop settings and the list of tills (public: the login screen picks its till before anyone logs in). */
export const settingsRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get("/terminals", { config: { public: true } }, async () => listTerminals(ctx));

  app.get("/settings", async () => getSettings(ctx.db));

  app.patch(
    "/settings",
    { preHandler: requirePermission("settings.edit"), schema: { body: SettingsPatch } },
    async (request) => changeSettings(ctx, principalOf(request), request.body),
  );
};
