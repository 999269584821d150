import type { ConnectionStatus, Transport } from '@/lib/socket';

const TEXT: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

const POLLING_HINT =
  'This network blocks WebSocket connections, so live updates use HTTP long-polling: they still arrive, a little slower.';

const ORIGIN_HINT =
  "The server does not accept live connections from this page's address. Whoever runs it must add the address to ALLOWED_ORIGINS.";

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
  if (error === 'origin_not_allowed') {
    return (
      <span className="badge badge-offline" data-testid="connection-status" role="alert" title={ORIGIN_HINT}>
        <span className="badge-dot" aria-hidden="true" />
        Live updates off: this address is not allowed
      </span>
    );
  }
  return (
    <span className={`badge badge-${status}`} data-testid="connection-status" role="status" aria-live="polite" title={title}>
      <span className="badge-dot" aria-hidden="true" />
      {TEXT[status]}
      {polling && <span data-testid="connection-transport"> (long-polling)</span>}
    </span>
  );
}
