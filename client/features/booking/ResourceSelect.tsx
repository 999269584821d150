// Who or where: "Anyone" (the default), or one of the resources that offer the service.
import type { Resource } from '@/lib/types';
import styles from './booking.module.css';

export function ResourceSelect({
  id,
  resources,
  value,
  onChange,
}: {
  id: string;
  resources: Resource[];
  value: number | null;
  onChange: (resourceId: number | null) => void;
}) {
  if (resources.length === 0) return null;
  if (resources.length === 1) {
    return (
      <p className="muted" data-testid="resource-only">
        With {resources[0]!.name}
      </p>
    );
  }
  return (
    <div className={`field ${styles.resource}`}>
      <label htmlFor={id}>Staff member or place</label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}
        data-testid="resource-select"
      >
        <option value="">Anyone</option>
        {resources.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </select>
    </div>
  );
}
