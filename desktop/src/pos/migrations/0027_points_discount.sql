-- Loyalty points redeemed as a DISCOUNT on a ticket (desktop/src/loyalty): unlike the 'points' payment it
-- lowers the taxable base, so it is spread over the lines like the ticket discount (its own share per line,
-- already inside the line's total, net and IVA). Not the cashier's discount: kept apart from
-- ticket_discount_total so the Z report and the receipt show it on its own. The ledger's redeem entry
-- (loyalty_entries, ref 'points_discount:<sale id>') is what spends the points; these say what the ticket shows.
ALTER TABLE sales ADD COLUMN points_discount_points INTEGER NOT NULL DEFAULT 0 CHECK (points_discount_points >= 0);
ALTER TABLE sales ADD COLUMN points_discount_total INTEGER NOT NULL DEFAULT 0 CHECK (points_discount_total >= 0);
ALTER TABLE sale_lines ADD COLUMN points_discount_share INTEGER NOT NULL DEFAULT 0 CHECK (points_discount_share >= 0);
