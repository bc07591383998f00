import { simulatorSourceConfigs, type Simulator } from '@auditrelay/simulator';

/**
 * A config file's `sources` that point at a running simulator (the simulator's own configs, with
 * its fake credentials); `options` by source id are merged over each.
 */
export function simulatorSources(
  sim: Simulator,
  options: Record<string, Record<string, unknown>> = {},
): Array<Record<string, unknown>> {
  return simulatorSourceConfigs(sim).map((config) => ({
    ...config,
    options: { ...config.options, ...options[config.id] },
  }));
}
