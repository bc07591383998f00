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

/** The activity one hint names, or undefined: the rules above, in order. */
function activityOf(hint: string): Activity | undefined {
  const spaced = hint.replace(/([a-z])([A-Z])/g, '$1 $2');
  for (const [pattern, activity] of RULES)
    if (pattern.test(spaced) || pattern.test(hint)) return activity;
  return undefined;
}

/**
 * Hints seen and what they gave (`null`: none). Vendors' verbs and method names are a small
 * vocabulary repeated on every record, so most records cost one lookup instead of up to twelve
 * regular expressions. Bounded: cleared when full, so free text used as a hint (a message) cannot
 * grow it.
 */
const known = new Map<string, Activity | null>();
const KNOWN_MAX = 2048;

function cachedActivityOf(hint: string): Activity | undefined {
  let activity = known.get(hint);
  if (activity === undefined) {
    activity = activityOf(hint) ?? null;
    if (known.size >= KNOWN_MAX) known.clear();
    known.set(hint, activity);
  }
  return activity ?? undefined;
}

/** Maps a vendor verb (and, failing that, other hints) to the normalized activity. */
export function toActivity(...hints: Array<string | undefined>): Activity {
  for (const hint of hints) {
    if (!hint) continue;
    const activity = cachedActivityOf(hint);
    if (activity) return activity;
  }
  return 'other';
}
