// The demo: start the vendor simulator on 127.0.0.1:4010, then this backend on 127.0.0.1:7007
// with app-config.yaml, which ingests every simulated source. Query it with the demo token:
//   curl -H "Authorization: Bearer $AUDIT_LOGS_TOKEN" http://127.0.0.1:7007/api/audit-logs/sources
import { fileURLToPath } from 'node:url';
import { simulatorSourceEnv, startSimulator } from '@auditrelay/simulator';

const config = fileURLToPath(new URL('../app-config.yaml', import.meta.url));
const sim = await startSimulator({
  port: Number(process.env.SIMULATOR_PORT ?? 4010),
  seed: 'demo',
});
// The simulator's source configs reach app-config.yaml as ${…} substitutions (KORE_XO_BASE_URL,
// KORE_XO_CLIENT_SECRET, …), so Backstage knows the credentials as secrets and redacts them.
Object.assign(process.env, simulatorSourceEnv(sim));
process.env.AUDIT_LOGS_TOKEN ??= 'demo-token-change-me';
if (!process.argv.some((arg) => arg === '--config' || arg.startsWith('--config=')))
  process.argv.push('--config', config);
console.log(`Simulator at ${sim.url}; backend at http://127.0.0.1:7007`);
console.log(
  `Try: curl -H "Authorization: Bearer ${process.env.AUDIT_LOGS_TOKEN}" http://127.0.0.1:7007/api/audit-logs/sources`,
);
await import('./index.js');
