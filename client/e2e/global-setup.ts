// Builds the client if needed, creates a fresh SQLite database in a temporary
// folder, migrates, seeds the demo data and starts the server on E2E_PORT.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clientBuilt, clientDir, manageCommand, repoRoot, startMailServer, startServer, writeState, type ServerState } from './server';

/**
 * A fixed-offset zone in which it is now a weekday morning or early afternoon,
 * so "today" has business hours (Mon–Sat 9–17 in the demo data) and free
 * slots left whatever time the tests run at. Null when no zone fits.
 */
export function pickBusinessTimeZone(now: Date = new Date()): string | null {
  let best: { zone: string; score: number } | null = null;
  for (let offset = -12; offset <= 14; offset++) {
    const local = new Date(now.getTime() + offset * 3_600_000);
    const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
    const weekday = local.getUTCDay(); // 0 = Sunday
    if (weekday === 0 || hour < 9 || hour > 14) continue;
    const zone = offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
    const score = Math.abs(hour - 10);
    if (!best || score < best.score) best = { zone, score };
  }
  return best?.zone ?? null;
}

export default async function globalSetup(): Promise<void> {
  if (!existsSync(path.join(repoRoot, 'server', 'manage.py'))) throw new Error('server/manage.py not found');
  if (!clientBuilt() || process.env.E2E_BUILD === '1') {
    execFileSync('npm', ['run', 'build'], { cwd: clientDir, stdio: 'inherit' });
  }
  const port = Number(process.env.E2E_PORT);
  if (!port) throw new Error('E2E_PORT is not set (playwright.config.ts sets it)');
  const timeZone = process.env.E2E_TIME_ZONE ?? pickBusinessTimeZone() ?? 'Europe/London';
  let state: ServerState = { port, dataDir: mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-')), pid: null, timeZone };
  writeState(state);
  // Every email the run sends goes to a real SMTP server the specs can read (e2e/helpers.ts, waitForMail).
  state = await startMailServer(state);
  manageCommand(state, 'migrate', '--noinput');
  manageCommand(state, 'seed_demo');
  await startServer(state);
}
