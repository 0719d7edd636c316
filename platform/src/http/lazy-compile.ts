/**
 * Route schemas compiled when first needed instead of all before the server listens.
 *
 * Fastify compiles every route's request validators (Ajv) and response serializers (fast-json-stringify) while
 * it gets ready: with a few hundred routes that was over a second of CPU — most of the appliance's start after
 * its code had loaded — spent before the till could answer anything. Here each compiler hands Fastify a small
 * function that compiles its schema on its first call. After the server listens, `warmUp` compiles the rest
 * one per event-loop turn, so requests are served in between and a schema Ajv or fast-json-stringify cannot
 * compile is still reported within moments of the start, not at the first request that needs it.
 */

/** What Fastify calls to validate a request part; on false it reads `errors` from the function itself. */
export interface ValidateFn<E> {
  (data: unknown): boolean;
  errors?: E;
}

export interface LazyCompilers {
  validator<E>(compile: () => ValidateFn<E>): ValidateFn<E>;
  serializer(compile: () => (data: unknown) => string): (data: unknown) => string;
  /** Compiles, one per event-loop turn, whatever no request has needed yet; resolves when none is left. */
  warmUp(onError: (error: unknown) => void): Promise<void>;
  /** Stops a warm-up under way (the server is closing). */
  stop(): void;
  /** How many schemas are still waiting to be compiled. */
  pending(): number;
}

export function lazyCompilers(): LazyCompilers {
  const waiting = new Set<() => void>();
  let stopped = false;

  function lazy<F>(compile: () => F): () => F {
    let compiled: F | null = null;
    const force = () => {
      waiting.delete(force);
      compiled ??= compile();
      return compiled;
    };
    waiting.add(force);
    return force;
  }

  return {
    validator<E>(compile: () => ValidateFn<E>) {
      const get = lazy(compile);
      const validate: ValidateFn<E> = (data) => {
        const inner = get();
        const ok = inner(data);
        validate.errors = inner.errors;
        return ok;
      };
      return validate;
    },
    serializer(compile) {
      const get = lazy(compile);
      return (data) => get()(data);
    },
    async warmUp(onError) {
      stopped = false;
      for (const force of waiting) {
        if (stopped) return;
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (stopped) return;
        try {
          force();
        } catch (error) {
          waiting.delete(force); // reported once; a request that needs it gets the error again
          onError(error);
        }
      }
    },
    stop() {
      stopped = true;
    },
    pending: () => waiting.size,
  };
}
