import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";

import type { Category } from "@mostrador/contracts/http/catalog";

/** Categories sorted by name, for the catalog filter and the product form. */
export function listCategories(ctx: Ctx): Category[] {
  return ctx.db.prepare("SELECT id, name FROM categories ORDER BY name COLLATE NOCASE").all() as Category[];
}

export function getCategory(ctx: Ctx, id: string): Category {
  const row = stmt(ctx.db, "SELECT id, name FROM categories WHERE id = ?").get(id) as Category | undefined;
  if (!row)
    throw new DomainError("not_found", "category_not_found", "La categoría no existe", { categoryId: id });
  return row;
}

/** Writes the category without its own transaction: callers run it inside theirs (seed, createCategory). */
export function insertCategory(ctx: Ctx, rawName: string): Category {
  const name = typeof rawName === "string" ? rawName.trim().replace(/\s+/g, " ") : "";
  if (name.length < 1 || name.length > 60) {
    throw new DomainError(
      "invalid",
      "invalid_category_name",
      "El nombre de la categoría debe tener entre 1 y 60 caracteres",
    );
  }
  // SQLite's NOCASE folds ASCII only; "LÁCTEOS" and "Lácteos" must clash too. Categories are few.
  const folded = name.toLocaleLowerCase("es-AR");
  const names = ctx.db.prepare("SELECT name FROM categories").pluck().all() as string[];
  if (names.some((n) => n.toLocaleLowerCase("es-AR") === folded))
    throw new DomainError("conflict", "category_taken", `Ya existe la categoría "${name}"`, { name });
  const at = isoNow(ctx);
  const category = { id: newId(), name };
  ctx.db
    .prepare("INSERT INTO categories (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)")
    .run(category.id, name, at, at);
  enqueueOutbox(ctx.db, { entity: "category", entityId: category.id, op: "created", payload: category, at });
  return category;
}

/** Creates a category (names are unique regardless of case). */
export function createCategory(ctx: Ctx, input: { name: string }): Category {
  const category = ctx.db.transaction(() => insertCategory(ctx, input.name))();
  ctx.bus.emit("catalog.changed", { productIds: [] });
  return category;
}
