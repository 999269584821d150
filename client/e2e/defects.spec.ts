// Defects found by trying the product as a new user: phone layout, dialog focus,
// unsaved edits and edit conflicts, the dashboard's activity and timeline, the
// anonymous "who am I" request, wrong-role pages, and icons that need no emoji font.
// Every test fails on any console error.
import type { BrowserContextOptions, Locator, Page } from '@playwright/test';
import { test, expect, ALEX, Api, businessToday, DEMO_PASSWORD, login, makeBoard, openBoard, SAM, staffPage, uniq } from './helpers';
import { readState, startServer, stopServer } from './server';

const CASEY = 'casey@frontdesk.test';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** Console errors and uncaught exceptions of `page`, for `expect(...).toEqual([])`. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${page.url()}: uncaught ${e.message}`));
  return problems;
}

async function openWatched(
  open: (options?: BrowserContextOptions) => Promise<Page>,
  viewport = DESKTOP,
): Promise<{ page: Page; errors: string[] }> {
  const page = await open({ viewport });
  return { page, errors: watchConsole(page) };
}

const DEFECT_LISTS = ['Inbox', 'Doing', 'Waiting', 'Done'];

async function addCard(api: Api, columnId: number, title = uniq('Card')) {
  return api.post<{ id: number; title: string; version: number; description: string }>('/api/cards', { column_id: columnId, title });
}

async function inViewport(page: Page, locator: Locator) {
  const box = (await locator.boundingBox())!;
  const vp = page.viewportSize()!;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= vp.width && box.y + box.height <= vp.height;
}

/**
 * Errors a deliberate server outage causes in the browser by itself: failed
 * reconnection attempts, requests and route prefetches that find no server.
 */
const OUTAGE = /WebSocket connection to .* failed|net::ERR_CONNECTION_REFUSED|net::ERR_INTERNET_DISCONNECTED|Failed to load chunk|ChunkLoadError/;
const notFromOutage = (errors: string[]) => errors.filter((e) => !OUTAGE.test(e));

const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

// ---------------------------------------------------------------------------
// 1. Phone layout: a column over its WIP limit, and the card dialog.

for (const viewport of [PHONE, DESKTOP]) {
  test(`a column over its WIP limit does not widen the page (${viewport.width}px), dialog close button on screen`, async ({ open }) => {
    const api = await Api.as(ALEX);
    const board = await makeBoard(api, DEFECT_LISTS, uniq('Defects'));
    // The third column (off to the right on a phone) goes over its limit.
    const waiting = board.columns[2]!;
    await api.patch(`/api/columns/${waiting.id}`, { wip_limit: 1, expected_version: waiting.version });
    const card = await addCard(api, waiting.id, uniq('Over one'));
    await addCard(api, waiting.id, uniq('Over two'));
    await api.dispose();

    const { page, errors } = await openWatched(open, viewport);
    await login(page, ALEX);
    await openBoard(page, board.id);
    await expect(page.getByTestId(`wip-${waiting.id}`)).toHaveText('2 / 1 (over the limit)');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(viewport.width);

    await page.getByTestId(`open-card-${card.id}`).click();
    const dialog = page.getByTestId('card-detail');
    await expect(dialog).toBeVisible();
    expect(await inViewport(page, dialog.getByTestId('dialog-close'))).toBe(true);
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(viewport.width);
    expect(errors).toEqual([]);
  });
}

// ---------------------------------------------------------------------------
// 2. Focus stays in the card dialog; the column menu closes.

test('the card dialog keeps focus inside and gives it back to the card', async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await makeBoard(api, DEFECT_LISTS, uniq('Defects'));
  const card = await addCard(api, board.columns[0]!.id);
  await api.dispose();
  const { page, errors } = await openWatched(open, PHONE);
  await login(page, ALEX);
  await openBoard(page, board.id);

  const opener = page.getByTestId(`open-card-${card.id}`);
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('card-detail');
  await expect(dialog).toBeVisible();
  await expect(dialog).toBeFocused();

  const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);
  const insideDialog = () => page.evaluate(() => !!document.activeElement?.closest('[data-testid="card-detail"]'));
  // Shift+Tab from the start goes to the last control (the comment button).
  await page.keyboard.press('Shift+Tab');
  await expect.poll(focusedTestId).toBe('comment-submit');
  // Tab from the last control wraps to the first: the close button.
  await page.keyboard.press('Tab');
  await expect.poll(focusedTestId).toBe('dialog-close');
  // Shift+Tab from the first wraps back to the last.
  await page.keyboard.press('Shift+Tab');
  await expect.poll(focusedTestId).toBe('comment-submit');
  // A full lap of Tab never leaves the dialog.
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    expect(await insideDialog()).toBe(true);
  }

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();

  // The close button also gives focus back.
  await opener.click();
  await dialog.getByTestId('dialog-close').click();
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
  expect(errors).toEqual([]);
});

test('the column "more" menu closes on an outside click and on Escape', async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await makeBoard(api, DEFECT_LISTS, uniq('Defects'));
  await api.dispose();
  const { page, errors } = await openWatched(open, DESKTOP);
  await login(page, ALEX);
  await openBoard(page, board.id);
  const column = page.getByTestId(`column-${board.columns[0]!.id}`);
  const toggle = column.getByLabel(/Column Inbox actions/);
  const items = column.locator('.menu-items');

  await toggle.click();
  await expect(items).toBeVisible();
  await page.getByTestId('board-name').click();
  await expect(items).toBeHidden();

  await toggle.click();
  await expect(items).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(items).toBeHidden();
  await expect(toggle).toBeFocused();
  expect(errors).toEqual([]);
});

// ---------------------------------------------------------------------------
// 3. Unsaved edits and edit conflicts.

test('closing a card with unsaved edits asks first', async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await makeBoard(api, DEFECT_LISTS, uniq('Defects'));
  const card = await addCard(api, board.columns[0]!.id);
  const { page, errors } = await openWatched(open, PHONE);
  await login(page, ALEX);
  await openBoard(page, board.id);
  await page.getByTestId(`open-card-${card.id}`).click();
  const dialog = page.getByTestId('card-detail');
  const ask = page.getByRole('alertdialog', { name: 'Discard your changes?' });

  // Unchanged: Escape just closes.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  await page.getByTestId(`open-card-${card.id}`).click();
  // The title waits for the Save button (the description saves itself, see card-editing.spec.ts).
  await dialog.getByTestId('card-title-input').fill('A title I have not saved');
  for (const close of [
    () => page.keyboard.press('Escape'),
    () => dialog.getByTestId('dialog-close').click(),
    () => page.mouse.click(2, 2), // the backdrop
  ]) {
    await close();
    await expect(ask).toBeVisible();
    await expect(ask.getByRole('button', { name: 'Keep editing' })).toBeFocused();
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    await expect(ask).toHaveCount(0);
    await expect(dialog.getByTestId('card-title-input')).toHaveValue('A title I have not saved');
  }
  await dialog.getByTestId('dialog-close').click();
  await ask.getByRole('button', { name: 'Discard' }).click();
  await expect(dialog).toHaveCount(0);
  const snapshot = await api.get<{ cards: { id: number; title: string }[] }>(`/api/boards/${board.id}`);
  expect(snapshot.cards.find((c) => c.id === card.id)?.title).toBe(card.title);
  await api.dispose();
  expect(errors).toEqual([]);
});

test('after an edit conflict the loser sees both texts and can keep theirs or mine', async ({ open }) => {
  const api = await Api.as(SAM);
  const board = await makeBoard(api, DEFECT_LISTS, uniq('Defects'));
  const first = await addCard(api, board.columns[0]!.id, uniq('Conflict one'));
  const second = await addCard(api, board.columns[0]!.id, uniq('Conflict two'));
  const { page, errors } = await openWatched(open, DESKTOP);
  await login(page, ALEX);
  await openBoard(page, board.id);
  const dialog = page.getByTestId('card-detail');
  const conflict = dialog.getByTestId('card-conflict');

  // Keep mine: Alex types; Sam saves first; Alex keeps his text.
  await page.getByTestId(`open-card-${first.id}`).click();
  const mine = uniq('Alex title');
  await dialog.getByTestId('card-title-input').fill(mine);
  const theirs = uniq('Sam title');
  await api.patch(`/api/cards/${first.id}`, { title: theirs, description: 'Sam wrote this', expected_version: first.version });
  await expect(conflict).toBeVisible();
  await expect(conflict.getByTestId('conflict-yours-title')).toHaveText(mine);
  await expect(conflict.getByTestId('conflict-theirs-title')).toHaveText(theirs);
  await expect(dialog.getByTestId('card-title-input')).toHaveValue(mine);
  await conflict.getByRole('button', { name: 'Keep mine' }).click();
  await expect(conflict).toHaveCount(0);
  await expect(page.getByTestId(`card-title-${first.id}`)).toHaveText(mine);
  await expect
    .poll(async () => (await api.get<{ cards: { id: number; title: string; description: string }[] }>(`/api/boards/${board.id}`)).cards.find((c) => c.id === first.id))
    .toMatchObject({ title: mine, description: 'Sam wrote this' });
  await dialog.getByTestId('dialog-close').click();
  await expect(dialog).toHaveCount(0);

  // Take theirs. (On the title, which waits for Save: a description would save itself
  // and race Sam's; card-editing.spec.ts holds that case still with the page clock.)
  await page.getByTestId(`open-card-${second.id}`).click();
  await dialog.getByTestId('card-title-input').fill('Alex wrote this');
  const samText = 'Sam wrote this first';
  await api.patch(`/api/cards/${second.id}`, { title: samText, expected_version: second.version });
  await expect(conflict).toBeVisible();
  await expect(conflict.getByTestId('conflict-yours-title')).toHaveText('Alex wrote this');
  await expect(conflict.getByTestId('conflict-theirs-title')).toHaveText(samText);
  await conflict.getByRole('button', { name: 'Take theirs' }).click();
  await expect(conflict).toHaveCount(0);
  await expect(dialog.getByTestId('card-title-input')).toHaveValue(samText);
  await page.keyboard.press('Escape'); // nothing unsaved: no question
  await expect(dialog).toHaveCount(0);
  await api.dispose();
  expect(errors).toEqual([]);
});

// ---------------------------------------------------------------------------
// 4. Dashboard: dates in "Just now", bookings made while offline, the timeline.

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

async function bookAsCasey(daysAhead: number, timeZone: string): Promise<{ id: number; start: string; day: string }> {
  const casey = await Api.as(CASEY);
  const services = await casey.get<{ id: number; name: string }[]>('/api/services');
  const haircut = services.find((s) => s.name === 'Haircut')!;
  for (let offset = daysAhead; offset < daysAhead + 10; offset++) {
    const day = businessToday(timeZone, offset);
    const { slots } = await casey.get<{ slots: { start: string }[] }>(`/api/availability?service=${haircut.id}&date=${day}`);
    // A free chair is not enough: Casey may already be booked at that time by
    // another spec, and a customer cannot be in two places (409 customer_overlap).
    for (const slot of shuffled(slots)) {
      try {
        const appointment = await casey.post<{ id: number; start: string }>('/api/appointments', { service: haircut.id, start: slot.start });
        await casey.dispose();
        return { ...appointment, day };
      } catch (error) {
        if (!String(error).includes('customer_overlap')) throw error;
      }
    }
  }
  throw new Error('no free Haircut slot');
}

test('"Just now" names the day of a booking that is not today', async ({ open }) => {
  const { timeZone } = readState();
  const { page, errors } = await openWatched(open, DESKTOP);
  await login(page, ALEX);
  await page.goto('/admin/dashboard/');
  await expect(page.getByTestId('connection-status')).toHaveText('Connected');
  await expect(page.getByTestId('pending-count')).toBeVisible();

  const booking = await bookAsCasey(2, timeZone);
  const time = booking.start.slice(11, 16);
  const entry = page.getByTestId('activity').locator('li', { hasText: time }).first();
  await expect(entry).toContainText('Casey Jones: Haircut at');
  const day = Number(booking.day.slice(8, 10));
  await expect(entry).toContainText(new RegExp(`${time} on \\w+,? .*\\b${day}\\b`));
  expect(errors).toEqual([]);
});

for (const viewport of [PHONE, DESKTOP]) {
  test(`the timeline shows its last hour label in full (${viewport.width}px)`, async ({ open }) => {
    const { page, errors } = await openWatched(open, viewport);
    await login(page, ALEX);
    await page.goto('/admin/dashboard/');
    const timeline = page.getByTestId('schedule');
    await expect(timeline).toBeVisible();
    // On a laptop the timeline fits as it is; on a phone it scrolls sideways,
    // so look at its end. Either way the last label is inside, with room to spare.
    const fit = await timeline.evaluate((el, phone) => {
      if (phone) el.scrollLeft = el.scrollWidth;
      const ticks = el.querySelectorAll('.timeline-scale .tick');
      const last = ticks[ticks.length - 1]!;
      const range = document.createRange();
      range.selectNodeContents(last);
      const text = range.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return { label: last.textContent, textRight: text.right, boxRight: box.right, overflow: el.scrollWidth - el.clientWidth };
    }, viewport === PHONE);
    expect(fit.label).toMatch(/^\d\d:00$/);
    expect(fit.textRight).toBeLessThanOrEqual(fit.boxRight - 2);
    if (viewport === DESKTOP) expect(fit.overflow).toBeLessThanOrEqual(0);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(viewport.width);
    expect(errors).toEqual([]);
  });
}

// ---------------------------------------------------------------------------
// 5. The add-card "Not connected" message goes when the connection is back.

test('"Not connected to the server" under the add-card form goes away after a reconnect', async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await makeBoard(api, DEFECT_LISTS, uniq('Defects'));
  await api.dispose();
  const { page, errors } = await openWatched(open, DESKTOP);
  await login(page, ALEX);
  await openBoard(page, board.id);
  const columnId = board.columns[0]!.id;
  await page.getByTestId(`add-card-${columnId}`).click();
  await page.getByTestId(`new-card-title-${columnId}`).fill('Typed while offline');
  await page.waitForLoadState('networkidle'); // route prefetches done before the outage

  let state = await stopServer(readState());
  await expect(page.getByTestId('connection-status')).toHaveText(/Reconnecting…|Offline/);
  await page.getByTestId(`new-card-title-${columnId}`).press('Enter');
  await expect(page.getByTestId(`add-card-error-${columnId}`)).toContainText('Not connected to the server');
  state = await startServer(state);
  await expect(page.getByTestId('connection-status')).toHaveText('Connected', { timeout: 20_000 });
  await expect(page.getByTestId(`add-card-error-${columnId}`)).toHaveCount(0);
  await expect(page.getByTestId(`new-card-title-${columnId}`)).toHaveValue('Typed while offline');
  expect(state.pid).not.toBeNull();
  expect(notFromOutage(errors)).toEqual([]);
});

// ---------------------------------------------------------------------------
// 6. Anonymous pages ask nobody "who am I"; wrong-role pages explain themselves.

for (const viewport of [PHONE, DESKTOP]) {
  test(`anonymous pages log no console errors (${viewport.width}px)`, async ({ open }) => {
    const { page, errors } = await openWatched(open, viewport);
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto('/');
    await expect(page.getByRole('link', { name: /New here\?/ })).toBeVisible();
    await page.goto('/login/');
    await expect(page.getByRole('heading', { level: 1, name: 'Log in' })).toBeVisible();
    await page.goto('/register/');
    await expect(page.getByRole('heading', { level: 1, name: 'Create an account' })).toBeVisible();
    await page.goto('/book/');
    await expect(page).toHaveURL(/\/login\/\?next=%2Fbook/);
    await expect(page.getByRole('heading', { level: 1, name: 'Log in' })).toBeVisible();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(viewport.width);
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
  });
}

test('a customer on a staff page, and staff on a customer page, are told so', async ({ open }) => {
  const { page: customer, errors } = await openWatched(open, PHONE);
  // A customer following a link to a staff page: log in, land on it.
  await customer.goto('/login/?next=%2Fadmin%2Fdashboard%2F');
  await customer.getByLabel('Email').fill(CASEY);
  await customer.getByLabel('Password').fill(DEMO_PASSWORD);
  await customer.getByRole('button', { name: 'Log in' }).click();
  for (const path of ['/admin/dashboard/', '/boards/']) {
    if (path !== '/admin/dashboard/') await customer.goto(path);
    const note = customer.getByTestId('wrong-role');
    await expect(note).toContainText('This page is for staff. You are signed in as a customer.');
    await expect(customer).toHaveURL(new RegExp(path.replace(/\//g, '\\/')));
    await expect(note.getByRole('link', { name: 'Go to my appointments' })).toHaveAttribute('href', /^\/my-appointments\/?$/);
  }

  const staff = await staffPage(open, SAM);
  const staffErrors = watchConsole(staff);
  await staff.goto('/my-appointments/');
  const note = staff.getByTestId('wrong-role');
  await expect(note).toContainText('This page is for customers. You are signed in as a staff member.');
  await note.getByRole('link').click();
  await expect(staff).toHaveURL(/\/admin\/dashboard\/?$/);
  expect([...errors, ...staffErrors]).toEqual([]);
});

// ---------------------------------------------------------------------------
// 7. Icons are inline SVG, not emoji.

test('board icons are inline SVG, with no emoji or symbol glyphs', async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await makeBoard(api, DEFECT_LISTS, uniq('Defects'));
  const card = await addCard(api, board.columns[0]!.id);
  await api.post(`/api/cards/${card.id}/comments`, { text: 'First comment' });
  await api.dispose();
  const { page, errors } = await openWatched(open, PHONE);
  await login(page, ALEX);
  await openBoard(page, board.id);
  const comments = page.getByTestId(`card-comments-${card.id}`);
  await expect(comments).toContainText('1');
  await expect(comments.locator('svg[data-icon="comment"][aria-hidden="true"]')).toHaveCount(1);
  const size = await comments.locator('svg').evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { w: r.width, h: r.height, font: parseFloat(getComputedStyle(el).fontSize) };
  });
  expect(size.w).toBeCloseTo(size.font, 0);
  expect(size.h).toBeCloseTo(size.font, 0);
  await expect(page.getByTestId(`drag-${card.id}`).locator('svg[data-icon="drag"]')).toHaveCount(1);
  await expect(page.getByLabel('Column Inbox actions').locator('svg[data-icon="more"]')).toHaveCount(1);

  await page.getByTestId(`open-card-${card.id}`).click();
  await expect(page.getByTestId('dialog-close').locator('svg[data-icon="close"]')).toHaveCount(1);
  const glyphs = await page.evaluate(() => {
    const text = document.body.innerText;
    return text.match(/[\u2190-\u21FF\u2300-\u23FF\u2500-\u27BF\u2800-\u28FF\u2B00-\u2BFF\u00D7\u22EF]|\p{Extended_Pictographic}/gu) ?? [];
  });
  expect(glyphs).toEqual([]);
  expect(errors).toEqual([]);
});

// A replayed booking made while the dashboard was cut off is listed in "Just now".
test('bookings made while the dashboard was offline are listed after the reconnect', async ({ open }) => {
  const { timeZone } = readState();
  const { page, errors } = await openWatched(open, DESKTOP);
  await login(page, ALEX);
  await page.goto('/admin/dashboard/');
  await expect(page.getByTestId('connection-status')).toHaveText('Connected');
  await expect(page.getByTestId('pending-count')).toBeVisible();
  await page.waitForLoadState('networkidle'); // route prefetches done before the outage

  let state = await stopServer(readState());
  await expect(page.getByTestId('connection-status')).toHaveText(/Reconnecting…|Offline/);
  await page.context().setOffline(true);
  state = await startServer(state);
  const booking = await bookAsCasey(3, timeZone);
  await page.context().setOffline(false);
  await expect(page.getByTestId('connection-status')).toHaveText('Connected', { timeout: 20_000 });
  const time = booking.start.slice(11, 16);
  await expect(page.getByTestId('activity').locator('li', { hasText: `${time} on ` })).toContainText('Casey Jones: Haircut');
  expect(state.pid).not.toBeNull();
  expect(notFromOutage(errors)).toEqual([]);
});
