import { type Static, Type } from "@sinclair/typebox";
import { Closed, Nullable } from "./fields.js";
import { TerminalSchema } from "./settings.js";

/**
 * The first run (desktop/src/setup/): an appliance with no owner yet asks who runs the shop. Usable only
 * until the owner exists; afterwards every setup route answers 409 `setup_done`.
 * Fields are loose strings and numbers here on purpose: the appliance checks each one and answers a
 * Spanish message per field (details.fields: { "owner.pin": "…" }), which the wizard shows under it.
 */

/** GET /api/setup (public): whether the wizard must run. */
export const SetupStatusSchema = Type.Object({ needed: Type.Boolean() }, Closed);
export type SetupStatus = Static<typeof SetupStatusSchema>;

const Text = (maxLength: number) => Type.String({ maxLength });

export const SetupBody = Type.Object(
  {
    shop: Type.Object(
      {
        name: Text(200),
        taxId: Text(40),
        /** responsable_inscripto | monotributo | exento */
        ivaCondition: Text(40),
        address: Text(400),
        timeZone: Text(80),
        /** One of RUBRO_IDS (contracts/src/setup/rubros.ts). */
        rubro: Text(40),
        locale: Type.Optional(Type.Union([Type.Literal("es-AR"), Type.Literal("en")])),
      },
      Closed,
    ),
    owner: Type.Object({ name: Text(200), pin: Text(20), pinConfirm: Text(20) }, Closed),
    terminals: Type.Array(Type.Object({ code: Type.Integer(), name: Text(100) }, Closed), { maxItems: 50 }),
    /** A network receipt printer (ESC/POS over TCP, usually port 9100), or null for none. */
    printer: Nullable(Type.Object({ host: Text(200), port: Type.Integer() }, Closed)),
  },
  Closed,
);
export type SetupInput = Static<typeof SetupBody>;

/** POST /api/setup answers 201 with the owner and the tills, so the wizard logs the owner in at once. */
export const SetupAnswerSchema = Type.Object(
  { ownerId: Type.String(), terminals: Type.Array(TerminalSchema) },
  Closed,
);
export type SetupAnswer = Static<typeof SetupAnswerSchema>;

/** POST /api/setup/demo answers 201: the demo almacén was seeded ("Probar con datos de ejemplo"). */
export const SetupDemoAnswerSchema = Type.Object({ seeded: Type.Literal(true) }, Closed);
