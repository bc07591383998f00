export { CSV_COLUMNS, RAW_CSV_COLUMNS } from './csv-columns.js';
export { csvField, guardCsvFormula } from './csv-safety.js';
export {
  EVENT_FORMATS,
  createEventFormat,
  type EventFormat,
  type EventFormatName,
  type EventFormatOptions,
} from './event-format.js';
export { EVENT_RECORD_SHAPES, toEventRecord, type EventRecordShape } from './event-record.js';
