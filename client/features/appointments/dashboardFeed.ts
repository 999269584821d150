// The dashboard's stream (`appointments`) is joined on request (docs/protocol.md):
// the dashboard and the pending queue join it on every connect and leave it when
// they close, so a tab showing only the calendar gets only the days it watches.
import type { SocketIO } from '@/hooks/useSocketIO';

type Emit = SocketIO<'/appointments'>['emit'];

const ATTEMPTS = 3;
const RETRY_AFTER_MS = 1000;

/**
 * Joins the feed; its three current values arrive as snapshot events before the
 * answer. A refusal is tried again (a server busy after a restart may not answer in
 * time); offline is not: the next connect asks again. True once joined.
 */
export async function watchDashboard(emit: Emit): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const ack = await emit('watch_dashboard', {});
    if (ack.ok || ack.error.code === 'offline' || attempt === ATTEMPTS) return ack.ok;
    await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS * attempt));
  }
}

export function unwatchDashboard(emit: Emit): void {
  void emit('unwatch_dashboard', {});
}
