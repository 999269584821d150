import { rmSync } from 'node:fs';
import { readState, stopServer } from './server';

export default async function globalTeardown(): Promise<void> {
  let state;
  try {
    state = readState();
  } catch {
    return;
  }
  await stopServer(state).catch(() => undefined);
  if (!process.env.E2E_KEEP_DATA) rmSync(state.dataDir, { recursive: true, force: true });
}
