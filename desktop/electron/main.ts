/**
 * Electron main process: a thin shell. It starts the appliance (SQLite core + local API) in this
 * process, then shows its UI full screen. Everything else lives in desktop/src and works headless too.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { app, BrowserWindow, dialog, type IpcMainInvokeEvent, ipcMain } from "electron";
import { type RunningAppliance, startAppliance } from "../src/appliance/appliance.js";
import { loadShellConfig } from "../src/appliance/config.js";
import { IPC_CHANNELS, type PrinterInfo } from "./ipc-contract.js";

const PRELOAD = fileURLToPath(new URL("./preload.cjs", import.meta.url));

let appliance: RunningAppliance | null = null;
let mainWindow: BrowserWindow | null = null;

/** Only the appliance's own pages may call the bridge (not an iframe or a page navigated elsewhere). */
function fromOurUi(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? "";
  return appliance !== null && (url === appliance.url || url.startsWith(`${appliance.url}/`));
}

function registerIpc(): void {
  ipcMain.handle(IPC_CHANNELS.appVersion, (event) => {
    if (!fromOurUi(event)) throw new Error("origen no permitido");
    return app.getVersion();
  });
  ipcMain.handle(IPC_CHANNELS.listPrinters, async (event): Promise<PrinterInfo[]> => {
    if (!fromOurUi(event)) throw new Error("origen no permitido");
    const printers = await event.sender.getPrintersAsync();
    // Recent Electron dropped PrinterInfo.isDefault from its typings; older runtimes still send it.
    return printers.map((p) => ({
      name: p.name,
      isDefault: (p as { isDefault?: unknown }).isDefault === true,
    }));
  });
}

async function openWindow(url: string): Promise<void> {
  mainWindow = new BrowserWindow({
    // A till is a kiosk: full screen, no menu. MOSTRADOR_KIOSK=0 gives a normal window (setup, support).
    fullscreen: true,
    kiosk: process.env.MOSTRADOR_KIOSK !== "0",
    autoHideMenuBar: true,
    backgroundColor: "#ffffff",
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      spellcheck: false,
    },
  });
  // The window shows the appliance's UI and nothing else: no pop-ups, no navigating away.
  mainWindow.webContents.setWindowOpenHandler(() => ({ action: "deny" }));
  mainWindow.webContents.on("will-navigate", (event, target) => {
    if (!target.startsWith(url)) event.preventDefault();
  });
  mainWindow.on("closed", () => {
    mainWindow = null;
  });
  await mainWindow.loadURL(url);
}

async function boot(): Promise<void> {
  await app.whenReady();
  try {
    // A shop's till: no demo, no simulator unless asked; the database in the user's data folder.
    appliance = await startAppliance(loadShellConfig(process.env, join(app.getPath("userData"), "data")), {
      // A restore from Ajustes restarts the appliance: quitting then closes the new one, and the window
      // follows it (same URL unless the port was 0).
      onRestarted(next) {
        appliance = next;
        void mainWindow?.loadURL(next.url);
      },
    });
  } catch (err) {
    dialog.showErrorBox("Mostrador no pudo iniciar", err instanceof Error ? err.message : String(err));
    app.exit(1);
    return;
  }
  registerIpc();
  await openWindow(appliance.url);
}

// One appliance per machine: a second launch focuses the running window instead of opening the database twice.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on("second-instance", () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on("window-all-closed", () => app.quit());
  // Close the API and the SQLite file cleanly before exiting (WAL checkpoint, no half-open sockets).
  app.on("will-quit", (event) => {
    const running = appliance;
    if (!running) return;
    appliance = null;
    event.preventDefault();
    running.close().finally(() => app.quit());
  });
  boot().catch((err: unknown) => {
    dialog.showErrorBox("Mostrador", err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}
