import { Type, type TSchema } from "@sinclair/typebox";
import { MAX_AGGREGATE_AMOUNT, MAX_STOCK_QUANTITY } from "../limits.js";

/**
 * The building blocks of every outbox payload: money as integer centavos (never floats) and bounded,
 * ids, bounded text, UTC times. Payload objects are open (`Open`): a newer appliance may add fields and
 * the cloud keeps them in its JSON, never refuses them.
 */

/** Sums of many amounts (a Z report) may pass a single amount's limit: payloads are bounded by the sum's. */
export const Money = Type.Integer({ minimum: -MAX_AGGREGATE_AMOUNT, maximum: MAX_AGGREGATE_AMOUNT });
export const NonNegMoney = Type.Integer({ minimum: 0, maximum: MAX_AGGREGATE_AMOUNT });
/** Units, or grams for weighed goods. */
export const Qty = Type.Integer({ minimum: 1, maximum: MAX_STOCK_QUANTITY });
export const SignedQty = Type.Integer({ minimum: -MAX_STOCK_QUANTITY, maximum: MAX_STOCK_QUANTITY });
export const Id = Type.String({ minLength: 1, maxLength: 64 });
export const Text = (max: number) => Type.String({ maxLength: max });
export const Time = Type.String({ format: "date-time", maxLength: 40 });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Open = { additionalProperties: true } as const;
