// Module hooks for shell.test.ts: `import ... from "electron"` gets the fake main-process API.
const fake = new URL("./test-fake-electron.mjs", import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === "electron") return { url: fake, shortCircuit: true };
  return nextResolve(specifier, context);
}
