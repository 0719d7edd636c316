import { type Ctx, isoNow } from "../core/context.js";
import { DomainError } from "../core/errors.js";
import { newId } from "../db/ids.js";

// A till as the API answers it (contracts/src/http/settings.ts).
export type { Terminal } from "@mostrador/contracts/http/settings";
import type { Terminal } from "@mostrador/contracts/http/settings";

/** Registers a till. Its code (punto de venta) prefixes its sale numbers, so it must be unique in the shop. */
export function createTerminal(ctx: Ctx, input: { code: number; name: string }): Terminal {
  if (!Number.isInteger(input.code) || input.code < 1 || input.code > 9999) {
    throw new DomainError("invalid", "invalid_terminal_code", "El número de caja debe estar entre 1 y 9999");
  }
  const clash = ctx.db.prepare("SELECT 1 FROM terminals WHERE code = ?").get(input.code);
  if (clash)
    throw new DomainError("conflict", "terminal_code_taken", `Ya existe la caja número ${input.code}`);
  const terminal = { id: newId(), code: input.code, name: input.name.trim() || `Caja ${input.code}` };
  ctx.db
    .prepare("INSERT INTO terminals (id, code, name, created_at) VALUES (?, ?, ?, ?)")
    .run(terminal.id, terminal.code, terminal.name, isoNow(ctx));
  return terminal;
}

export function listTerminals(ctx: Ctx): Terminal[] {
  return ctx.db.prepare("SELECT id, code, name FROM terminals ORDER BY code").all() as Terminal[];
}

export function getTerminal(ctx: Ctx, id: string): Terminal {
  const row = ctx.db.prepare("SELECT id, code, name FROM terminals WHERE id = ?").get(id) as
    Terminal | undefined;
  if (!row) throw new DomainError("not_found", "terminal_not_found", "La caja no existe");
  return row;
}
