import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  SetupAnswerSchema,
  SetupBody,
  SetupDemoAnswerSchema,
  SetupStatusSchema,
} from "@mostrador/contracts/http/setup";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { runDemoSetup, runSetup, setupNeeded } from "./setup.js";

/**
 * The first-run wizard's routes. Public, because nobody can log in before the owner exists; and that is
 * exactly when they stop working (409 `setup_done` ever after, setup.ts).
 */
export const setupRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const open = { config: { public: true } };

  app.get("/setup", { ...open, schema: { response: { 200: SetupStatusSchema } } }, async () => ({
    needed: setupNeeded(ctx),
  }));

  app.post(
    "/setup",
    { ...open, schema: { body: SetupBody, response: { 201: SetupAnswerSchema } } },
    async (request, reply) => {
      const answer = runSetup(ctx, request.body);
      reply.status(201);
      return answer;
    },
  );

  app.post(
    "/setup/demo",
    { ...open, schema: { response: { 201: SetupDemoAnswerSchema } } },
    async (_, reply) => {
      runDemoSetup(ctx);
      reply.status(201);
      return { seeded: true as const };
    },
  );
};
