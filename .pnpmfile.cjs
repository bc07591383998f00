// pnpm loads this before it resolves or fetches anything: on a Node older than the root's
// engines.node, `pnpm install` stops here with one line instead of failing later inside a build.
const { engines } = require('./package.json');

const [wantMajor, wantMinor] = engines.node
  .replace(/^>=\s*/, '')
  .split('.')
  .map(Number);
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < wantMajor || (major === wantMajor && minor < (wantMinor || 0))) {
  console.error(`auditrelay needs Node.js ${engines.node}; this is ${process.version}.`);
  process.exit(1);
}

module.exports = {};
