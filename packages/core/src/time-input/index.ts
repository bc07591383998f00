export { parseTimeInput, TIME_INPUT_FORMS, type TimeInputOptions } from './parse-time-input.js';
