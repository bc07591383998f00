import type { Activity } from '../models/audit-event.js';

const RULES: Array<[RegExp, Activity]> = [
  [/\blog\s*-?\s*out\b|\blogged out\b|\bsign(ed)?\s*-?\s*out\b/i, 'logout'],
  [/\blog\s*-?\s*in\b|\blogged in\b|\bsign(ed)?\s*-?\s*in\b|\bauthenticat/i, 'login'],
  [
    /\b(delete|deleted|remove|removed|removemember|unassign|deactivate|deactivated|archive|uninstall)/i,
    'delete',
  ],
  [
    /\b(create|created|creation|add|added|addmember|register|import|upload|install|publish|published|invite)/i,
    'create',
  ],
  [
    /\b(update|updated|modif|edit|change|set\b|toggle|activate|assign|rename|move|reset|enable|disable|save|convert)/i,
    'update',
  ],
  [/\b(read|view|get|download|export|access|explore)/i, 'read'],
];

/** Maps a vendor verb (and, failing that, other hints) to the normalized activity. */
export function toActivity(...hints: Array<string | undefined>): Activity {
  for (const hint of hints) {
    if (!hint) continue;
    const spaced = hint.replace(/([a-z])([A-Z])/g, '$1 $2');
    for (const [pattern, activity] of RULES)
      if (pattern.test(spaced) || pattern.test(hint)) return activity;
  }
  return 'other';
}
