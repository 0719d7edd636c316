import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));
// The appliance's local API (desktop/src/appliance): the dev server forwards /api and its WebSocket there.
const API = "http://127.0.0.1:8420";

export default defineConfig({
  root: here,
  base: "/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    // Electron's Chromium and current browsers only: no legacy transpiling.
    target: "es2022",
  },
  server: {
    port: 5173,
    // The UI may import pure modules from desktop/src (money, pos totals) and gateway/src (sensor kinds).
    fs: { allow: [fileURLToPath(new URL("../..", import.meta.url))] },
    proxy: {
      "/api": { target: API, ws: true, changeOrigin: false },
      // The gateway's MQTT over WebSocket (live readings on the sensors screen).
      "/mqtt": { target: API, ws: true, changeOrigin: false },
    },
  },
});
