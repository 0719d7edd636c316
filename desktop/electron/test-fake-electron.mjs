// Electron's main-process API, replaced at the module boundary for shell.test.ts: records what the
// shell asks of it and prints each record as one "ELECTRON_FAKE {json}" line for the test to read.
import { EventEmitter } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const report = (event, data) => console.log(`ELECTRON_FAKE ${JSON.stringify({ event, ...data })}`);
const userData = process.env.FAKE_ELECTRON_USER_DATA ?? mkdtempSync(join(tmpdir(), "fake-electron-"));

class FakeApp extends EventEmitter {
  whenReady() {
    return Promise.resolve();
  }
  requestSingleInstanceLock() {
    return true;
  }
  getPath(name) {
    return name === "userData" ? userData : tmpdir();
  }
  getVersion() {
    return "0.0.0-test";
  }
  quit() {
    report("quit", {});
  }
  exit(code) {
    report("exit", { code });
    process.exit(code);
  }
}
export const app = new FakeApp();

export const dialog = {
  showErrorBox(title, content) {
    report("errorBox", { title, content });
  },
};

export const ipcMain = {
  handle(channel) {
    report("ipcHandle", { channel });
  },
};

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    report("window", { options });
    this.webContents = Object.assign(new EventEmitter(), {
      setWindowOpenHandler: () => report("windowOpenHandler", {}),
    });
  }
  loadURL(url) {
    report("loadURL", { url });
    return Promise.resolve();
  }
  isMinimized() {
    return false;
  }
  focus() {}
  restore() {}
}

export default { app, dialog, ipcMain, BrowserWindow };
