import type { Product } from "@mostrador/contracts/http/catalog";
import { get } from "../api/client.js";
import { useCart } from "../cart/cart-store.js";
import { useNav } from "../nav/nav-store.js";
import { bookingCharge } from "./turnos-api.js";

/**
 * Puts a booking's service on the till's cart at its full price, names the booking on the ticket (the
 * payment dialog starts with the seña already paid and the obra social's share, leaving the copay) and the
 * patient as the sale's customer; then opens the till. The server refuses a booking already charged.
 */
export async function chargeAtTill(bookingId: string): Promise<void> {
  const charge = await bookingCharge(bookingId);
  const product = await get<Product>(`/api/products/${encodeURIComponent(charge.productId)}`);
  const cart = useCart.getState();
  cart.add(product, 1);
  cart.setBooking({
    id: charge.bookingId,
    description: charge.description,
    depositApplied: charge.depositApplied,
    coverageShare: charge.coverageShare,
    payer: charge.coverageShare > 0 ? (charge.coverage?.payer ?? null) : null,
    amountDue: charge.amountDue,
  });
  if (charge.customerId && charge.customerName)
    cart.setCustomer({ id: charge.customerId, name: charge.customerName });
  useNav.getState().go("till");
}
