import { Type } from "@sinclair/typebox";

/** Path parameter `:id` that must be a UUID: anything else is a 400, not a database error. */
export const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) }, { additionalProperties: false });

/** A route's empty body (POST without input): refuses fields it would otherwise ignore. */
export const EmptyBody = Type.Union([Type.Object({}, { additionalProperties: false }), Type.Null()]);

export const Name = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: "\\S" });
