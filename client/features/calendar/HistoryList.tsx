// What happened to an appointment, oldest first, in the server's words.
import { useQuery } from '@tanstack/react-query';
import type { Id } from '@/lib/types';
import { ErrorBox, Loading } from '@/components/States';
import { calendarKeys, fetchHistory } from './api';
import styles from './calendar.module.css';

export function HistoryList({ id, version, timeZone, locale }: { id: Id; version: number; timeZone: string; locale: string }) {
  // Keyed by version: every change of the appointment reads the history again.
  const history = useQuery({ queryKey: calendarKeys.history(id, version), queryFn: () => fetchHistory(id) });
  if (history.isPending) return <Loading label="Loading history…" />;
  if (history.isError) return <ErrorBox error={history.error} onRetry={() => void history.refetch()} />;
  if (history.data.length === 0) return <p className="muted">No changes recorded yet.</p>;
  const when = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  return (
    <ol className={styles.history} data-testid="history">
      {history.data.map((h, i) => (
        <li key={i}>
          <span className="muted">{when.format(new Date(h.at))}</span> · {h.actor?.name ?? 'System'}: {h.summary}
        </li>
      ))}
    </ol>
  );
}
