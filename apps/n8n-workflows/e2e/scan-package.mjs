// The lint pass of @n8n/scan-community-package@0.32.0 (scanner.mjs: buildScanConfig and
// analyzePackage, with inline eslint-disable comments ignored), run in a plain Node process:
// eslint-plugin-n8n-nodes-base changes its rules under NODE_ENV=test, which vitest sets.
//
// The rules come from the plugin versions @n8n/node-cli 0.48.3 ships (eslint 9.29,
// @n8n/eslint-plugin-community-nodes 0.32.0): the scanner package itself pins typescript 7.0.2,
// which its own @typescript-eslint parser cannot load ("ts.Extension.Cjs" is undefined).
//
//   node scan-package.mjs <dir> <glob>...   → prints { passed, details } as JSON
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const nodePackage = fileURLToPath(new URL('../../../packages/n8n-nodes/', import.meta.url));
const fromNodeCli = createRequire(
  createRequire(`${nodePackage}package.json`).resolve('@n8n/node-cli/eslint'),
);
const { ESLint } = fromNodeCli('eslint');
const { defineConfig } = fromNodeCli('eslint/config');
const { n8nCommunityNodesPlugin } = fromNodeCli('@n8n/eslint-plugin-community-nodes');
const n8nNodesPlugin = fromNodeCli('eslint-plugin-n8n-nodes-base');
const parser = fromNodeCli('typescript-eslint').parser;
const glob = fromNodeCli('fast-glob');

const config = defineConfig(
  n8nCommunityNodesPlugin.configs.recommended,
  { rules: { 'no-console': 'error' } },
  { plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
  { files: ['package.json'], rules: { ...n8nNodesPlugin.configs.community.rules } },
  {
    files: ['**/credentials/**/*.ts'],
    rules: {
      ...n8nNodesPlugin.configs.credentials.rules,
      'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
      'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
    },
  },
  {
    files: ['**/nodes/**/*.ts'],
    rules: {
      ...n8nNodesPlugin.configs.nodes.rules,
      'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
      'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
      'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
    },
  },
  { files: ['**/*.json'], languageOptions: { parser } },
  { files: ['**/*.ts'], languageOptions: { parser } },
);

const [dir, ...patterns] = process.argv.slice(2);
const eslint = new ESLint({
  cwd: dir,
  allowInlineConfig: false,
  overrideConfigFile: true,
  overrideConfig: config,
});
const files = glob.sync(patterns, {
  cwd: dir,
  absolute: true,
  ignore: ['node_modules/**', '**/package-lock.json'],
});
const results = await eslint.lintFiles(files);
const failed = results.some((result) => result.errorCount > 0);
const details = failed ? await (await eslint.loadFormatter('stylish')).format(results) : '';
process.stdout.write(`${JSON.stringify({ passed: !failed, files: files.length, details })}\n`);
