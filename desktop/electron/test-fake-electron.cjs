// Electron's renderer API as a sandboxed preload sees it, replaced at the module boundary for
// shell.test.ts: records the bridge the preload exposes and every IPC call made through it.
const calls = [];
module.exports = {
  calls,
  contextBridge: {
    exposeInMainWorld(key, api) {
      calls.push({ event: "expose", key, api });
    },
  },
  ipcRenderer: {
    invoke(channel, ...args) {
      calls.push({ event: "invoke", channel, args });
      return Promise.resolve(null);
    },
  },
};
