import { cuitProblem } from "@mostrador/contracts/cuit";
import type { SetupInput } from "@mostrador/contracts/http/setup";
import type { IvaCondition } from "@mostrador/contracts/http/settings";
import type { RubroId } from "@mostrador/contracts/setup/rubros";
import { cleanStaffName, pinProblem, STAFF_NAME_MAX } from "../staff/staff-form.js";

/**
 * The first-run wizard's answers and the checks each step makes before going on (the appliance checks them
 * all again: desktop/src/setup/setup-input.ts). Problems are i18n keys, so English shows English.
 */

export interface SetupForm {
  name: string;
  taxId: string;
  ivaCondition: IvaCondition;
  address: string;
  timeZone: string;
  rubro: RubroId;
  ownerName: string;
  pin: string;
  pinAgain: string;
  terminals: { code: string; name: string }[];
  printer: "none" | "network";
  printerHost: string;
  printerPort: string;
}

export const SETUP_STEPS = ["shop", "owner", "terminals", "printer"] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

export type SetupProblem =
  | "name_required"
  | "name_too_long"
  | "cuit_required"
  | "cuit_format"
  | "cuit_check_digit"
  | "owner_required"
  | "owner_too_long"
  | "pin_format"
  | "pin_mismatch"
  | "terminal_code"
  | "terminal_duplicate"
  | "printer_host"
  | "printer_port";

export function initialSetupForm(timeZone: string): SetupForm {
  return {
    name: "",
    taxId: "",
    ivaCondition: "monotributo",
    address: "",
    timeZone,
    rubro: "almacen",
    ownerName: "",
    pin: "",
    pinAgain: "",
    terminals: [{ code: "1", name: "Caja 1" }],
    printer: "none",
    printerHost: "",
    printerPort: "9100",
  };
}

const HOST = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;
const wholeNumber = (text: string, min: number, max: number): number | null => {
  if (!/^\d{1,5}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : null;
};

/** The problems of one step, by field ("name", "pin", "terminals.1.code", …); empty when it may go on. */
export function stepProblems(step: SetupStep, form: SetupForm): Record<string, SetupProblem> {
  const problems: Record<string, SetupProblem> = {};
  if (step === "shop") {
    const name = cleanStaffName(form.name);
    if (!name) problems.name = "name_required";
    else if (name.length > 80) problems.name = "name_too_long";
    const cuit = form.taxId.trim();
    const cuitFault = cuit ? cuitProblem(cuit) : null;
    if (!cuit) problems.taxId = "cuit_required";
    else if (cuitFault) problems.taxId = cuitFault === "format" ? "cuit_format" : "cuit_check_digit";
  }
  if (step === "owner") {
    const owner = cleanStaffName(form.ownerName);
    if (!owner) problems.ownerName = "owner_required";
    else if (owner.length > STAFF_NAME_MAX) problems.ownerName = "owner_too_long";
    const pin = pinProblem(form.pin, form.pinAgain);
    if (pin === "pin_format") problems.pin = pin;
    if (pin === "pin_mismatch") problems.pinAgain = pin;
  }
  if (step === "terminals") {
    const seen = new Set<number>();
    form.terminals.forEach((t, i) => {
      const code = wholeNumber(t.code, 1, 9999);
      if (code === null) problems[`terminals.${i}.code`] = "terminal_code";
      else if (seen.has(code)) problems[`terminals.${i}.code`] = "terminal_duplicate";
      if (code !== null) seen.add(code);
    });
  }
  if (step === "printer" && form.printer === "network") {
    if (!HOST.test(form.printerHost.trim())) problems.printerHost = "printer_host";
    if (wholeNumber(form.printerPort, 1, 65535) === null) problems.printerPort = "printer_port";
  }
  return problems;
}

/** The body of POST /api/setup, once every step is free of problems. */
export function setupBody(form: SetupForm, locale: "es-AR" | "en"): SetupInput {
  return {
    shop: {
      name: form.name,
      taxId: form.taxId,
      ivaCondition: form.ivaCondition,
      address: form.address,
      timeZone: form.timeZone,
      rubro: form.rubro,
      locale,
    },
    owner: { name: form.ownerName, pin: form.pin, pinConfirm: form.pinAgain },
    terminals: form.terminals.map((t) => ({ code: Number(t.code.trim()), name: t.name })),
    printer:
      form.printer === "network"
        ? { host: form.printerHost.trim(), port: Number(form.printerPort.trim()) }
        : null,
  };
}

/** The step a server-side field problem belongs to ("owner.pin" → owner), so the wizard goes back to it. */
export function stepOfServerField(field: string): SetupStep {
  if (field.startsWith("owner.")) return "owner";
  if (field.startsWith("terminals")) return "terminals";
  if (field.startsWith("printer.")) return "printer";
  return "shop";
}

/** The wizard's field a server-side field problem is shown under ("owner.pinConfirm" → pinAgain). */
export function formFieldOfServerField(field: string): string {
  const names: Record<string, string> = {
    "shop.name": "name",
    "shop.taxId": "taxId",
    "shop.ivaCondition": "ivaCondition",
    "shop.address": "address",
    "shop.timeZone": "timeZone",
    "shop.rubro": "rubro",
    "owner.name": "ownerName",
    "owner.pin": "pin",
    "owner.pinConfirm": "pinAgain",
    "printer.host": "printerHost",
    "printer.port": "printerPort",
  };
  return names[field] ?? field;
}
