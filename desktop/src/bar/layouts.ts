import type { AuditAction } from "@mostrador/contracts/audit-actions";
import { type Bar, type BarGroup, type BarInput, BARS_MAX } from "@mostrador/contracts/http/bar";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Principal } from "@mostrador/kernel/staff/sessions";

/**
 * Bars and their button layouts (migration beside this file). A layout is written whole: the groups and
 * buttons of a bar are replaced in one transaction, so a tablet never reads half of an edit.
 */

interface CleanGroup {
  categoryId: string | null;
  label: string | null;
  productIds: string[];
}

const oneLine = (s: string) => s.trim().replace(/\s+/g, " ");

function cleanName(name: string): string {
  const clean = oneLine(name);
  if (!clean)
    throw new DomainError("invalid", "invalid_bar_name", "Poné un nombre a la barra", { field: "name" });
  return clean;
}

/** Every category and product named must exist, be sellable by the unit, and appear once per group. */
function cleanGroups(ctx: Ctx, input: BarInput["groups"]): CleanGroup[] {
  return input.map((group, g) => {
    const where = `Grupo ${g + 1}`;
    if (
      group.categoryId !== null &&
      !stmt(ctx.db, "SELECT 1 FROM categories WHERE id = ?").get(group.categoryId)
    ) {
      throw new DomainError("invalid", "unknown_category", `${where}: la categoría no existe`, {
        field: `groups.${g}.categoryId`,
      });
    }
    const label = group.label ? oneLine(group.label) || null : null;
    if (group.categoryId === null && label === null) {
      throw new DomainError(
        "invalid",
        "group_without_title",
        `${where}: elegí una categoría o poné un título`,
        {
          field: `groups.${g}.label`,
        },
      );
    }
    const seen = new Set<string>();
    for (const [p, productId] of group.productIds.entries()) {
      const field = `groups.${g}.productIds.${p}`;
      if (seen.has(productId)) {
        throw new DomainError("invalid", "duplicate_button", `${where}: un producto está dos veces`, {
          field,
        });
      }
      seen.add(productId);
      const product = stmt(ctx.db, "SELECT name, unit, variant_axes AS axes FROM products WHERE id = ?").get(
        productId,
      ) as { name: string; unit: string; axes: string | null } | undefined;
      if (!product)
        throw new DomainError("invalid", "unknown_product", `${where}: el producto no existe`, { field });
      if (product.axes !== null) {
        throw new DomainError(
          "invalid",
          "model_not_sellable",
          `${where}: "${product.name}" tiene variantes; elegí una variante`,
          { field },
        );
      }
      if (product.unit !== "each") {
        throw new DomainError(
          "invalid",
          "weighed_product",
          `${where}: "${product.name}" se vende por peso y no puede ser un botón de la barra`,
          { field },
        );
      }
    }
    return { categoryId: group.categoryId, label, productIds: group.productIds };
  });
}

function assertNameFree(ctx: Ctx, name: string, exceptId: string | null): void {
  const clash = stmt(ctx.db, "SELECT id FROM bars WHERE name = ? COLLATE NOCASE").get(name) as
    { id: string } | undefined;
  if (clash && clash.id !== exceptId) {
    throw new DomainError("conflict", "bar_name_taken", `Ya hay una barra llamada "${name}"`, {
      field: "name",
    });
  }
}

function writeGroups(ctx: Ctx, barId: string, groups: CleanGroup[]): void {
  stmt(ctx.db, "DELETE FROM bar_groups WHERE bar_id = ?").run(barId);
  for (const [g, group] of groups.entries()) {
    stmt(ctx.db, "INSERT INTO bar_groups (bar_id, position, category_id, label) VALUES (?, ?, ?, ?)").run(
      barId,
      g,
      group.categoryId,
      group.label,
    );
    for (const [p, productId] of group.productIds.entries()) {
      stmt(
        ctx.db,
        "INSERT INTO bar_buttons (bar_id, group_position, position, product_id) VALUES (?, ?, ?, ?)",
      ).run(barId, g, p, productId);
    }
  }
}

function audit(ctx: Ctx, actor: Principal, action: AuditAction, barId: string, details: object): void {
  recordAudit(ctx.db, {
    at: isoNow(ctx),
    staffId: actor.staffId,
    terminalId: actor.terminalId,
    action,
    entity: "bar",
    entityId: barId,
    details: { ...details },
  });
}

