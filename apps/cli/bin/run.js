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

// Garbage-collector settings for a streaming process (V8 reads these at each collection, so they
// apply when set here). By default V8 doubles the young generation up to 2 × 64 MiB and lets the
// old one grow to several times what is live: a fetch of 100k events peaked at ~300 MiB with
// about 30 MiB live (heap snapshot). Here the old generation grows by 50% over what survives a
// collection, and the young one stops growing at AUDITRELAY_YOUNG_MIB (16; keeping it at its
// first size saved 20 MiB more but cost 60-80% more CPU). `AUDITRELAY_V8_FLAGS` replaces both
// (an empty value keeps V8's defaults).
const { setFlagsFromString, getHeapSpaceStatistics } = await import('node:v8');
const { PerformanceObserver } = await import('node:perf_hooks');
const flags = process.env.AUDITRELAY_V8_FLAGS;
if (flags === undefined) {
  setFlagsFromString('--heap-growing-percent=50');
  const youngBytes = Number(process.env.AUDITRELAY_YOUNG_MIB ?? 16) * 2 ** 20;
  const observer = new PerformanceObserver(() => {
    const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    if (!young || young.space_size < youngBytes) return;
    setFlagsFromString('--semi-space-growth-factor=1');
    observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
} else for (const flag of flags.split(/\s+/).filter(Boolean)) setFlagsFromString(flag);

// A reader that closes the pipe early (`auditrelay … | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
});

const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });
