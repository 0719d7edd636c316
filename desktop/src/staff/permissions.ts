/** Staff roles, from least to most trusted. */
export const ROLES = ["cashier", "manager", "owner"] as const;
export type Role = (typeof ROLES)[number];

/** Sensitive actions a role may or may not perform. Selling needs no permission beyond being logged in. */
export const PERMISSIONS = [
  "sale.void",
  "sale.discount_above_limit",
  "sale.return",
  "drawer.open_without_sale",
  "cash.close_z",
  "cash.move",
  "catalog.edit",
  "stock.adjust",
  "staff.manage",
  "settings.edit",
  /** Register IoT devices, rotate their secrets, change their sensors and relays (gateway/). */
  "devices.manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

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
  ]),
  owner: new Set<Permission>(PERMISSIONS),
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].has(permission);
}

export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((p) => GRANTS[role].has(p));
}
