import { DatePicker } from '@backstage/ui';
import { parseDateTime, type DateValue } from '@internationalized/date';

/** `2026-11-20T10:23` ↔ the picker's value (no time zone: the page reads it as UTC). */
function toPickerValue(value: string): DateValue | null {
  try {
    return value ? parseDateTime(value) : null;
  } catch {
    return null;
  }
}

/**
 * The custom range's two date-time pickers, in their own module: the date libraries load only
 * when someone picks "Custom range".
 */
export default function CustomRange(props: {
  from: string;
  to: string;
  onChange: (key: 'from' | 'to', value: string) => void;
}) {
  return (
    <>
      {(['from', 'to'] as const).map((key) => (
        <DatePicker
          key={key}
          label={key === 'from' ? 'From (UTC)' : 'To (UTC)'}
          granularity="minute"
          hourCycle={24}
          value={toPickerValue(props[key])}
          onChange={(v) => props.onChange(key, v ? v.toString().slice(0, 16) : '')}
        />
      ))}
    </>
  );
}
