import { useCart } from "../cart/cart-store.js";

/** The customer attached to the ticket (the customers module's cart field), or null. */
export type CartCustomer = { id: string; name: string } | null;

// The cart's `customer` field is the customers module's (agreed name across issue 14's parts); read
// here without assuming it exists yet, so this screen works before and after it lands.
export const useCartCustomer = (): CartCustomer =>
  useCart((s) => (s as unknown as { customer?: CartCustomer }).customer ?? null);
