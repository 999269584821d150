// Every HTML page (the client's, the API docs, the Django admin) is served with a
// strict Content-Security-Policy, and still works under it: nothing it needs is blocked.
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, ALEX, Api, DEMO_PASSWORD, login, openBoard, SAM, workshopBoard } from './helpers';

const CUSTOMER = 'casey@frontdesk.test';

/**
 * Collects every CSP violation in `context`, from the `securitypolicyviolation`
 * event (reported through a binding, so none is lost when the page navigates)
 * and from Chromium's console errors ("Refused to ... Content Security Policy").
 */
async function watchCsp(context: BrowserContext): Promise<string[]> {
  const problems: string[] = [];
  await context.exposeBinding('__cspViolation', ({ page }, text: string) => {
    problems.push(`${page.url()}: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __cspViolation: (text: string) => void }).__cspViolation;
      void report(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
    });
  });
  context.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      problems.push(`${message.page()?.url()}: console: ${message.text()}`);
    }
  });
  return problems;
}

async function openWatched(open: () => Promise<Page>): Promise<{ page: Page; problems: string[] }> {
  const page = await open();
  return { page, problems: await watchCsp(page.context()) };
}

/** Loads `path`, checks its policy, then waits until `ready` sees the page working. */
async function visit(page: Page, path: string, ready: () => Promise<void>): Promise<void> {
  const response = await page.goto(path);
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp, `policy of ${path}`).toMatch(/(^|; )script-src 'self'( 'sha256-[\w+/=]+')*(;|$)/);
  expect(csp, `policy of ${path}`).not.toContain("'unsafe-inline'");
  expect(csp, `policy of ${path}`).not.toContain("'unsafe-eval'");
  for (const directive of ["object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'"]) {
    expect(csp, `policy of ${path}`).toContain(directive);
  }
  await ready();
}

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

test('client pages for anonymous visitors', async ({ open }) => {
  const { page, problems } = await openWatched(open);
  await visit(page, '/', () => expect(page.getByRole('link', { name: /New here\?/ })).toBeVisible());
  await visit(page, '/login/', () => expect(heading(page, 'Log in')).toBeVisible());
  await visit(page, '/register/', () => expect(heading(page, 'Create an account')).toBeVisible());
  await visit(page, '/forgot-password/', () => expect(heading(page, 'Forgot your password?')).toBeVisible());
  await visit(page, '/reset-password/', () => expect(page.getByText('This link is incomplete.')).toBeVisible());
  await visit(page, '/reset-password/?uid=x&token=y', () => expect(page.getByRole('button', { name: 'Set password' })).toBeVisible());
  await visit(page, '/no-such-page/', () => expect(heading(page, 'Page not found')).toBeVisible());
  // A page for signed-in people sends the visitor to the login page.
  await visit(page, '/boards/', () => expect(page).toHaveURL(/\/login\/\?next=%2Fboards/));
  expect(problems).toEqual([]);
});

test('client pages for staff', async ({ open }) => {
  const api = await Api.as(SAM);
  const board = await workshopBoard(api);
  await api.dispose();
  const { page, problems } = await openWatched(open);
  await login(page, SAM);
  await visit(page, '/', () => expect(page.getByRole('link', { name: /Today’s dashboard/ })).toBeVisible());
  // The dashboard and the board are live over a websocket-only Socket.IO connection:
  // "Connected" means connect-src let the websocket through.
  await visit(page, '/admin/dashboard/', async () => {
    await expect(heading(page, /^Today/)).toBeVisible();
    await expect(page.getByTestId('connection-status')).toHaveText('Connected');
  });
  await visit(page, '/boards/', () => expect(heading(page, 'Boards')).toBeVisible());
  await visit(page, `/board/?id=${board.id}`, async () => {
    await openBoard(page, board.id);
    // Label colours are React style props: set through the CSSOM, which style-src allows.
    const urgent = page.getByTestId('columns').locator('.label-chip', { hasText: 'Urgent' }).first();
    await expect(urgent.locator('.label-dot')).toHaveCSS('background-color', 'rgb(214, 69, 69)');
  });
  await visit(page, '/search/?q=clippers', () => expect(page.getByTestId('search-results')).toBeVisible());
  expect(problems).toEqual([]);
});

test('client pages for customers', async ({ open }) => {
  const { page, problems } = await openWatched(open);
  await login(page, CUSTOMER);
  await visit(page, '/', () => expect(page.getByRole('link', { name: /Book an appointment/ })).toBeVisible());
  await visit(page, '/book/', () => expect(page.getByRole('radiogroup', { name: 'Service' })).toBeVisible());
  await visit(page, '/my-appointments/', () => expect(heading(page, 'My appointments')).toBeVisible());
  expect(problems).toEqual([]);
});

test('API docs: Swagger UI lists the operations', async ({ open }) => {
  const { page, problems } = await openWatched(open);
  await visit(page, '/api/docs/', async () => {
    await expect(page.locator('.swagger-ui .opblock').first()).toBeVisible();
    await expect(page.locator('.swagger-ui .opblock-summary-path', { hasText: '/api/auth/me' }).first()).toBeVisible();
  });
  // Its inline <style> applied (allowed by hash): the page background it sets.
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(250, 250, 250)');
  expect(problems).toEqual([]);
});

test('Django admin: login page, index, a change list and a change form', async ({ open }) => {
  const { page, problems } = await openWatched(open);
  await visit(page, '/django-admin/login/', () => expect(page.locator('#id_username')).toBeVisible());
  await page.locator('#id_username').fill(ALEX);
  await page.locator('#id_password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Site administration' })).toBeVisible();
  await visit(page, '/django-admin/', () => expect(page.getByRole('heading', { name: 'Site administration' })).toBeVisible());
  await visit(page, '/django-admin/appointments/appointment/', async () => {
    await expect(page.locator('#changelist-filter')).toBeVisible();
    // The admin's own scripts run: "select all" ticks every row's box.
    const rows = page.locator('#result_list input.action-select');
    await page.locator('#action-toggle').check();
    await expect(rows.first()).toBeChecked();
  });
  // A change form with a widget built by script: filter_horizontal's two lists.
  await page.goto('/django-admin/workflow/card/');
  await page.getByRole('link', { name: 'Fix chair 2 hydraulics' }).click();
  await expect(page.locator('#id_assignees_from')).toBeVisible();
  // And the board's members, an inline whose person field searches as you type.
  await page.goto('/django-admin/workflow/board/');
  await page.getByRole('link', { name: 'Workshop' }).click();
  await expect(page.locator('.select2-container').first()).toBeVisible();
  expect(problems).toEqual([]);
});
