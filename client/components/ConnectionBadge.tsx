import type { ConnectionStatus, Transport } from '@/lib/socket';

const TEXT: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

const POLLING_HINT =
  'This network blocks WebSocket connections, so live updates use HTTP long-polling: they still arrive, a little slower.';

export function ConnectionBadge({
  status,
  error,
  transport,
}: {
  status: ConnectionStatus;
  error?: string | null;
  transport?: Transport | null;
}) {
  const polling = status === 'connected' && transport === 'polling';
  const title = error ? `Connection refused: ${error}` : polling ? POLLING_HINT : undefined;
  return (
    <span className={`badge badge-${status}`} data-testid="connection-status" role="status" aria-live="polite" title={title}>
      <span className="badge-dot" aria-hidden="true" />
      {TEXT[status]}
      {polling && <span data-testid="connection-transport"> (long-polling)</span>}
    </span>
  );
}
