#!/usr/bin/env node
// Where an n8n process's CPU went while a workflow ran: the samples of a `--cpu-prof` profile
// (bench/src/ab-n8n.mjs --cpu-prof-dir) from the first to the last one inside the nodes' own code,
// each given to the first category found from its frame up the stack.
//
//   node bench/src/profile-n8n.mjs <file.cpuprofile> [relay|http]
//
// `relay` (default) windows on the Audit Relay node, `http` on HTTP Request + Split Out. Async
// code resumed after an await has no caller frames, so e.g. a request's credential handling after
// its first await counts as "n8n: expression evaluation" or "n8n: database", not under the node.
import { readFileSync } from 'node:fs';

const [file, side = 'relay'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const WINDOWS = {
  relay: /^(execute|fetchEvents) .*(AuditRelay\.node\.js|\/shared\/auditrelay-)/,
  http: /^execute .*(HttpRequestV3|SplitOut)\.node\.js/,
};
const inBundle = (frame) => /\/dist\/shared\/auditrelay-/.test(frame.url);
const CATEGORIES = [
  ['garbage collector', (f) => f.functionName === '(garbage collector)'],
  ['idle (waiting for the simulator)', (f) => f.functionName === '(idle)'],
  // zod's compiled fast path has no name and no URL
  [
    'core: zod validation of each response',
    (f) => /\/zod\//.test(f.url) || (f.url === '' && f.functionName === '' && f.lineNumber === 0),
  ],
  ['core: JSON.parse of each page', (f) => inBundle(f) && f.functionName === '#parse'],
  ['node: formatEvent (Simplified copy)', (f) => inBundle(f) && f.functionName === 'formatEvent'],
  [
    'core: normalize (toUtcIso, toActivity, …)',
    (f) =>
      inBundle(f) &&
      /^(toUtcIso|toActivity|normalizeOrchestratorRecord|entitiesToChanges|parseDetails)$/.test(
        f.functionName,
      ),
  ],
  ['node: execute loop', (f) => /AuditRelay\.node\.js/.test(f.url)],
  ['core: fetchEvents, dedupe, paging', (f) => inBundle(f)],
  ['HTTP Request node', (f) => /nodes\/HttpRequest\//.test(f.url)],
  ['Split Out node', (f) => /nodes\/Transform\/SplitOut\//.test(f.url)],
  [
    'n8n: credential load and decrypt (per request)',
    (f) => /^(getDecrypted|getCredentials|applyDefaultsAndOverwrites)$/.test(f.functionName),
  ],
  [
    'n8n: expression evaluation (credential fields, pagination)',
    (f) =>
      /expression-runtime|expression-evaluator|workflow-expression|\/expression\.js/.test(f.url),
  ],
  [
    'n8n: HTTP client (axios, sockets)',
    (f) =>
      /axios|follow-redirects|backend-network|request-helpers|node:_http|node:net|node:https|node:tls|string_decoder|internal\/streams|node:buffer|internal\/encoding/.test(
        f.url,
      ),
  ],
  ['n8n: database (sqlite, typeorm)', (f) => /sqlite3|typeorm/.test(f.url)],
];

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parent.set(child, node.id);
function* stack(id) {
  for (let current = id; current !== undefined; current = parent.get(current))
    yield byId.get(current).callFrame;
}
const categoryOf = new Map();
function category(id) {
  if (!categoryOf.has(id)) {
    let found = 'other';
    search: for (const frame of stack(id))
      for (const [name, test] of CATEGORIES)
        if (test(frame)) {
          found = name;
          break search;
        }
    categoryOf.set(id, found);
  }
  return categoryOf.get(id);
}
const inWindow = new Map();
const windowed = (id) => {
  if (!inWindow.has(id)) {
    let hit = false;
    for (const frame of stack(id))
      if (WINDOWS[side].test(`${frame.functionName} ${frame.url}`)) {
        hit = true;
        break;
      }
    inWindow.set(id, hit);
  }
  return inWindow.get(id);
};
let first = -1;
let last = -1;
profile.samples.forEach((id, index) => {
  if (windowed(id)) {
    if (first < 0) first = index;
    last = index;
  }
});
if (first < 0) {
  console.error(`no sample inside the ${side} nodes in ${file}`);
  process.exit(1);
}
const totals = new Map();
let sum = 0;
for (let index = first; index <= last; index++) {
  const time = profile.timeDeltas[index + 1] ?? 0;
  const name = category(profile.samples[index]);
  totals.set(name, (totals.get(name) ?? 0) + time);
  sum += time;
}
console.log(`${side}: ${(sum / 1e6).toFixed(2)} s from the first to the last sample in its nodes`);
for (const [name, time] of [...totals].sort((a, b) => b[1] - a[1]))
  console.log(
    `${(time / 1000).toFixed(0).padStart(7)} ms ${((100 * time) / sum).toFixed(1).padStart(5)}%  ${name}`,
  );
