import { rmSync } from 'node:fs';
import { readState, stopMailServer, stopServer } from './server';

export default async function globalTeardown(): Promise<void> {
  let state;
  try {
    state = readState();
  } catch {
    return;
  }
  await stopServer(state).catch(() => undefined);
  stopMailServer(state);
  if (!process.env.E2E_KEEP_DATA) rmSync(state.dataDir, { recursive: true, force: true });
}
