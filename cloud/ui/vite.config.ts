import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));
// The cloud service (cloud/src/main.ts): the dev server forwards the API there.
const CLOUD = process.env.CLOUD_URL ?? "http://127.0.0.1:8430";

/**
 * The owner dashboard (index.html) and the patients' booking page (reservar.html, served at
 * /reservar/<storeId>) and the operator's console (operador.html, served at /operador), built to cloud/ui/dist and served by the cloud service. The widget script
 * (/reservar/widget.js) is built after it by vite.widget.config.ts.
 */
export default defineConfig({
  root: here,
  base: "/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    // Current browsers only (owners use a phone or a laptop): no legacy transpiling.
    target: "es2022",
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL("./index.html", import.meta.url)),
        reservar: fileURLToPath(new URL("./reservar.html", import.meta.url)),
        operador: fileURLToPath(new URL("./operador.html", import.meta.url)),
      },
    },
  },
  server: {
    port: 5174,
    proxy: { "/v1": { target: CLOUD, changeOrigin: false } },
  },
});
