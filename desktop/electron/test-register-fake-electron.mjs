// `node --import ./test-register-fake-electron.mjs main.js`: runs the compiled shell under plain Node.
import { register } from "node:module";

register("./test-electron-hooks.mjs", import.meta.url);
