import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { enrollmentSuite } from "./enrollment-suite.js";

let db: TestDatabase;
enrollmentSuite(
  "PostgreSQL 15",
  async () => (db = await createTestDatabase()).sql,
  () => db.drop(),
);
