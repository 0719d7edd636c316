import type { Product } from "@mostrador/contracts/http/catalog";
import { get } from "../api/client.js";
import { useCart } from "../cart/cart-store.js";
import { useNav } from "../nav/nav-store.js";
import { bookingCharge } from "./turnos-api.js";

/**
 * Puts a booking's service on the till's cart: the service's catalog product at its price, with the
 * deposit already paid (or what the coverage pays, leaving the copay) taken off as a line discount, and
 * the patient as the sale's customer; then opens the till.
 */
export async function chargeAtTill(bookingId: string): Promise<void> {
  const charge = await bookingCharge(bookingId);
  const product = await get<Product>(`/api/products/${encodeURIComponent(charge.productId)}`);
  const cart = useCart.getState();
  cart.add(product, 1);
  const line = useCart.getState().lines.findLast((l) => l.product.id === product.id);
  const off = product.price - charge.amountDue;
  if (line && off > 0)
    cart.setLineDiscount(line.key, { kind: "amount", value: Math.min(off, product.price) });
  if (charge.customerId && charge.customerName)
    cart.setCustomer({ id: charge.customerId, name: charge.customerName });
  useNav.getState().go("till");
}
