import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VENDORS } from './defaults.js';
import { startSimulator } from './simulator.js';
import {
  simulatorSourceConfig,
  simulatorSourceConfigs,
  simulatorSourceEnv,
} from './source-configs.js';
import type { Simulator } from './types.js';

describe('simulatorSourceConfigs', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      seed: 'configs',
      credentials: { uipath: { organization: 'acme', tenant: 'Prod' } },
    });
  });
  afterAll(() => sim.close());

  it('gives one config per vendor with its URL and the effective credentials', () => {
    const configs = simulatorSourceConfigs(sim);
    expect(configs.map((config) => config.type)).toEqual(VENDORS);
    expect(new Set(configs.map((config) => config.id)).size).toBe(VENDORS.length);
    for (const config of configs) expect(config.baseUrl).toBe(sim.baseUrls[config.type]);
    const [xo, ai4w, platform, orchestrator] = configs;
    expect(xo!.credentials).toEqual(sim.credentials.koreXo);
    expect(ai4w!.credentials).toEqual({ apiKey: sim.credentials.aiForWork.apiKey });
    expect(platform!.options).toEqual({
      organization: 'acme',
      partitionGlobalId: sim.credentials.uipath.partitionGlobalId,
    });
    expect(orchestrator!.options).toEqual({ organization: 'acme', tenant: 'Prod' });
    expect(orchestrator!.credentials).toEqual({
      clientId: sim.credentials.uipath.clientId,
      clientSecret: sim.credentials.uipath.clientSecret,
    });
  });

  it('reads credentials at call time and merges overrides over its own options', () => {
    const before = sim.credentials.aiForWork.apiKey;
    sim.credentials.aiForWork.apiKey = 'rotated-key';
    try {
      expect(simulatorSourceConfig(sim, 'kore-ai-for-work').credentials).toEqual({
        apiKey: 'rotated-key',
      });
    } finally {
      sim.credentials.aiForWork.apiKey = before;
    }
    const config = simulatorSourceConfig(sim, 'uipath-orchestrator-odata', {
      id: 'orch',
      options: { tenant: 'Other', pageSize: 10 },
    });
    expect(config).toMatchObject({
      id: 'orch',
      name: 'UiPath Orchestrator (simulated)',
      options: { organization: 'acme', tenant: 'Other', pageSize: 10 },
    });
  });

  it('gives the same configs as environment variables', () => {
    const env = simulatorSourceEnv(sim);
    expect(env).toMatchObject({
      KORE_XO_BASE_URL: sim.baseUrls['kore-xo-admin-console'],
      KORE_XO_CLIENT_ID: sim.credentials.koreXo.clientId,
      KORE_XO_CLIENT_SECRET: sim.credentials.koreXo.clientSecret,
      KORE_AI4W_API_KEY: sim.credentials.aiForWork.apiKey,
      UIPATH_PM_PARTITION_GLOBAL_ID: sim.credentials.uipath.partitionGlobalId,
      UIPATH_ORCH_BASE_URL: sim.baseUrls['uipath-orchestrator-odata'],
      UIPATH_ORCH_TENANT: 'Prod',
    });
    const fields = simulatorSourceConfigs(sim).flatMap(
      (config) => 1 + Object.keys(config.credentials).length + Object.keys(config.options).length,
    );
    expect(Object.keys(env)).toHaveLength(fields.reduce((a, b) => a + b, 0));
  });
});
