import { ApiError } from "@mostrador/contracts/http-client";
import { post } from "../api/client.js";
import type { Sale, SaleInput } from "@mostrador/contracts/http/sales";

export interface SubmitOptions {
  /** Called before each retry after a network failure, with the attempt number (2, 3, …). */
  onRetry?: (attempt: number) => void;
  /** Stops retrying (the dialog closed); the last network error is thrown. */
  signal?: { aborted: boolean };
  maxAttempts?: number;
  /** Delay before retry n; injectable so tests do not wait. */
  delayMs?: (attempt: number) => number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * POSTs a sale and, when no answer comes back, sends the very same body (same UUIDv7 id) again: the server returns
 * the sale it already has instead of charging twice. A definitive answer (2xx or 4xx) ends the loop.
 */
export async function submitSale(input: SaleInput, options: SubmitOptions = {}): Promise<Sale> {
  const maxAttempts = options.maxAttempts ?? 6;
  const delayMs = options.delayMs ?? ((attempt: number) => Math.min(500 * 2 ** (attempt - 2), 5000));
  for (let attempt = 1; ; attempt++) {
    try {
      return await post<Sale>("/api/sales", input);
    } catch (error) {
      const retryable = error instanceof ApiError && (error.isNetwork || error.status >= 500);
      if (!retryable || attempt >= maxAttempts || options.signal?.aborted) throw error;
      options.onRetry?.(attempt + 1);
      await sleep(delayMs(attempt + 1));
      if (options.signal?.aborted) throw error;
    }
  }
}
