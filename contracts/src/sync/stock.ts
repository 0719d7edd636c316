import { Type } from "@sinclair/typebox";
import { Id, Nullable, Open, SignedQty, Text, Time } from "./fields.js";

/**
 * stock_movement/created: a hand correction, a receipt or a count (desktop/src/stock/adjust.ts); sales,
 * returns and voids move stock through their own payloads. `note` and `staffId` came later: optional,
 * so an older appliance's movements still upload.
 */
export const StockMovementPayload = Type.Object(
  {
    id: Id,
    productId: Id,
    quantity: SignedQty,
    reason: Text(20),
    at: Time,
    note: Type.Optional(Nullable(Text(500))),
    staffId: Type.Optional(Nullable(Id)),
  },
  Open,
);
