import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "@mostrador/contracts/http/staff";
import { can, permissionsOf } from "./permissions.js";

describe("staff permissions", () => {
  it("lets a cashier sell and move cash but not void, return, discount above the limit or close Z", () => {
    expect(can("cashier", "cash.move")).toBe(true);
    for (const p of [
      "sale.void",
      "sale.return",
      "sale.discount_above_limit",
      "cash.close_z",
      "drawer.open_without_sale",
    ] as const) {
      expect(can("cashier", p)).toBe(false);
    }
  });

  it("lets a manager void, approve discounts, take returns and close the day, but not manage staff", () => {
    expect(can("manager", "sale.void")).toBe(true);
    expect(can("manager", "sale.discount_above_limit")).toBe(true);
    expect(can("manager", "cash.close_z")).toBe(true);
    expect(can("manager", "staff.manage")).toBe(false);
    expect(can("manager", "staff.reset_pin")).toBe(true);
    expect(can("cashier", "staff.reset_pin")).toBe(false);
    expect(can("manager", "accounts.manage")).toBe(true);
    expect(can("cashier", "accounts.manage")).toBe(false);
  });

  it("gives the owner every permission", () => {
    expect(permissionsOf("owner")).toEqual(PERMISSIONS);
    expect(PERMISSIONS).toContain("staff.manage");
    expect(permissionsOf("manager")).not.toContain("staff.manage");
  });

  it("lets managers and owners manage IoT devices, but not cashiers", () => {
    expect(can("manager", "devices.manage")).toBe(true);
    expect(can("owner", "devices.manage")).toBe(true);
    expect(can("cashier", "devices.manage")).toBe(false);
  });
});
