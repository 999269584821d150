// Starts and stops the Django + Socket.IO server for the e2e tests. The repo
// root is found from this file's place (client/e2e/), never hard-coded.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const clientDir = path.resolve(__dirname, '..');
export const repoRoot = path.resolve(clientDir, '..');
const stateFile = path.join(clientDir, 'test-results', '.e2e-server.json');
const python = path.join(repoRoot, '.venv', 'bin', 'python');
const manage = path.join('server', 'manage.py');

export interface ServerState {
  port: number;
  dataDir: string;
  pid: number | null;
  timeZone: string;
  /** The test mail server (server/testing/smtp.py) every email of the run goes to. */
  mailPort?: number | null;
  mailPid?: number | null;
}

/** Where the test mail server stores each accepted message (one .eml file each). */
export function mailDir(state: Pick<ServerState, 'dataDir'>): string {
  return path.join(state.dataDir, 'mail');
}

export function readState(): ServerState {
  return JSON.parse(readFileSync(stateFile, 'utf8')) as ServerState;
}

export function writeState(state: ServerState): void {
  mkdirSync(path.dirname(stateFile), { recursive: true });
  writeFileSync(stateFile, JSON.stringify(state, null, 2));
}

export function serverEnv(state: Pick<ServerState, 'port' | 'dataDir' | 'timeZone' | 'mailPort'>): NodeJS.ProcessEnv {
  const origin = `http://127.0.0.1:${state.port}`;
  const mail: Record<string, string> = state.mailPort
    ? {
        EMAIL_BACKEND: 'django.core.mail.backends.smtp.EmailBackend',
        EMAIL_HOST: '127.0.0.1',
        EMAIL_PORT: String(state.mailPort),
        EMAIL_TIMEOUT: '5',
        SITE_URL: origin,
      }
    : {};
  return {
    ...process.env,
    ...mail,
    DATABASE_URL: `sqlite:///${path.join(state.dataDir, 'e2e.sqlite3')}`,
    ALLOWED_ORIGINS: [origin, `http://localhost:${state.port}`, ...proxyOrigin()].join(','),
    BUSINESS_TIME_ZONE: state.timeZone,
    // The tests log in and register far more often than a person would.
    THROTTLE_LOGIN: '1000/min',
    THROTTLE_LOGIN_ACCOUNT: '1000/min',
    THROTTLE_REGISTER: '1000/min',
    THROTTLE_BOOKING: '1000/min',
    SOCKETIO_EVENTS_PER_SECOND: '200',
    SOCKETIO_EVENT_BURST: '400',
    CLIENT_BUILD_DIR: path.join(clientDir, 'out'),
    // Attachments of the run stay with its database, never in server/media.
    MEDIA_ROOT: path.join(state.dataDir, 'media'),
    PYTHONUNBUFFERED: '1',
  };
}

/** The origin of the WebSocket-refusing proxy of e2e/polling.spec.ts, when one is planned. */
function proxyOrigin(): string[] {
  return process.env.E2E_PROXY_PORT ? [`http://127.0.0.1:${process.env.E2E_PROXY_PORT}`] : [];
}

export function manageCommand(state: ServerState, ...args: string[]): void {
  execFileSync(python, [manage, ...args], { cwd: repoRoot, env: serverEnv(state), stdio: 'pipe', timeout: 180_000 });
}

export async function waitForHealth(port: number, up: boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let healthy = false;
    try {
      healthy = (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
    } catch {
      healthy = false;
    }
    if (healthy === up) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server on port ${port} did not become ${up ? 'healthy' : 'unreachable'} in ${timeoutMs} ms`);
}

/** Starts `manage.py serve` in its own process group and waits until it answers. */
export async function startServer(state: ServerState): Promise<ServerState> {
  const log = openSync(path.join(state.dataDir, 'server.log'), 'a');
  const child = spawn(python, [manage, 'serve', '--host', '127.0.0.1', '--port', String(state.port)], {
    cwd: repoRoot,
    env: serverEnv(state),
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  const next = { ...state, pid: child.pid ?? null };
  writeState(next);
  await waitForHealth(state.port, true);
  return next;
}

/** Stops the server started by startServer (its process group, by id). */
export async function stopServer(state: ServerState): Promise<ServerState> {
  if (state.pid) {
    try {
      process.kill(-state.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && alive(state.pid)) await new Promise((r) => setTimeout(r, 100));
    if (alive(state.pid)) {
      try {
        process.kill(-state.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }
  const next = { ...state, pid: null };
  writeState(next);
  await waitForHealth(state.port, false, 10_000);
  return next;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts the test mail server in its own process group; resolves once it listens. */
export async function startMailServer(state: ServerState): Promise<ServerState> {
  const dir = mailDir(state);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'mode'), 'accept'); // accept everything (testing/smtp.py MODES)
  const log = openSync(path.join(state.dataDir, 'mail.log'), 'a');
  const child = spawn(python, ['-m', 'testing.smtp', dir], {
    cwd: path.join(repoRoot, 'server'),
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  const portFile = path.join(dir, 'port');
  const deadline = Date.now() + 15_000;
  while (!existsSync(portFile)) {
    if (Date.now() > deadline) throw new Error('the test mail server did not start (see mail.log)');
    await new Promise((r) => setTimeout(r, 50));
  }
  const next = { ...state, mailPort: Number(readFileSync(portFile, 'utf8')), mailPid: child.pid ?? null };
  writeState(next);
  return next;
}

export function stopMailServer(state: ServerState): void {
  if (!state.mailPid) return;
  try {
    process.kill(-state.mailPid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export function clientBuilt(): boolean {
  return existsSync(path.join(clientDir, 'out', 'index.html'));
}
