// The README's switch table is the code's: one row per switch, values and defaults as defined.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BEHAVIOR_SWITCHES } from './behavior-switches.js';
import type { BehaviorSection, BehaviorSwitch } from './behavior-switches.js';

const VENDOR: Record<BehaviorSection, string> = {
  koreXo: 'Kore XO',
  aiForWork: 'AI for Work',
  uipathPlatform: 'UiPath PM',
  orchestrator: 'Orchestrator',
  uipathUnified: 'UiPath unified',
};

function row(sw: BehaviorSwitch): string {
  const d = sw.domain;
  const values =
    d.kind === 'enum'
      ? d.values
          .map((v) => (v === sw.default ? `**\`${String(v)}\`**` : `\`${String(v)}\``))
          .join(', ')
      : `**${String(sw.default)}**; any integer ≥ 1${d.orFalse === true ? ' or `false`' : ''} (drawn ${d.min}–${d.max})`;
  return `| ${VENDOR[sw.section]} | \`${sw.id}\` | ${values} | ${sw.doc} |`;
}

describe('README', () => {
  it('lists every behaviour switch exactly as the code defines it', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rows = readme
      .split('\n')
      .filter((line) =>
        /^\| [^|]+ \| `(koreXo|aiForWork|uipathPlatform|orchestrator|uipathUnified)\./.test(line),
      );
    expect(rows).toEqual(BEHAVIOR_SWITCHES.map(row));
  });
});
