/**
 * The card readers' configuration (Ajustes → Lectores de tarjetas): add, change, remove, list. Each reader
 * is checked whole (what its kind needs, nothing of other kinds), written with its audit entry in one
 * transaction, and announced on the bus (`card_readers.changed`) after the commit so the running readers
 * reopen with it. Configuration of this appliance's hardware only: it is not synced.
 */
import type {
  CardReaderPatch,
  NewCardReaderInput,
  SerialFormat,
} from "@mostrador/contracts/http/card-readers";
import type { CardReaderKind } from "@mostrador/contracts/http/card-readers";
import type { UidByteOrder, UidNumberFormat } from "@mostrador/contracts/card-readers/uid";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { assertTerminalInService } from "@mostrador/kernel/shop/terminals";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Principal } from "@mostrador/kernel/staff/sessions";

/** A reader's stored configuration (without what it is doing right now: hub.ts adds that). */
export interface ReaderConfig {
  id: string;
  name: string;
  kind: CardReaderKind;
  terminalId: string | null;
  numberFormat: UidNumberFormat;
  byteOrder: UidByteOrder;
  serialPath: string | null;
  baudRate: number | null;
  serialFormat: SerialFormat | null;
  deviceSlug: string | null;
  readerKey: string | null;
  createdAt: string;
  updatedAt: string;
}

const SELECT = `SELECT id, name, kind, terminal_id AS terminalId, number_format AS numberFormat,
  byte_order AS byteOrder, serial_path AS serialPath, baud_rate AS baudRate, serial_format AS serialFormat,
  device_slug AS deviceSlug, reader_key AS readerKey, created_at AS createdAt, updated_at AS updatedAt
  FROM card_readers`;

export function listReaders(ctx: Ctx): ReaderConfig[] {
  return ctx.db.prepare(`${SELECT} ORDER BY name, id`).all() as ReaderConfig[];
}

export function getReader(ctx: Ctx, id: string): ReaderConfig {
  const row = ctx.db.prepare(`${SELECT} WHERE id = ?`).get(id) as ReaderConfig | undefined;
  if (!row) throw new DomainError("not_found", "card_reader_not_found", "El lector de tarjetas no existe");
  return row;
}

type Fields = Omit<ReaderConfig, "id" | "createdAt" | "updatedAt">;

const invalid = (code: string, field: string, message: string) =>
  new DomainError("invalid", code, message, { field });

/** The whole reader checked: its name, its till, and exactly what its kind needs (the rest nulled). */
function checked(ctx: Ctx, f: Fields): Fields {
  const name = f.name.trim().replace(/\s+/g, " ");
  if (!name) throw invalid("invalid_reader_name", "name", "Poné un nombre al lector (por ejemplo, Barra 1)");
  if (f.terminalId !== null) assertTerminalInService(ctx, f.terminalId);
  const none = { serialPath: null, baudRate: null, serialFormat: null, deviceSlug: null, readerKey: null };
  if (f.kind === "serial") {
    const serialPath = f.serialPath?.trim() ?? "";
    if (!serialPath)
      throw invalid(
        "serial_path_required",
        "serialPath",
        "Indicá el puerto serie del lector (por ejemplo, /dev/ttyUSB0 o COM3)",
      );
    if (!f.serialFormat)
      throw invalid(
        "serial_format_required",
        "serialFormat",
        "Elegí el formato del lector serie (MFRC522, PN532 o EM4100)",
      );
    return { ...f, ...none, name, serialPath, baudRate: f.baudRate ?? 9600, serialFormat: f.serialFormat };
  }
  if (f.kind === "mqtt") {
    if (!f.deviceSlug)
      throw invalid(
        "device_slug_required",
        "deviceSlug",
        "Indicá el equipo (nodo ESP32) que tiene el lector",
      );
    if (!f.readerKey)
      throw invalid(
        "reader_key_required",
        "readerKey",
        "Indicá la clave del lector en el nodo (por ejemplo, rfid)",
      );
    return { ...f, ...none, name, deviceSlug: f.deviceSlug, readerKey: f.readerKey };
  }
  return { ...f, ...none, name };
}

