import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";

export interface AccountCustomer {
  id: string;
  name: string;
  bornAt: string;
  createdAt: string;
  birthday: string | null;
}

const FIND = `SELECT id, name, born_at AS bornAt, created_at AS createdAt, birthday, merged_into AS mergedInto,
                     erased_at AS erasedAt
                FROM customers WHERE id = ?`;

/**
 * The customer an account or points operation is about: it must exist, not have been merged into
 * another record (its ledger lives on the survivor), and not be erased on request.
 */
export function requireCustomer(ctx: Ctx, customerId: unknown): AccountCustomer {
  if (typeof customerId !== "string" || customerId.length === 0 || customerId.length > 64) {
    throw new DomainError("invalid", "customer_required", "Falta el cliente");
  }
  const row = stmt(ctx.db, FIND).get(customerId) as
    (AccountCustomer & { mergedInto: string | null; erasedAt: string | null }) | undefined;
  if (!row) throw new DomainError("not_found", "customer_not_found", "El cliente no existe");
  if (row.mergedInto) {
    throw new DomainError(
      "conflict",
      "customer_merged",
      "Ese cliente se unificó con otro registro: buscalo de nuevo",
      { mergedInto: row.mergedInto },
    );
  }
  if (row.erasedAt) {
    throw new DomainError("conflict", "customer_erased", "Los datos de ese cliente se borraron a su pedido");
  }
  return { id: row.id, name: row.name, bornAt: row.bornAt, createdAt: row.createdAt, birthday: row.birthday };
}
