#!/usr/bin/env node
// A reader that closes the pipe early (`auditrelay … | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
});

const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });
