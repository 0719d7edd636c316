/** `npm run desktop`'s first step: stop with an explanation, not a stack trace, when Electron cannot start. */
import { electronBinaryProblem } from "./electron-binary.js";

const problem = electronBinaryProblem();
if (problem) {
  console.error(`\n${problem}\n`);
  process.exit(1);
}
