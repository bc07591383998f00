#!/usr/bin/env node
// Before/after of Backstage ingestion (scenario 6's engine runs) with another build of the
// audit-logs backend plugin: `node bench/src/ab-backstage.mjs <dir with dist/ and migrations/> <events> <runs>`.
// Runs alternate (after, before, after, …); each run's ratio is against its own bare fetch of the
// same data, measured in that run. The plugin package's dist/ and migrations/ are swapped for the
// "before" runs and always put back.
import { cpSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, log } from './lib.mjs';
import { backstage } from './scenarios/backstage.mjs';

const [beforeDir, events = '200000', runs = '2'] = process.argv.slice(2);
if (!beforeDir || !existsSync(join(beforeDir, 'dist'))) {
  console.error('usage: ab-backstage.mjs <dir with dist/ and migrations/> [events] [runs]');
  process.exit(2);
}
const PLUGIN = join(REPO, 'packages/backstage-plugin-audit-logs-backend');
const PARTS = ['dist', 'migrations'];

function swapIn() {
  for (const part of PARTS) {
    renameSync(join(PLUGIN, part), join(PLUGIN, `${part}.after`));
    // A copy, not a link: Node resolves a link to its real path, outside the workspace.
    cpSync(join(beforeDir, part), join(PLUGIN, part), { recursive: true });
  }
}
function swapBack() {
  for (const part of PARTS)
    if (existsSync(join(PLUGIN, `${part}.after`))) {
      rmSync(join(PLUGIN, part), { recursive: true, force: true });
      renameSync(join(PLUGIN, `${part}.after`), join(PLUGIN, part));
    }
}

const rows = [];
for (let i = 0; i < Number(runs) * 2; i++) {
  const side = i % 2 === 0 ? 'after' : 'before';
  if (side === 'before') swapIn();
  try {
    const result = await backstage({ events: Number(events), queries: 10 });
    for (const figure of result.figures)
      if (figure.unit === 'events/s' && figure.name.includes('plugin')) {
        const row = {
          side,
          name: figure.name,
          rate: Math.round(figure.measured.median),
          fetchRate: Math.round(figure.baseline.median),
          ratio: Number(figure.ratio.median.toFixed(3)),
        };
        rows.push(row);
        log(JSON.stringify(row));
      }
  } finally {
    if (side === 'before') swapBack();
  }
}
process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
