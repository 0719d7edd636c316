import { benchUploadDrain, renderUploadDrainReport } from "./upload-drain-bench.js";
const n = Number(process.argv[2] ?? 100000);
console.log(renderUploadDrainReport(await benchUploadDrain(n)));
process.exit(0);
