/** One request of the load, as the appliance's and the dashboard's clients make it (JSON over HTTP). */
export interface Answer {
  status: number;
  ms: number;
  body: unknown;
  headers: Headers;
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

export async function call(
  url: string,
  init: {
    method?: string;
    token?: string;
    body?: string;
    signal?: AbortSignal;
    headers?: Record<string, string>;
  } = {},
): Promise<Answer> {
  const t0 = process.hrtime.bigint();
  const res = await fetch(url, {
    method: init.method ?? "GET",
    headers: {
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: init.body } : {}),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: kept as text for the error message
  }
  return { status: res.status, ms: ms(t0), body, headers: res.headers };
}

/** The answer's body when its status is the expected one; otherwise an error naming both. */
export async function expectStatus<T>(what: string, answer: Promise<Answer>, status: number): Promise<T> {
  const a = await answer;
  if (a.status !== status) throw new Error(`${what}: ${a.status} ${JSON.stringify(a.body).slice(0, 500)}`);
  return a.body as T;
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}
