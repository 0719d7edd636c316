import type { Role } from "@mostrador/contracts/http/staff";

/**
 * Checks for the staff screen before anything is sent. A PIN is 4–8 digits (kernel/src/staff/pins.ts) and is
 * typed twice: a typo would lock the new person out at their first login.
 */

export const PIN_PATTERN = /^[0-9]{4,8}$/;
export const STAFF_NAME_MAX = 60;

export type PinProblem = "pin_format" | "pin_mismatch";
export type StaffProblem = PinProblem | "name_required" | "name_too_long";

export function pinProblem(pin: string, confirmation: string): PinProblem | null {
  if (!PIN_PATTERN.test(pin)) return "pin_format";
  if (pin !== confirmation) return "pin_mismatch";
  return null;
}

/** Spaces collapsed as the server does (staff/staff.ts cleanName), so the length check agrees with it. */
export function cleanStaffName(name: string): string {
  return name.trim().replace(/\s+/g, " ");
}

export interface NewStaffForm {
  name: string;
  role: Role;
  pin: string;
  pinAgain: string;
}

export interface NewStaffBody {
  name: string;
  role: Role;
  pin: string;
}

export function newStaffBody(form: NewStaffForm): NewStaffBody | { problem: StaffProblem } {
  const name = cleanStaffName(form.name);
  if (!name) return { problem: "name_required" };
  if (name.length > STAFF_NAME_MAX) return { problem: "name_too_long" };
  const pin = pinProblem(form.pin, form.pinAgain);
  if (pin) return { problem: pin };
  return { name, role: form.role, pin: form.pin };
}
