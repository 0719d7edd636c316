import type { AppEvents } from "@mostrador/kernel/core/events";

/**
 * The live events socket (/api/events, kernel/src/api/events-ws.ts): each event as the module that emits
 * it declares it (declaration merging on the kernel's AppEvents, in each module's module.ts), so the till
 * reads the same payload the server sends. The socket forwards the events the manifests list for tills;
 * a type-only import, erased from the bundle.
 */
export type ServerEvent = { [K in keyof AppEvents]: { type: K; payload: AppEvents[K] } }[keyof AppEvents];
