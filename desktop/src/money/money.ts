// The appliance's money arithmetic is the contract's, shared with the cloud (contracts/src/money.ts).
export * from "@mostrador/contracts/money";
