import { constants } from "node:fs";
import { access, open } from "node:fs/promises";
import thermal from "node-thermal-printer";
import { DomainError } from "@mostrador/kernel/core/errors";

/** A printer that does not answer within this time is reported unavailable: the till must not hang on it. */
export const PRINTER_TIMEOUT_MS = 3000;

/** node-thermal-printer's own form for network printers (raw TCP, "JetDirect" port 9100). */
const TCP_INTERFACE = /^tcp:\/\/([^/:]+)(?::(\d+))?\/?$/i;

export type PrinterInterface = { kind: "tcp"; uri: string } | { kind: "device"; path: string };

/** Reads the configured interface: "tcp://host:port", or a device path (/dev/usb/lp0, /dev/ttyUSB0, \\.\COM3). */
export function parseInterface(configured: string): PrinterInterface | null {
  const value = configured.trim();
  if (!value) return null;
  if (TCP_INTERFACE.test(value)) return { kind: "tcp", uri: value };
  if (/^[a-z]+:/i.test(value) && !/^[a-z]:[\\/]/i.test(value)) {
    // "printer:NAME" needs a native spooler driver the appliance does not ship; anything else is a typo.
    throw unavailable(
      value,
      "Interfaz de impresora no soportada: usá tcp://IP:9100 o la ruta del dispositivo",
    );
  }
  return { kind: "device", path: value };
}

export function unavailable(iface: string, message: string): DomainError {
  return new DomainError("unavailable", "printer_unavailable", message, { interface: iface });
}

function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Sends the bytes to the printer, or throws DomainError "printer_unavailable" within ~3 s.
 * TCP goes through node-thermal-printer's network interface. Device paths are written here: its file
 * interface needs a package that is not installed and retries for seconds. The device is opened
 * write-only in append mode and never created, so a wrong path fails instead of filling a stray file.
 */
export async function sendToPrinter(
  configured: string,
  bytes: Buffer,
  timeoutMs = PRINTER_TIMEOUT_MS,
): Promise<void> {
  const target = parseInterface(configured);
  if (!target) throw unavailable("", "No hay impresora configurada: configurala en Ajustes");
  const failed = (detail: string) =>
    unavailable(
      configured,
      `La impresora no responde (${detail}). Revisá que esté encendida, con papel y conectada`,
    );
  if (target.kind === "tcp") {
    const printer = new thermal.ThermalPrinter({
      type: thermal.PrinterTypes.EPSON,
      interface: target.uri,
      options: { timeout: timeoutMs },
    });
    try {
      await withTimeout(printer.raw(bytes), timeoutMs + 500, () => new Error("tiempo agotado"));
    } catch (err) {
      throw failed(describe(err));
    }
    return;
  }
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await withTimeout(
      open(target.path, constants.O_WRONLY | constants.O_APPEND),
      timeoutMs,
      () => new Error("tiempo agotado"),
    );
    await withTimeout(handle.write(bytes), timeoutMs, () => new Error("tiempo agotado"));
  } catch (err) {
    throw failed(describe(err));
  } finally {
    await handle?.close().catch(() => {});
  }
}

/** Whether the printer answers now: a TCP connect, or a writable device. Never throws. */
export async function probePrinter(configured: string, timeoutMs = PRINTER_TIMEOUT_MS): Promise<boolean> {
  let target: PrinterInterface | null;
  try {
    target = parseInterface(configured);
  } catch {
    return false;
  }
  if (!target) return false;
  if (target.kind === "device") {
    return access(target.path, constants.W_OK).then(
      () => true,
      () => false,
    );
  }
  const printer = new thermal.ThermalPrinter({
    type: thermal.PrinterTypes.EPSON,
    interface: target.uri,
    options: { timeout: timeoutMs },
  });
  return withTimeout(printer.isPrinterConnected(), timeoutMs + 500, () => new Error("timeout")).catch(
    () => false,
  );
}

function describe(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  if (code === "ECONNREFUSED") return "conexión rechazada";
  if (code === "ENOENT") return "el dispositivo no existe";
  if (code === "EACCES" || code === "EPERM") return "sin permiso para usar el dispositivo";
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return "equipo inalcanzable";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "nombre de equipo desconocido";
  const message = err instanceof Error ? err.message : "";
  return message === "tiempo agotado" || message === "Socket timeout"
    ? "tiempo agotado"
    : "error de conexión";
}
