// The roles and permissions are the HTTP contract's (contracts/src/http/staff.ts): the till hides what
// the server would refuse by the same names.
import { PERMISSIONS, type Permission, type Role } from "@mostrador/contracts/http/staff";

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  cashier: new Set<Permission>(["cash.move"]),
  manager: new Set<Permission>([
    "sale.void",
    "sale.discount_above_limit",
    "sale.return",
    "drawer.open_without_sale",
    "cash.close_z",
    "cash.move",
    "catalog.edit",
    "stock.adjust",
    "devices.manage",
    "staff.reset_pin",
    "customers.manage",
    "accounts.manage",
    "cards.manage",
    "invoicing.manage",
  ]),
  owner: new Set<Permission>(PERMISSIONS),
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].has(permission);
}

export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((p) => GRANTS[role].has(p));
}
