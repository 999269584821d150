import {
  test as base,
  expect,
  request,
  type APIRequestContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mailDir, readState } from './server';

/**
 * `test` with `open(options)`: a page in a fresh browser context (its own
 * cookies, i.e. its own user), closed when the test ends.
 */
export const test = base.extend<{ open: (options?: BrowserContextOptions) => Promise<Page> }>({
  open: async ({ browser }, use) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await use(async (options) => {
      const context = await browser.newContext(options);
      contexts.push(context);
      return context.newPage();
    });
    await Promise.all(contexts.map((c) => c.close()));
  },
});
export { expect };

export const DEMO_PASSWORD = 'frontdesk-demo';
export const ALEX = 'alex@frontdesk.test';
export const SAM = 'sam@frontdesk.test';

export function baseURL(): string {
  return process.env.E2E_BASE_URL!;
}

export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

export async function staffPage(open: (options?: BrowserContextOptions) => Promise<Page>, email: string): Promise<Page> {
  const page = await open();
  await login(page, email);
  return page;
}

/** A REST client logged in as `email`, sending the CSRF token like the web client. */
export class Api {
  private constructor(
    private readonly ctx: APIRequestContext,
    private csrf: string,
  ) {}

  static async as(email: string, password = DEMO_PASSWORD): Promise<Api> {
    const ctx = await request.newContext({ baseURL: baseURL() });
    const api = new Api(ctx, '');
    await api.refreshCsrf();
    await api.send('POST', '/api/auth/login', { email, password });
    await api.refreshCsrf(); // rotated by login
    return api;
  }

  private async refreshCsrf(): Promise<void> {
    const res = await this.ctx.get('/api/auth/csrf');
    const cookie = (await this.ctx.storageState()).cookies.find((c) => c.name === 'csrftoken');
    this.csrf = cookie?.value ?? ((await res.json()) as { csrf_token: string }).csrf_token;
  }

