import { benchSheetImport, renderSheetImportReport } from "./sheet-import-bench.ts";
const n = Number(process.argv[2] ?? 10000);
console.log(renderSheetImportReport(await benchSheetImport(n)));