const summary = (name: string, groups: CleanGroup[]) => ({
  name,
  groups: groups.length,
  buttons: groups.reduce((n, g) => n + g.productIds.length, 0),
});

/** A new bar with its layout (a manager, audited). */
export function createBar(ctx: Ctx, actor: Principal, input: BarInput): Bar {
  const name = cleanName(input.name);
  const groups = cleanGroups(ctx, input.groups);
  const id = newId();
  ctx.db.transaction(() => {
    assertNameFree(ctx, name, null);
    const count = (stmt(ctx.db, "SELECT count(*) AS n FROM bars").get() as { n: number }).n;
    if (count >= BARS_MAX) {
      throw new DomainError(
        "conflict",
        "too_many_bars",
        `Hay ${BARS_MAX} barras: borrá una antes de crear otra`,
      );
    }
    const at = isoNow(ctx);
    stmt(ctx.db, "INSERT INTO bars (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)").run(
      id,
      name,
      at,
      at,
    );
    writeGroups(ctx, id, groups);
    audit(ctx, actor, "bar.created", id, summary(name, groups));
  })();
  return getBar(ctx, id);
}

/** The whole layout replaced (a manager, audited). */
export function updateBar(ctx: Ctx, actor: Principal, id: string, input: BarInput): Bar {
  const name = cleanName(input.name);
  const groups = cleanGroups(ctx, input.groups);
  ctx.db.transaction(() => {
    if (!stmt(ctx.db, "SELECT 1 FROM bars WHERE id = ?").get(id)) throw notFound();
    assertNameFree(ctx, name, id);
    stmt(ctx.db, "UPDATE bars SET name = ?, updated_at = ? WHERE id = ?").run(name, isoNow(ctx), id);
    writeGroups(ctx, id, groups);
    audit(ctx, actor, "bar.updated", id, summary(name, groups));
  })();
  return getBar(ctx, id);
}

/** A bar and its buttons removed (a manager, audited); sales made at it keep everything they need. */
export function deleteBar(ctx: Ctx, actor: Principal, id: string): void {
  ctx.db.transaction(() => {
    const bar = stmt(ctx.db, "SELECT name FROM bars WHERE id = ?").get(id) as { name: string } | undefined;
    if (!bar) throw notFound();
    stmt(ctx.db, "DELETE FROM bars WHERE id = ?").run(id);
    audit(ctx, actor, "bar.deleted", id, { name: bar.name });
  })();
}

const notFound = () => new DomainError("not_found", "bar_not_found", "La barra no existe (¿la borraron?)");

interface ButtonRow {
  barId: string;
  groupPosition: number;
  productId: string;
  name: string;
  price: number;
  active: number;
}

/** Every bar with its groups and buttons (the products' current names and prices), by name. */
export function listBars(ctx: Ctx): Bar[] {
  const bars = stmt(ctx.db, "SELECT id, name, updated_at AS updatedAt FROM bars ORDER BY name").all() as {
    id: string;
    name: string;
    updatedAt: string;
  }[];
  const groups = stmt(
    ctx.db,
    `SELECT g.bar_id AS barId, g.position, g.category_id AS categoryId, g.label, c.name AS categoryName
       FROM bar_groups g LEFT JOIN categories c ON c.id = g.category_id
      ORDER BY g.bar_id, g.position`,
  ).all() as {
    barId: string;
    position: number;
    categoryId: string | null;
    label: string | null;
    categoryName: string | null;
  }[];
  const buttons = stmt(
    ctx.db,
    `SELECT b.bar_id AS barId, b.group_position AS groupPosition, p.id AS productId, p.name, p.price, p.active
       FROM bar_buttons b JOIN products p ON p.id = b.product_id
      ORDER BY b.bar_id, b.group_position, b.position`,
  ).all() as ButtonRow[];
  return bars.map((bar) => ({
    ...bar,
    groups: groups
      .filter((g) => g.barId === bar.id)
      .map((g): BarGroup => ({
        categoryId: g.categoryId,
        label: g.label,
        title: g.label ?? g.categoryName,
        buttons: buttons
          .filter((b) => b.barId === bar.id && b.groupPosition === g.position)
          .map((b) => ({ productId: b.productId, name: b.name, price: b.price, active: b.active === 1 })),
      })),
  }));
}

export function getBar(ctx: Ctx, id: string): Bar {
  const bar = listBars(ctx).find((b) => b.id === id);
  if (!bar) throw notFound();
  return bar;
}