  async send<T = unknown>(method: string, path: string, data?: unknown): Promise<T> {
    const res = await this.ctx.fetch(path, {
      method,
      data,
      headers: { 'X-CSRFToken': this.csrf, Origin: baseURL(), Referer: `${baseURL()}/` },
    });
    const text = await res.text();
    if (!res.ok()) throw new Error(`${method} ${path} -> ${res.status()}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T = unknown>(path: string): Promise<T> {
    return this.send<T>('GET', path);
  }

  post<T = unknown>(path: string, data: unknown = {}): Promise<T> {
    return this.send<T>('POST', path, data);
  }

  patch<T = unknown>(path: string, data: unknown): Promise<T> {
    return this.send<T>('PATCH', path, data);
  }

  dispose(): Promise<void> {
    return this.ctx.dispose();
  }
}

export interface BoardInfo {
  id: number;
  columns: { id: number; name: string; wip_limit: number | null }[];
  cards: { id: number; title: string; column_id: number; position: number; version: number }[];
}

export async function workshopBoard(api: Api): Promise<BoardInfo> {
  const boards = await api.get<{ id: number; name: string }[]>('/api/boards');
  const board = boards.find((b) => b.name === 'Workshop');
  if (!board) throw new Error('demo board "Workshop" missing');
  const snapshot = await api.get<Omit<BoardInfo, 'id'>>(`/api/boards/${board.id}`);
  return { ...snapshot, id: board.id };
}

export async function openBoard(page: Page, boardId: number): Promise<void> {
  await page.goto(`/board/?id=${boardId}`);
  await expect(page.getByTestId('connection-status')).toHaveText('Connected');
  await expect(page.getByTestId('board')).toBeVisible();
}

/** Drags with the mouse in small steps, as dnd-kit's pointer sensor needs. */
export async function dragTo(page: Page, source: Locator, target: Locator): Promise<void> {
  await source.scrollIntoViewIfNeeded();
  const from = (await source.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 8, from.y + from.height / 2 + 8, { steps: 4 });
  // Where the target is once the drag has started (the dragged card leaves a gap and
  // a busy page may still be laying out), not where it was before.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const to = (await target.boundingBox())!;
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
  // dnd-kit measures droppables and picks the one under the pointer on animation frames:
  // let two pass before the last move and the drop.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 + 2, { steps: 2 });
  await page.mouse.up();
}

export function uniq(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Today's date (YYYY-MM-DD) in the server's business time zone. */
export function businessToday(timeZone: string, offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

export async function registerCustomer(page: Page, name: string, email: string, password = 'e2e-password-123'): Promise<void> {
  await page.goto('/register/');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('current-user')).toHaveText(name);
}

export const CASEY = 'casey@frontdesk.test';

/**
 * Collects the page's console errors and uncaught exceptions from now on;
 * check the list at the end of a test (`expect(errors).toEqual([])`).
 */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

/** A YYYY-MM-DD date `days` days after `date` (calendar arithmetic, no time zone). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 0 = Monday ... 6 = Sunday. */
export function weekdayOf(date: string): number {
  return (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7;
}

/**
 * The instant (ISO, UTC) of a wall-clock time on a date in `timeZone`, e.g.
 * businessInstant('2026-12-09', '10:00', zone): what to send as `start`.
 */
export function businessInstant(date: string, time: string, timeZone: string): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const guess = Date.parse(`${date}T00:00:00Z`) + (h * 60 + m) * 60_000;
  const offsetAt = (t: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(new Date(t))
        .filter((p) => p.type !== 'literal')
        .map((p) => [p.type, Number(p.value)]),
    ) as Record<string, number>;
    return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!) - t;
  };
  let t = guess - offsetAt(guess);
  t = guess - offsetAt(t);
  return new Date(t).toISOString();
}

/** True when the page is no wider than the viewport (no sideways scrolling of the page). */
export async function hasNoPageOverflow(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/**
 * The first `weekday` (0 = Monday) at least `weeksAhead` weeks from today with
 * no appointment at all, so a scenario can run again on the same server
 * (`--repeat-each`) without meeting its own earlier bookings.
 */
export async function emptyWeekday(api: Api, timeZone: string, weeksAhead: number, weekday: number): Promise<string> {
  let day = businessToday(timeZone, weeksAhead * 7);
  while (weekdayOf(day) !== weekday) day = addDays(day, 1);
  for (let i = 0; i < 30; i++, day = addDays(day, 7)) {
    const calendar = await api.get<{ days: { appointments: unknown[] }[] }>(`/api/calendar?from=${day}&to=${day}`);
    if (calendar.days.every((d) => d.appointments.length === 0)) return day;
  }
  throw new Error(`no empty day found from ${weeksAhead} weeks ahead`);
}

export interface Mail {
  to: string;
  subject: string;
  /** The whole message as sent (headers, text and HTML parts, the .ics). */
  raw: string;
}

/** Every message the run's test mail server has accepted so far (e2e/server.ts, startMailServer). */
export function mailbox(): Mail[] {
  const dir = path.join(mailDir(readState()), 'messages');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => {
      const raw = readFileSync(path.join(dir, name), 'utf8');
      // Headers end at the first empty line; a header may continue on indented lines.
      const head = raw.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, ' ');
      const header = (name: string) => head.match(new RegExp(`^${name}: (.*)$`, 'mi'))?.[1]?.trim() ?? '';
      return { to: header('To'), subject: header('Subject'), raw };
    });
}

/** Waits (bounded) until the mail server has a message to `to` whose subject matches. */
export async function waitForMail(to: string, subject: RegExp, timeoutMs = 15_000): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(() => (found = mailbox().find((mail) => mail.to.includes(to) && subject.test(mail.subject))), {
      timeout: timeoutMs,
      message: `an email to ${to} with a subject like ${subject}`,
    })
    .toBeTruthy();
  return found!;
}

/** "Wed 9 Dec", as email subjects name a day (appointments/notices.py). */
export function subjectDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][day.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1];
  return `${weekday} ${d} ${month}`;
}

export interface TestColumn {
  id: number;
  name: string;
  version: number;
}

export interface TestBoard {
  id: number;
  columns: TestColumn[];
}

/** A board of Alex's own (the shared Workshop board is left alone) with the given lists. */
export async function makeBoard(api: Api, lists: string[], name = uniq('Board')): Promise<TestBoard> {
  const board = await api.post<{ id: number }>('/api/boards', { name });
  const columns: TestColumn[] = [];
  for (const list of lists) columns.push(await api.post<TestColumn>(`/api/boards/${board.id}/columns`, { name: list }));
  return { id: board.id, columns };
}

/** The user id of the staff member with this email. */
export async function staffId(api: Api, email: string): Promise<number> {
  const staff = await api.get<{ id: number; email: string }[]>('/api/staff');
  const person = staff.find((s) => s.email === email);
  if (!person) throw new Error(`${email} is not in /api/staff`);
  return person.id;
}
