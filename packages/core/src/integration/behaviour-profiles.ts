// Behaviour profiles for property tests: every switch the simulator has for a vendor, drawn over
// its whole domain (what the vendor docs leave open, see the simulator README's table).
import {
  BEHAVIOR_SWITCHES,
  behaviorFromSwitchValues,
  type SimulatorBehavior,
  type VendorId,
} from '@auditrelay/simulator';
import fc from 'fast-check';

export function profileOf(vendor: VendorId): fc.Arbitrary<SimulatorBehavior> {
  const entries = BEHAVIOR_SWITCHES.filter((sw) => sw.vendor === vendor).map((sw) => {
    const { domain } = sw;
    const value: fc.Arbitrary<string | number | boolean> =
      domain.kind === 'enum'
        ? fc.constantFrom(...domain.values)
        : domain.orFalse
          ? fc.oneof(fc.integer({ min: domain.min, max: domain.max }), fc.constant(false))
          : fc.integer({ min: domain.min, max: domain.max });
    return [sw.id, value] as const;
  });
  return fc.record(Object.fromEntries(entries)).map(behaviorFromSwitchValues);
}
