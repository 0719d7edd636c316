-- The credit limit's hybrid logical clock (desktop/src/accounts/README.md): a limit set here by a
-- manager and one set by the owner in the dashboard (down the `credit_limits` shape) are merged by the
-- later clock, as customers' fields are (docs/sync-protocol.md). NULL: set before clocks (any clock
-- that arrives is later).
ALTER TABLE customer_credit_limits ADD COLUMN hlc TEXT;
