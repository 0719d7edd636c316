import type { FastifyPluginAsync, FastifyPluginCallback } from "fastify";

/**
 * Gives a route plugin the display name Fastify would otherwise look for. For an unnamed plugin Fastify
 * walks every key of require.cache comparing exports, on each registration: with the thousands of modules
 * a server (or a test worker) has loaded, that cost ~1 ms a plugin, about 30 ms a server build, paid by
 * every route test. The name is what Fastify shows in its plugin errors; the function's own if it has one.
 */
export function namedPlugin<P extends FastifyPluginAsync<never> | FastifyPluginCallback<never>>(
  plugin: P,
  fallback: string,
): P {
  const key = Symbol.for("fastify.display-name");
  const holder = plugin as P & { [key: symbol]: unknown };
  holder[key] ??= plugin.name || fallback;
  return plugin;
}
