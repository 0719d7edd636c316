import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  type CardReader,
  CardReaderList,
  CardReaderParams,
  CardReaderPatchBody,
  CardReaderSchema,
  NewCardReaderBody,
} from "@mostrador/contracts/http/card-readers";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import type { CardReaderHub, ReaderLive } from "./hub.js";
import {
  createReader,
  deleteReader,
  getReader,
  listReaders,
  type ReaderConfig,
  updateReader,
} from "./readers.js";

const NOT_RUNNING: ReaderLive = { state: "idle", problem: null, lastTap: null };

/**
 * Ajustes → Lectores de tarjetas: the readers with what each is doing and its last tap (any staff may
 * read them: the till and bar screens take their keyboard reader's format from here); adding, changing and
 * removing one needs settings.edit. Requests and answers: @mostrador/contracts/http/card-readers.
 */
export const cardReaderRoutes =
  (running: { hub: CardReaderHub | null }): RoutesFactory =>
  (ctx) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const view = (config: ReaderConfig): CardReader => ({
      ...config,
      ...(running.hub?.live(config.id) ?? NOT_RUNNING),
    });
    const editing = { preHandler: requirePermission("settings.edit") };

    app.get("/card-readers", { schema: { response: { 200: CardReaderList } } }, async () =>
      listReaders(ctx).map(view),
    );
    app.get(
      "/card-readers/:id",
      { schema: { params: CardReaderParams, response: { 200: CardReaderSchema } } },
      async (request) => view(getReader(ctx, request.params.id)),
    );
    app.post(
      "/card-readers",
      { ...editing, schema: { body: NewCardReaderBody, response: { 201: CardReaderSchema } } },
      async (request, reply) => {
        const created = createReader(ctx, request.body, principalOf(request));
        reply.status(201);
        return view(created);
      },
    );
    app.patch(
      "/card-readers/:id",
      {
        ...editing,
        schema: { params: CardReaderParams, body: CardReaderPatchBody, response: { 200: CardReaderSchema } },
      },
      async (request) => view(updateReader(ctx, request.params.id, request.body, principalOf(request))),
    );
    app.delete(
      "/card-readers/:id",
      { ...editing, schema: { params: CardReaderParams } },
      async (request, reply) => {
        deleteReader(ctx, request.params.id, principalOf(request));
        reply.status(204);
      },
    );
  };
