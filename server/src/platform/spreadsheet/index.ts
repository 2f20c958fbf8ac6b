/** Spreadsheet infrastructure: templates, streaming xlsx/CSV import, streaming xlsx export, file sniffing. */
export { createXlsxExport, type XlsxExport } from './export.ts';
export { CsvSplitter, detectDelimiter, readCsvRows } from './read-csv.ts';
export { readFileChunks, readFileRows } from './read-file.ts';
export { readRows } from './read-xlsx.ts';
export { checkSpreadsheetUpload, type FileKind, sniffFileType, type UploadCheck } from './sniff.ts';
export { DATE_FORMAT, type WorkbookSpec, writeTemplate } from './template.ts';
export * from './types.ts';
export { columnLetter, excelSerialToIso, neutralise, normaliseHeader, parseTextDate, parseTextNumber, unneutralise } from './values.ts';
import en from './i18n/en.json' with { type: 'json' };
import vi from './i18n/vi.json' with { type: 'json' };

/** The spreadsheet messages; a module that imports files adds this catalog next to its own. */
export const spreadsheetCatalog = { vi, en };
