/**
 * Stripe's request bodies are `application/x-www-form-urlencoded` with bracketed keys
 * (`line_items[0][price]=…`, `metadata[tenant_id]=…`, `expand[0]=…`), as stripe-node writes them
 * (its utils.ts `stringifyRequestData`). This reads them back into nested objects; numeric keys make arrays.
 */
export function parseStripeForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const path = rawKey.match(/[^[\]]+|\[\]/g) ?? [rawKey];
    let node: Record<string, unknown> | unknown[] = root;
    path.forEach((part, i) => {
      const last = i === path.length - 1;
      const key = part === "[]" ? String((node as unknown[]).length) : part;
      const container = node as Record<string, unknown>;
      if (last) {
        container[key] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(path[i + 1]!) || path[i + 1] === "[]";
      if (container[key] === undefined) container[key] = nextIsIndex ? [] : {};
      node = container[key] as Record<string, unknown>;
    });
  }
  return root;
}
