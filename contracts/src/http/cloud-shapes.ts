import { type Static, Type } from "@sinclair/typebox";
import { Closed, Int, Nullable, Open } from "./fields.js";

/**
 * GET /v1/shape's body (cloud/src/shapes/shape-routes.ts): Electric's HTTP shape protocol, a JSON array
 * of messages, as the cloud serves it from shape_log or proxies it from Electric (which may add
 * headers of its own, hence open headers). The cloud writes it as text, so the route sets no response
 * schema: this is the contract the appliance's download reads, held against real answers by
 * cloud/src/shapes/shape.contract.test.ts.
 */

/** A row of a shape: every column as text (booleans "t"/"f", jsonb as its JSON text), null as null. */
export const ShapeRow = Type.Record(Type.String(), Nullable(Type.String()));

/** A row changed: insert or update carry the (requested) columns; delete carries the key column only. */
export const ShapeChangeMessage = Type.Object(
  {
    headers: Type.Object(
      {
        operation: Type.Union([Type.Literal("insert"), Type.Literal("update"), Type.Literal("delete")]),
        lsn: Type.Optional(Type.String()),
        op_position: Type.Optional(Int),
      },
      Open,
    ),
    key: Type.String(),
    value: ShapeRow,
  },
  Closed,
);
export type ShapeChangeMessage = Static<typeof ShapeChangeMessage>;

/** Caught up (up-to-date, with the log's head), or the handle is gone and the snapshot must be re-read (409). */
export const ShapeControlMessage = Type.Object(
  {
    headers: Type.Object(
      {
        control: Type.Union([Type.Literal("up-to-date"), Type.Literal("must-refetch")]),
        global_last_seen_lsn: Type.Optional(Type.String()),
      },
      Open,
    ),
  },
  Closed,
);
export type ShapeControlMessage = Static<typeof ShapeControlMessage>;

/** 200 (a snapshot or the changes after an offset) and 409 (must-refetch). */
export const ShapeAnswer = Type.Array(Type.Union([ShapeChangeMessage, ShapeControlMessage]));
export type ShapeAnswer = Static<typeof ShapeAnswer>;