function assertFree(ctx: Ctx, f: Fields, id: string): void {
  if (f.serialPath !== null) {
    const other = ctx.db
      .prepare("SELECT name FROM card_readers WHERE serial_path = ? AND id <> ?")
      .get(f.serialPath, id) as { name: string } | undefined;
    if (other)
      throw new DomainError(
        "conflict",
        "serial_path_taken",
        `El puerto ${f.serialPath} ya es del lector ${other.name}`,
        {
          field: "serialPath",
        },
      );
  }
  if (f.deviceSlug !== null) {
    const other = ctx.db
      .prepare("SELECT name FROM card_readers WHERE device_slug = ? AND reader_key = ? AND id <> ?")
      .get(f.deviceSlug, f.readerKey, id) as { name: string } | undefined;
    if (other)
      throw new DomainError(
        "conflict",
        "node_reader_taken",
        `El lector ${f.readerKey} del equipo ${f.deviceSlug} ya está configurado como ${other.name}`,
        { field: "readerKey" },
      );
  }
}

function audit(
  ctx: Ctx,
  actor: Principal | undefined,
  action: "card_reader.created" | "card_reader.updated" | "card_reader.deleted",
  id: string,
  details: object,
): void {
  recordAudit(ctx.db, {
    at: isoNow(ctx),
    staffId: actor?.staffId ?? null,
    terminalId: actor?.terminalId ?? null,
    action,
    entity: "card_reader",
    entityId: id,
    details: { ...details },
  });
}

export function createReader(ctx: Ctx, input: NewCardReaderInput, actor?: Principal): ReaderConfig {
  const id = newId();
  const f = checked(ctx, {
    name: input.name,
    kind: input.kind,
    terminalId: input.terminalId ?? null,
    numberFormat: input.numberFormat ?? "hex",
    byteOrder: input.byteOrder ?? "as_read",
    serialPath: input.serialPath ?? null,
    baudRate: input.baudRate ?? null,
    serialFormat: input.serialFormat ?? null,
    deviceSlug: input.deviceSlug ?? null,
    readerKey: input.readerKey ?? null,
  });
  const at = isoNow(ctx);
  ctx.db.transaction(() => {
    assertFree(ctx, f, id);
    ctx.db
      .prepare(
        `INSERT INTO card_readers (id, name, kind, terminal_id, number_format, byte_order, serial_path, baud_rate,
           serial_format, device_slug, reader_key, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        f.name,
        f.kind,
        f.terminalId,
        f.numberFormat,
        f.byteOrder,
        f.serialPath,
        f.baudRate,
        f.serialFormat,
        f.deviceSlug,
        f.readerKey,
        at,
        at,
      );
    audit(ctx, actor, "card_reader.created", id, f);
  })();
  ctx.bus.emit("card_readers.changed", { readerId: id });
  return getReader(ctx, id);
}

export function updateReader(ctx: Ctx, id: string, patch: CardReaderPatch, actor?: Principal): ReaderConfig {
  const current = getReader(ctx, id);
  const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = current;
  const f = checked(ctx, { ...fields, ...patch });
  ctx.db.transaction(() => {
    assertFree(ctx, f, id);
    ctx.db
      .prepare(
        `UPDATE card_readers SET name = ?, kind = ?, terminal_id = ?, number_format = ?, byte_order = ?,
           serial_path = ?, baud_rate = ?, serial_format = ?, device_slug = ?, reader_key = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(
        f.name,
        f.kind,
        f.terminalId,
        f.numberFormat,
        f.byteOrder,
        f.serialPath,
        f.baudRate,
        f.serialFormat,
        f.deviceSlug,
        f.readerKey,
        isoNow(ctx),
        id,
      );
    audit(ctx, actor, "card_reader.updated", id, patch);
  })();
  ctx.bus.emit("card_readers.changed", { readerId: id });
  return getReader(ctx, id);
}

export function deleteReader(ctx: Ctx, id: string, actor?: Principal): void {
  const current = getReader(ctx, id);
  ctx.db.transaction(() => {
    ctx.db.prepare("DELETE FROM card_readers WHERE id = ?").run(id);
    audit(ctx, actor, "card_reader.deleted", id, { name: current.name, kind: current.kind });
  })();
  ctx.bus.emit("card_readers.changed", { readerId: id });
}
