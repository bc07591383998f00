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

// Garbage-collector settings for a streaming process (V8 reads these two at every collection, so
// they apply when set here, before anything is allocated in earnest). By default V8 doubles the
// young generation up to 2 × 64 MiB and lets the old one grow to several times what is live: a
// fetch of 100k events peaked at ~300 MiB with about 30 MiB live. The young generation stays at
// its first size and the old one grows by 50% over what survives a collection; the live set of a
// streaming command is small and flat, so this bounds the peak. `AUDITRELAY_V8_FLAGS` replaces
// them (an empty value keeps V8's defaults).
const { setFlagsFromString } = await import('node:v8');
for (const flag of (
  process.env.AUDITRELAY_V8_FLAGS ?? '--semi-space-growth-factor=1 --heap-growing-percent=50'
)
  .split(/\s+/)
  .filter(Boolean))
  setFlagsFromString(flag);

// A reader that closes the pipe early (`auditrelay … | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
});

const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });
