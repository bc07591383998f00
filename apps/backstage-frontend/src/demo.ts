// `pnpm --filter @auditrelay/backstage-frontend demo`: the vendor simulator (127.0.0.1:4010), the
// real demo Backstage backend with the audit-logs plugin (127.0.0.1:7007) and this harness
// serving the Audit Logs page (http://127.0.0.1:3000/audit-logs). Ctrl-C stops all three.
import { startSimulator } from '@auditrelay/simulator';
import { startBackend, DEMO_TOKEN } from './backend.js';
import { startHarness } from './server.js';

const sim = await startSimulator({
  port: Number(process.env.SIMULATOR_PORT ?? 4010),
  seed: 'demo',
});
const backend = await startBackend({ sim, port: Number(process.env.BACKEND_PORT ?? 7007) });
const harness = await startHarness({
  backendUrl: backend.url,
  token: process.env.AUDIT_LOGS_TOKEN ?? DEMO_TOKEN,
  port: Number(process.env.PORT ?? 3000),
});
console.log(`Simulator at ${sim.url}; backend at ${backend.url}`);
console.log(`Open ${harness.url}/audit-logs (sources sync within seconds)`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await harness.close();
  await backend.stop();
  await sim.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
