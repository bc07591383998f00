#!/usr/bin/env node
// Writes docs/mappings.md: how each vendor's categories and actions map to the normalized
// activity, OCSF 1.8 class/activity and ECS category/type. Derived by running the real mapping
// code over the simulator's vocabulary (every category/action pair it generates), so the table
// cannot drift from the code. `--check` fails when the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  SOURCE_DEFINITIONS,
  createSource,
  fetchEvents,
  formOptionsOf,
  sourceDefinition,
  toEcs,
  toOcsf,
} from '@auditrelay/core';
import { simulatorSourceConfig, startSimulator } from '@auditrelay/simulator';

const OUT = fileURLToPath(new URL('../../../docs/mappings.md', import.meta.url));
// Every registered type; a type with form options (the unified audit's scope) gets a section per
// value, since each reads other records.
const VENDORS = SOURCE_DEFINITIONS.flatMap((definition) => {
  const variants = formOptionsOf(definition).flatMap((option) =>
    option.values.map((value) => ({ [option.name]: value })),
  );
  const fields = definition.recordFields ?? { category: 'category', action: 'action' };
  return (variants.length > 0 ? variants : [{}]).map((variant) => [
    definition.type,
    [definition.displayName, ...Object.values(variant)].join(', '),
    fields.category,
    fields.action,
    variant,
  ]);
});
const start = Date.parse('2026-01-01T00:00:00Z');
const end = Date.parse('2026-03-01T00:00:00Z');
const sim = await startSimulator({
  seed: 'mappings',
  now: () => end + 86_400_000,
  data: Object.fromEntries(VENDORS.map(([v]) => [v, { count: 6000, start, end }])),
  rateLimits: { 'kore-xo-admin-console': false },
});
// Options beyond the simulator's own config: a seeded cap and larger pages, for speed.
const options = {
  'kore-ai-for-work': { responseCap: 100000 },
  'uipath-platform-audit': { pageSize: 1000 },
};
const sections = [];
for (const [vendor, title, categoryField, actionField, variant] of VENDORS) {
  // The simulator's budget is off for this run, so the client's can be too.
  const source = createSource(
    simulatorSourceConfig(sim, vendor, {
      id: 'doc',
      options: { ...options[vendor], ...variant },
    }),
    { rateLimit: false },
  );
  const rows = new Map();
  for await (const event of fetchEvents(source, { from: new Date(start), to: new Date(end) })) {
    const key = `${event.category}\u0000${event.action}`;
    if (rows.has(key)) continue;
    const ocsf = toOcsf(event);
    const ecs = toEcs(event);
    rows.set(key, [
      event.category,
      event.action,
      event.activity,
      `${ocsf.class_uid} ${ocsf.class_name}`,
      `${ocsf.activity_id} ${ocsf.activity_name}`,
      ecs.event.category.join(', '),
      ecs.event.type.join(', '),
    ]);
  }
  await source.close();
  const sorted = [...rows.values()].sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1]));
  const cell = (v) => String(v).replace(/\|/g, '\\|');
  sections.push(
    [
      `## ${title} (\`${vendor}\`)`,
      '',
      `| ${categoryField} | ${actionField} | activity | OCSF class | OCSF activity | ECS event.category | ECS event.type |`,
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...sorted.map((r) => `| ${r.map(cell).join(' | ')} |`),
      '',
    ].join('\n'),
  );
}
await sim.close();

// Orchestrator's full enums (from UiPath's OpenAPI): what each Action and Component maps to.
// `yaml` is the simulator's (dev) dependency, which owns the spec file.
const { parse } = createRequire(new URL('../../simulator/package.json', import.meta.url))('yaml');
const spec = parse(
  readFileSync(
    fileURLToPath(
      new URL(
        '../../simulator/src/__fixtures__/uipath-orchestrator-auditlogs.openapi.yaml',
        import.meta.url,
      ),
    ),
    'utf8',
  ),
);
const dto = spec.components.schemas.AuditLogDto.properties;
const base = {
  Id: 1,
  ExecutionTime: '2026-01-01T00:00:00.000Z',
  UserName: 'admin',
  UserId: 1,
  DisplayName: 'Example',
  EntityId: 7,
  Entities: [],
};
const docSource = { type: 'uipath-orchestrator-odata', id: 'doc' };
const normalizeOrchestratorRecord = sourceDefinition('uipath-orchestrator-odata').normalize;
const actionRows = dto.Action.enum.map((action) => {
  const event = normalizeOrchestratorRecord(
    { ...base, Action: action, Component: 'Assets' },
    docSource,
  );
  return `| ${action} | ${event.activity} |`;
});
const componentRows = dto.Component.enum.map((component) => {
  const event = normalizeOrchestratorRecord(
    { ...base, Action: 'Update', Component: component },
    docSource,
  );
  const ocsf = toOcsf(event);
  const ecs = toEcs(event);
  return `| ${component} | ${ocsf.class_uid} ${ocsf.class_name} | ${ecs.event.category.join(', ')} / ${ecs.event.type.join(', ')} |`;
});
sections.push(
  [
    '## UiPath Orchestrator enums (all values of `AuditLogDto.Action` and `.Component`)',
    '',
    '| Action | activity |',
    '| --- | --- |',
    ...actionRows,
    '',
    'For an `Update` on each component with a named entity:',
    '',
    '| Component | OCSF class | ECS category / type |',
    '| --- | --- | --- |',
    ...componentRows,
    '',
  ].join('\n'),
);
const doc = `# Mappings: vendor categories and actions → normalized activity, OCSF 1.8, ECS

Generated by \`packages/core/scripts/mapping-doc.mjs\` from the real mapping code (\`toOcsf\`,
\`toEcs\`) over every category/action pair the simulator produces; do not edit by hand.

Rules, in order (the most specific OCSF class whose required objects can be filled truthfully):

1. login/logout with a known user → **3002 Authentication** (Logon/Logoff), \`user\` = the actor,
   \`service\` = the product.
2. assign/unassign of a role or user with a known target → **3005 User Access Management**.
3. group targets (categories or targets naming a group) → **3006 Group Management** (Add User,
   Remove User, Create, Delete, Other).
4. user/account targets with a known identity → **3001 Account Change** (Create, Delete, Enable,
   Disable, Password Change/Reset, Lock, Unlock, Other).
5. any other create/read/update/delete on a named entity → **3004 Entity Management**.
6. everything else → **6003 API Activity** (\`api.operation\` = the vendor action; when no user is
   known the actor is the product, never an invented user).

ECS: \`authentication\` start/end for login/logout; \`iam\` with \`user\`/\`group\`/\`admin\` for
identity changes; \`configuration\` creation/change/deletion/access for other entity changes;
\`api\`/\`info\` otherwise. Every document keeps the vendor record (\`raw_data\`,
\`event.original\`) and the dedupe key.

${sections.join('\n')}`;
if (process.argv.includes('--check')) {
  const current = readFileSync(OUT, 'utf8');
  if (current !== doc) {
    console.error('docs/mappings.md is stale: run `pnpm --filter @auditrelay/core docs:mappings`.');
    process.exit(1);
  }
  console.log('docs/mappings.md is up to date.');
} else {
  writeFileSync(OUT, doc);
  console.log(`wrote ${OUT}`);
}
