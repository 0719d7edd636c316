/**
 * Preload of the sandboxed renderer. A sandboxed preload runs as a CommonJS script that may only
 * require "electron" (no local files), hence a .cts file and channel names restated here; the type
 * below makes the compiler check they are exactly those of ipc-contract.ts.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload must be CommonJS
import electron = require("electron");

import type { IPC_CHANNELS, MostradorBridge, PrinterInfo } from "./ipc-contract.js";

const channels: typeof IPC_CHANNELS = {
  appVersion: "mostrador:app-version",
  listPrinters: "mostrador:list-printers",
};

// One function per channel and nothing else: the page never gets ipcRenderer itself.
const bridge: MostradorBridge = {
  appVersion: () => electron.ipcRenderer.invoke(channels.appVersion) as Promise<string>,
  listPrinters: () => electron.ipcRenderer.invoke(channels.listPrinters) as Promise<PrinterInfo[]>,
};

electron.contextBridge.exposeInMainWorld("mostrador", bridge);
