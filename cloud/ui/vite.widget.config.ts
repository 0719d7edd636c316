import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * The embeddable widget (src/booking/widget.ts) as ONE classic script at a fixed address,
 * dist/reservar/widget.js, for shops to paste in their own sites: an IIFE (no globals leak into the
 * host page, no module imports to resolve), built into the dashboard's dist after vite.config.ts.
 */
export default defineConfig({
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: false,
    target: "es2020",
    copyPublicDir: false,
    lib: {
      entry: fileURLToPath(new URL("./src/booking/widget.ts", import.meta.url)),
      formats: ["iife"],
      name: "MostradorReservar",
      fileName: () => "reservar/widget.js",
    },
  },
});
