// The demo: start the vendor simulator on 127.0.0.1:4010, then this backend on 127.0.0.1:7007
// with app-config.yaml, which ingests every simulated source. Query it with the demo token:
//   curl -H "Authorization: Bearer $AUDIT_LOGS_TOKEN" http://127.0.0.1:7007/api/audit-logs/sources
import { fileURLToPath } from 'node:url';
import { startSimulator } from '@auditrelay/simulator';

const config = fileURLToPath(new URL('../app-config.yaml', import.meta.url));
const sim = await startSimulator({
  port: Number(process.env.SIMULATOR_PORT ?? 4010),
  seed: 'demo',
});
// The simulator's credentials reach the config as ${…} substitutions, so Backstage knows them
// as secrets and redacts them from its logs.
process.env.SIMULATOR_URL = sim.url;
process.env.KORE_XO_CLIENT_ID = sim.credentials.koreXo.clientId;
process.env.KORE_XO_CLIENT_SECRET = sim.credentials.koreXo.clientSecret;
process.env.KORE_AI_FOR_WORK_API_KEY = sim.credentials.aiForWork.apiKey;
process.env.UIPATH_CLIENT_ID = sim.credentials.uipath.clientId;
process.env.UIPATH_CLIENT_SECRET = sim.credentials.uipath.clientSecret;
process.env.UIPATH_ORGANIZATION = sim.credentials.uipath.organization;
process.env.UIPATH_TENANT = sim.credentials.uipath.tenant;
process.env.UIPATH_PARTITION_GLOBAL_ID = sim.credentials.uipath.partitionGlobalId;
process.env.AUDIT_LOGS_TOKEN ??= 'demo-token-change-me';
if (!process.argv.some((arg) => arg === '--config' || arg.startsWith('--config=')))
  process.argv.push('--config', config);
console.log(`Simulator at ${sim.url}; backend at http://127.0.0.1:7007`);
console.log(
  `Try: curl -H "Authorization: Bearer ${process.env.AUDIT_LOGS_TOKEN}" http://127.0.0.1:7007/api/audit-logs/sources`,
);
await import('./index.js');
