/**
 * The card readers' HTTP API (desktop/src/card-readers/routes.ts) and the `card_tapped` event every reader
 * produces on /api/events: request and answer schemas, imported by the routes and the till alike.
 */
import { type Static, Type } from "@sinclair/typebox";
import { ID_PATTERN_SOURCE } from "../mqtt/ids.js";
import { UID_BYTE_ORDERS, UID_NUMBER_FORMATS, UID_PATTERN_SOURCE } from "../card-readers/uid.js";
import { Closed, IdParams, Instant, Int, Nullable, RowId, type SameUnion } from "./fields.js";

/** keyboard: a USB keyboard-wedge reader (read by the till's screen); serial: serialport; mqtt: an ESP32 node. */
export const CARD_READER_KINDS = ["keyboard", "serial", "mqtt"] as const;
export type CardReaderKind = (typeof CARD_READER_KINDS)[number];
/** The text a serial reader sends: MFRC522 or PN532 sketches' lines, or EM4100 modules' STX…ETX frames. */
export const SERIAL_FORMATS = ["mfrc522", "pn532", "em4100"] as const;
export type SerialFormat = (typeof SERIAL_FORMATS)[number];
export const BAUD_RATES = [9600, 19200, 38400, 57600, 115200] as const;
export const CARD_READER_NAME_MAX = 40;
export const SERIAL_PATH_MAX = 200;

const KindSchema = Type.Union([Type.Literal("keyboard"), Type.Literal("serial"), Type.Literal("mqtt")]);
const SerialFormatSchema = Type.Union([
  Type.Literal("mfrc522"),
  Type.Literal("pn532"),
  Type.Literal("em4100"),
]);
const NumberFormatSchema = Type.Union([Type.Literal("hex"), Type.Literal("decimal")]);
const ByteOrderSchema = Type.Union([Type.Literal("as_read"), Type.Literal("reversed")]);
const BaudSchema = Type.Union([
  Type.Literal(9600),
  Type.Literal(19200),
  Type.Literal(38400),
  Type.Literal(57600),
  Type.Literal(115200),
]);
export const KIND_SCHEMA_MATCHES: SameUnion<CardReaderKind, Static<typeof KindSchema>> = true;
export const SERIAL_FORMAT_SCHEMA_MATCHES: SameUnion<SerialFormat, Static<typeof SerialFormatSchema>> = true;
export const NUMBER_FORMAT_SCHEMA_MATCHES: SameUnion<
  (typeof UID_NUMBER_FORMATS)[number],
  Static<typeof NumberFormatSchema>
> = true;
export const BYTE_ORDER_SCHEMA_MATCHES: SameUnion<
  (typeof UID_BYTE_ORDERS)[number],
  Static<typeof ByteOrderSchema>
> = true;
export const BAUD_SCHEMA_MATCHES: SameUnion<(typeof BAUD_RATES)[number], Static<typeof BaudSchema>> = true;

/** A normalised UID: the chip's bytes as upper-case hex (@mostrador/contracts/card-readers/uid). */
export const UidSchema = Type.String({ pattern: UID_PATTERN_SOURCE });

/** One tap of a card on a reader, as /api/events sends it (`card_tapped`) and as the reader's last tap. */
export const CardTappedSchema = Type.Object(
  { uid: UidSchema, readerId: Type.String(), terminalId: Nullable(Type.String()), at: Instant },
  Closed,
);
export type CardTapped = Static<typeof CardTappedSchema>;

/** How a reader is running right now (serial: its port; mqtt: its node), for Ajustes. */
export const ReaderStateSchema = Type.Union([
  Type.Literal("idle"),
  Type.Literal("open"),
  Type.Literal("retrying"),
  Type.Literal("throttled"),
]);
export type ReaderState = Static<typeof ReaderStateSchema>;

export const CardReaderSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: KindSchema,
    /** The till whose screens hear this reader's taps; null: every screen. */
    terminalId: Nullable(Type.String()),
    numberFormat: NumberFormatSchema,
    byteOrder: ByteOrderSchema,
    serialPath: Nullable(Type.String()),
    baudRate: Nullable(Int),
    serialFormat: Nullable(SerialFormatSchema),
    /** mqtt: the node's device slug and the reader's key on mostrador/<slug>/reader/<key>/tap. */
    deviceSlug: Nullable(Type.String()),
    readerKey: Nullable(Type.String()),
    state: ReaderStateSchema,
    /** Why it is retrying or throttled, in Spanish; null when all is well. */
    problem: Nullable(Type.String()),
    lastTap: Nullable(CardTappedSchema),
    createdAt: Instant,
    updatedAt: Instant,
  },
  Closed,
);
export type CardReader = Static<typeof CardReaderSchema>;
/** GET /api/card-readers (any staff: the till and bar screens read their keyboard reader's format). */
export const CardReaderList = Type.Array(CardReaderSchema);

const ReaderFields = {
  name: Type.String({ minLength: 1, maxLength: CARD_READER_NAME_MAX }),
  kind: KindSchema,
  terminalId: Nullable(RowId),
  numberFormat: NumberFormatSchema,
  byteOrder: ByteOrderSchema,
  serialPath: Nullable(Type.String({ minLength: 1, maxLength: SERIAL_PATH_MAX })),
  baudRate: Nullable(BaudSchema),
  serialFormat: Nullable(SerialFormatSchema),
  deviceSlug: Nullable(Type.String({ pattern: ID_PATTERN_SOURCE })),
  readerKey: Nullable(Type.String({ pattern: ID_PATTERN_SOURCE })),
};

/**
 * POST /api/card-readers (settings.edit). What a kind needs is checked by the domain with a sentence per
 * field (a serial reader without a port, an MQTT reader without its node); fields of other kinds are
 * left null.
 */
export const NewCardReaderBody = Type.Object(
  {
    ...ReaderFields,
    terminalId: Type.Optional(ReaderFields.terminalId),
    numberFormat: Type.Optional(NumberFormatSchema),
    byteOrder: Type.Optional(ByteOrderSchema),
    serialPath: Type.Optional(ReaderFields.serialPath),
    baudRate: Type.Optional(ReaderFields.baudRate),
    serialFormat: Type.Optional(ReaderFields.serialFormat),
    deviceSlug: Type.Optional(ReaderFields.deviceSlug),
    readerKey: Type.Optional(ReaderFields.readerKey),
  },
  Closed,
);
export type NewCardReaderInput = Static<typeof NewCardReaderBody>;

/** PATCH /api/card-readers/:id (settings.edit): any subset; the whole reader is checked again. */
export const CardReaderPatchBody = Type.Partial(Type.Object(ReaderFields), Closed);
export type CardReaderPatch = Static<typeof CardReaderPatchBody>;
export const CardReaderParams = IdParams;
