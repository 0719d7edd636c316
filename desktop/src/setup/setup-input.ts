import { cuitProblem, normalizeCuit } from "@mostrador/contracts/cuit";
import type { SetupInput } from "@mostrador/contracts/http/setup";
import { IVA_CONDITIONS, type IvaCondition } from "@mostrador/contracts/http/settings";
import { RUBRO_IDS, type RubroId } from "@mostrador/contracts/setup/rubros";
import { DomainError } from "@mostrador/kernel/core/errors";
import { PIN_PATTERN } from "@mostrador/kernel/staff/pins";

/** The wizard's answers once every field has been checked and cleaned. */
export interface CleanSetup {
  shop: {
    name: string;
    taxId: string;
    ivaCondition: IvaCondition;
    address: string;
    timeZone: string;
    rubro: RubroId;
    locale: "es-AR" | "en";
  };
  owner: { name: string; pin: string };
  terminals: { code: number; name: string }[];
  /** "tcp://host:port", or "" for no printer. */
  printerInterface: string;
}

const oneLine = (text: string) => text.trim().replace(/\s+/g, " ");
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})$/;

function isTimeZone(zone: string): boolean {
  if (zone === "") return false;
  try {
    new Intl.DateTimeFormat("es-AR", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks every answer of the first-run wizard and says, per field, what is wrong in words the owner
 * understands. Throws one `invalid_setup` refusal naming all the faulty fields (details.fields), the first
 * one's message as the refusal's own; nothing is written before this passes.
 */
export function checkSetup(input: SetupInput): CleanSetup {
  const problems: Record<string, string> = {};
  const name = oneLine(input.shop.name);
  if (name.length === 0) problems["shop.name"] = "Escriba el nombre del negocio";
  else if (name.length > 80) problems["shop.name"] = "El nombre del negocio admite hasta 80 caracteres";

  const taxIdText = input.shop.taxId.trim();
  let taxId = "";
  if (taxIdText === "") problems["shop.taxId"] = "Escriba el CUIT del negocio";
  else if (cuitProblem(taxIdText) === "format")
    problems["shop.taxId"] = "El CUIT tiene 11 dígitos (por ejemplo 20-12345678-6)";
  else if (cuitProblem(taxIdText) === "check_digit")
    problems["shop.taxId"] = "El CUIT no es válido: revise los números (el último dígito no coincide)";
  else taxId = normalizeCuit(taxIdText);

  if (!IVA_CONDITIONS.includes(input.shop.ivaCondition as IvaCondition))
    problems["shop.ivaCondition"] =
      "Elija la condición frente al IVA: responsable inscripto, monotributo o exento";
  const address = oneLine(input.shop.address);
  if (address.length > 160) problems["shop.address"] = "La dirección admite hasta 160 caracteres";
  if (!isTimeZone(input.shop.timeZone)) problems["shop.timeZone"] = "Elija una zona horaria de la lista";
  if (!RUBRO_IDS.includes(input.shop.rubro as RubroId)) problems["shop.rubro"] = "Elija el rubro del negocio";

  const ownerName = oneLine(input.owner.name);
  if (ownerName.length === 0) problems["owner.name"] = "Escriba el nombre del dueño";
  else if (ownerName.length > 60) problems["owner.name"] = "El nombre admite hasta 60 caracteres";
  if (!PIN_PATTERN.test(input.owner.pin)) problems["owner.pin"] = "El PIN debe tener entre 4 y 8 dígitos";
  else if (input.owner.pin !== input.owner.pinConfirm)
    problems["owner.pinConfirm"] = "Los dos PIN no coinciden: escríbalo otra vez";

  if (input.terminals.length === 0) problems.terminals = "Agregue al menos una caja";
  const codes = new Set<number>();
  input.terminals.forEach((t, i) => {
    if (!Number.isInteger(t.code) || t.code < 1 || t.code > 9999)
      problems[`terminals.${i}.code`] = "El número de caja debe estar entre 1 y 9999";
    else if (codes.has(t.code)) problems[`terminals.${i}.code`] = `Hay dos cajas con el número ${t.code}`;
    codes.add(t.code);
    if (oneLine(t.name).length > 40)
      problems[`terminals.${i}.name`] = "El nombre de la caja admite hasta 40 caracteres";
  });

  let printerInterface = "";
  if (input.printer) {
    const host = input.printer.host.trim();
    if (!HOST.test(host))
      problems["printer.host"] = "Escriba la dirección de la impresora (por ejemplo 192.168.0.50)";
    if (!Number.isInteger(input.printer.port) || input.printer.port < 1 || input.printer.port > 65535)
      problems["printer.port"] = "El puerto debe estar entre 1 y 65535 (las impresoras de red usan 9100)";
    printerInterface = `tcp://${host}:${input.printer.port}`;
  }

  const faulty = Object.keys(problems);
  if (faulty.length > 0) {
    const first = faulty[0]!;
    throw new DomainError("invalid", "invalid_setup", problems[first]!, { field: first, fields: problems });
  }
  return {
    shop: {
      name,
      taxId,
      ivaCondition: input.shop.ivaCondition as IvaCondition,
      address,
      timeZone: input.shop.timeZone,
      rubro: input.shop.rubro as RubroId,
      locale: input.shop.locale ?? "es-AR",
    },
    owner: { name: ownerName, pin: input.owner.pin },
    terminals: input.terminals.map((t) => ({ code: t.code, name: oneLine(t.name) })),
    printerInterface,
  };
}
