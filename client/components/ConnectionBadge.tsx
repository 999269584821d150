import type { ConnectionStatus } from '@/lib/socket';

const TEXT: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

export function ConnectionBadge({ status, error }: { status: ConnectionStatus; error?: string | null }) {
  const title = error ? `Connection refused: ${error}` : undefined;
  return (
    <span className={`badge badge-${status}`} data-testid="connection-status" role="status" aria-live="polite" title={title}>
      <span className="badge-dot" aria-hidden="true" />
      {TEXT[status]}
    </span>
  );
}
