import { setPasswordCostForTests } from "@mostrador/cloud/auth/passwords";
import { setPinCostForTests } from "@mostrador/kernel/staff/pins";

/**
 * vitest setupFiles, before every test file: passwords and PINs are hashed with a token scrypt cost.
 * Production's cost (~0.2 s of a core per derivation, seconds on the loaded CI machine) was paid by every
 * demo seed, sign-up and login of the suite. Each hash stores its parameters, so verifying works the same.
 * The tests that check production's cost restore it (`null`): cloud/src/auth/passwords.test.ts and
 * kernel/src/staff/pins.test.ts.
 */
setPasswordCostForTests({ N: 16, r: 1, p: 1 });
setPinCostForTests({ logN: 4, r: 1, p: 1 });
