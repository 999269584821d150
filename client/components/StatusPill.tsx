import { STATUS_TEXT } from '@/lib/format';
import type { AppointmentStatus } from '@/lib/types';

export function StatusPill({ status }: { status: AppointmentStatus }) {
  return (
    <span className={`pill pill-${status}`} data-testid="status">
      {STATUS_TEXT[status] ?? status}
    </span>
  );
}
