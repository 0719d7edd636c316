/**
 * Ajustes' reader form as plain data: what the owner picks, and the request body it becomes (only the
 * fields its kind uses; the appliance checks the whole reader again and answers in Spanish).
 */
import type {
  CardReader,
  CardReaderKind,
  NewCardReaderInput,
  SerialFormat,
} from "@mostrador/contracts/http/card-readers";
import type { UidByteOrder, UidNumberFormat } from "@mostrador/contracts/card-readers/uid";

export interface ReaderForm {
  name: string;
  kind: CardReaderKind;
  terminalId: string;
  numberFormat: UidNumberFormat;
  byteOrder: UidByteOrder;
  serialPath: string;
  baudRate: number;
  serialFormat: SerialFormat;
  deviceSlug: string;
  readerKey: string;
}

export const EMPTY_READER_FORM: ReaderForm = {
  name: "",
  kind: "keyboard",
  terminalId: "",
  numberFormat: "hex",
  byteOrder: "as_read",
  serialPath: "",
  baudRate: 9600,
  serialFormat: "mfrc522",
  deviceSlug: "",
  readerKey: "rfid",
};

export function readerFormOf(r: CardReader): ReaderForm {
  return {
    name: r.name,
    kind: r.kind,
    terminalId: r.terminalId ?? "",
    numberFormat: r.numberFormat,
    byteOrder: r.byteOrder,
    serialPath: r.serialPath ?? "",
    baudRate: r.baudRate ?? 9600,
    serialFormat: r.serialFormat ?? "mfrc522",
    deviceSlug: r.deviceSlug ?? "",
    readerKey: r.readerKey ?? "rfid",
  };
}

/** True when the number format applies: EM4100 frames and ESP32 nodes always send hex. */
export const usesNumberFormat = (f: ReaderForm) =>
  f.kind === "keyboard" || (f.kind === "serial" && f.serialFormat !== "em4100");

export function readerBodyOf(f: ReaderForm): NewCardReaderInput {
  const body: NewCardReaderInput = {
    name: f.name.trim(),
    kind: f.kind,
    terminalId: f.terminalId || null,
    numberFormat: usesNumberFormat(f) ? f.numberFormat : "hex",
    byteOrder: f.byteOrder,
    serialPath: null,
    baudRate: null,
    serialFormat: null,
    deviceSlug: null,
    readerKey: null,
  };
  if (f.kind === "serial")
    return {
      ...body,
      // Empty goes as null, so the appliance answers "Indicá el puerto serie…" rather than a schema error.
      serialPath: f.serialPath.trim() || null,
      baudRate: f.baudRate as NonNullable<NewCardReaderInput["baudRate"]>,
      serialFormat: f.serialFormat,
    };
  if (f.kind === "mqtt")
    return { ...body, deviceSlug: f.deviceSlug.trim() || null, readerKey: f.readerKey.trim() || null };
  return body;
}
