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

/**
 * A test's options for each vendor: the fallback, or the vendor's own where it needs other
 * options (AI for Work has no pages, only windows). A new vendor runs with the fallback, so every
 * test that iterates `VENDORS` covers it without an edit.
 */
export function perVendor<T>(
  fallback: T,
  overrides: Partial<Record<VendorId, T>>,
): (vendor: VendorId) => T {
  return (vendor) => overrides[vendor] ?? fallback;
}

export { VENDORS };
