import { VENDORS, simulatorSourceConfig as fromSimulator } from '@auditrelay/simulator';
import type { Simulator, VendorId } from '@auditrelay/simulator';

/** The simulator's own source config for a vendor, under the id these tests use. */
export function simulatorSourceConfig(
  sim: Simulator,
  vendor: VendorId,
  options: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...fromSimulator(sim, vendor, { id: vendor.replace(/-/g, '_'), options }) };
}

export { VENDORS };
