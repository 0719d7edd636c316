/**
 * The only bridge between the UI (renderer, sandboxed, no Node) and the Electron main process.
 * Pure declarations: the UI may import this file for types; main.ts registers a handler per channel;
 * preload.cts exposes one function per channel as `window.mostrador`.
 * In a plain browser (a tablet on the shop LAN) there is no bridge: `window.mostrador` is undefined.
 */
export const IPC_CHANNELS = {
  appVersion: "mostrador:app-version",
  listPrinters: "mostrador:list-printers",
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

/** A printer the operating system knows (for a USB printer installed with its driver). */
export interface PrinterInfo {
  name: string;
  isDefault: boolean;
}

export interface MostradorBridge {
  /** The installed Mostrador version (the app's package version). */
  appVersion(): Promise<string>;
  /** Printers installed in the operating system, for the printer settings screen. */
  listPrinters(): Promise<PrinterInfo[]>;
}

declare global {
  interface Window {
    /** Present only inside the Electron shell. */
    mostrador?: MostradorBridge;
  }
}
