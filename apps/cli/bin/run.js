#!/usr/bin/env node
// On a Node older than engines.node, say so in one line before anything else loads (oclif and its
// dependencies would otherwise fail somewhere deep with an unrelated error).
import { readFileSync } from 'node:fs';

const { engines } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const [wantMajor, wantMinor] = engines.node
  .replace(/^>=\s*/, '')
  .split('.')
  .map(Number);
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < wantMajor || (major === wantMajor && minor < (wantMinor || 0))) {
  process.stderr.write(
    `auditrelay needs Node.js ${engines.node}; this is ${process.version}. Install a newer Node.js and run it again.\n`,
  );
  process.exit(1);
}

// A reader that closes the pipe early (`auditrelay … | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
});

const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });
