import { Type, type TSchema } from "@sinclair/typebox";

/**
 * The building blocks of the appliance's HTTP schemas. Requests are closed (`Closed`: an unknown property
 * is refused, never silently dropped); answers list every field the server sends, because Fastify's
 * serializer drops what a response schema leaves out (the tests beside each module hold a real answer
 * against its schema).
 */

export const Closed = { additionalProperties: false } as const;
/** For answers whose objects are open-ended (settings that pass through): nothing is dropped. */
export const Open = { additionalProperties: true } as const;

/** A row id in a path, a query or a body. */
export const RowId = Type.String({ minLength: 1, maxLength: 64 });
export const IdParams = Type.Object({ id: RowId }, Closed);

/**
 * Null first: with the query validator's type coercion, null would otherwise be coerced to 0 by a number
 * branch. TypeBox's Static is the same either way.
 */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);

/** A UTC instant as the server writes it (ISO-8601, `Date.toISOString()`). */
export const Instant = Type.String();

/** Integer centavos (or units, or grams) as the server answers them: bounded where requests are checked. */
export const Int = Type.Integer();

/**
 * `true` only when A and B are the same union. A schema spelled out literal by literal (Fastify's type
 * provider types a union mapped from a list as `never` in answers) is held to its list with
 * `const _same: SameUnion<FromList, Static<typeof Schema>> = true`, so the two cannot drift apart.
 */
export type SameUnion<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
