import { v7 as uuidv7 } from "uuid";
import { create } from "zustand";
import type { Approval, Discount, PointsDiscount } from "@mostrador/contracts/http/sales";
import * as logic from "./cart-logic.js";

interface CartActions {
  add(product: logic.CartProduct, quantity: number, label?: logic.ScaleLabel | null): void;
  setQuantity(key: string, quantity: number): void;
  remove(key: string): void;
  setLineDiscount(key: string, discount: Discount | null): void;
  setTicketDiscount(discount: Discount | null): void;
  /** The points discount set by withPointsDiscount (already checked), or null to take it off. */
  setPointsDiscount(discount: PointsDiscount | null): void;
  setApproval(approval: Approval | null): void;
  /** Attach a customer to the sale, or detach (null). */
  setCustomer(customer: { id: string; name: string } | null): void;
  /** The turno this ticket charges (Turnos → "Cobrar en caja"), or null. */
  setBooking(booking: logic.CartBooking | null): void;
  select(key: string | null): void;
  moveSelection(delta: number): void;
  /** Freeze the cart while a sale's outcome is unknown (sent, no answer). */
  setLocked(locked: boolean): void;
  /** A fresh cart with a fresh sale id: after a sale is done, or when the cashier cancels the ticket. */
  reset(): void;
}

export type CartStore = logic.CartState & CartActions;

export const useCart = create<CartStore>()((set) => {
  const apply = (next: (s: logic.CartState) => logic.CartState) => set((s) => next(s));
  return {
    ...logic.emptyCart(uuidv7()),
    add: (product, quantity, label = null) => apply((s) => logic.addProduct(s, product, quantity, label)),
    setQuantity: (key, quantity) => apply((s) => logic.setQuantity(s, key, quantity)),
    remove: (key) => apply((s) => logic.removeLine(s, key)),
    setLineDiscount: (key, discount) => apply((s) => logic.setLineDiscount(s, key, discount)),
    setTicketDiscount: (discount) => apply((s) => logic.setTicketDiscount(s, discount)),
    setPointsDiscount: (pointsDiscount) => set((s) => (s.locked ? s : { pointsDiscount })),
    setApproval: (approval) => set({ approval }),
    // The points are the customer's: another customer (or none) takes the redemption off.
    setCustomer: (customer) =>
      set((s) => ({ customer, pointsDiscount: customer?.id === s.customer?.id ? s.pointsDiscount : null })),
    setBooking: (booking) => set((s) => (s.locked ? s : { booking })),
    select: (key) => set({ selectedKey: key }),
    moveSelection: (delta) => apply((s) => logic.moveSelection(s, delta)),
    setLocked: (locked) => set({ locked }),
    reset: () => set(logic.emptyCart(uuidv7())),
  };
});

export function selectedLine(state: logic.CartState): logic.CartLine | undefined {
  return state.lines.find((l) => l.key === state.selectedKey) ?? state.lines[state.lines.length - 1];
}
