export { toActivity } from './activity.js';
export { htmlToPlainText } from './html-text.js';
export { extractSourceIp } from './source-ip.js';
export { canonicalJson, stableHash } from './stable-hash.js';
export { parseInstant, toUtcIso } from './time.js';
