#!/usr/bin/env node
// Self time of a `node --cpu-prof` profile grouped by where the code lives (package or part of the
// core), to see what a client spends its CPU on. Usage: node bench/src/profile-summary.mjs <file.cpuprofile>
import { readFileSync } from 'node:fs';

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const selfTime = new Map();
profile.samples.forEach((id, i) =>
  selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
);

function group({ functionName, url }) {
  if (functionName === '(idle)') return 'idle (waiting for the simulator)';
  if (functionName === '(garbage collector)') return 'garbage collector';
  const pkg = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return `package ${pkg}`;
  if (/packages\/core\/dist/.test(url)) return `core: ${functionName || '(anonymous)'}`;
  if (/bench\/src\/clients/.test(url)) return 'bench client (JSON.stringify + write)';
  if (url.startsWith('node:') || url === '') return `node/V8: ${functionName || '(anonymous)'}`;
  return url;
}

const groups = new Map();
let total = 0;
for (const node of profile.nodes) {
  const time = selfTime.get(node.id) ?? 0;
  total += time;
  const key = group(node.callFrame);
  groups.set(key, (groups.get(key) ?? 0) + time);
}
for (const [key, time] of [...groups]
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(process.argv[3] ?? 25)))
  console.log(
    `${(time / 1000).toFixed(0).padStart(7)} ms ${((100 * time) / total).toFixed(1).padStart(5)}%  ${key}`,
  );
console.log(`${(total / 1000).toFixed(0).padStart(7)} ms total`);
