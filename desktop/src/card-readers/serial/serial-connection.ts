/**
 * One serial reader's port, kept open: opened through `serialport`, reopened after an unplug or an error
 * with a growing delay (250 ms doubling to 10 s, back to the start once it opens), so a reader plugged in
 * later or replugged is picked up without anyone touching Ajustes, and a missing one costs a retry every
 * few seconds, not a busy loop. It hands raw bytes over and never throws into the appliance.
 */
import { SerialPort } from "serialport";

export interface SerialConnectionEvents {
  data(chunk: Buffer): void;
  /** "open" once it is; "retrying" with why (Spanish) after a failure or an unplug. */
  state(state: "open" | "retrying", problem: string | null): void;
}

export const BACKOFF = { firstMs: 250, maxMs: 10_000 } as const;

export class SerialConnection {
  #port: SerialPort | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #delay: number = BACKOFF.firstMs;
  #stopped = false;

  constructor(
    private readonly path: string,
    private readonly baudRate: number,
    private readonly on: SerialConnectionEvents,
  ) {}

  start(): void {
    this.#open();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    const port = this.#port;
    this.#port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  #open(): void {
    if (this.#stopped) return;
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false });
    this.#port = port;
    let failed = false;
    const fail = (why: string) => {
      if (failed || this.#stopped) return;
      failed = true;
      port.removeAllListeners("data");
      if (port.isOpen) port.close(() => {});
      this.on.state("retrying", why);
      this.#timer = setTimeout(() => this.#open(), this.#delay);
      this.#delay = Math.min(this.#delay * 2, BACKOFF.maxMs);
    };
    port.on("data", (chunk: Buffer) => this.on.data(chunk));
    port.on("error", (err: Error) => fail(`Error en ${this.path}: ${err.message}`));
    port.on("close", () => fail(`Se desconectó el lector de ${this.path}`));
    port.open((err) => {
      if (err) return fail(`No se pudo abrir ${this.path}: ${err.message}`);
      if (this.#stopped) {
        port.close(() => {});
        return;
      }
      this.#delay = BACKOFF.firstMs;
      this.on.state("open", null);
    });
  }
}
