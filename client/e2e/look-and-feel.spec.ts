// Look and feel: dark mode from the system setting with a remembered toggle,
// applied before the first paint (no light flash, nothing refused by the
// CSP), and no page wider than a 390 px phone.
import type { Page } from '@playwright/test';
import { test, expect, ALEX, Api, collectConsoleErrors, hasNoPageOverflow, login, openBoard, SAM, staffId, uniq } from './helpers';

const PHONE = { width: 390, height: 844 };

/** The theme on <html> when <body> first appeared, i.e. before anything was painted. */
async function recordThemeAtFirstBody(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { themeAtBody?: string };
    const observer = new MutationObserver(() => {
      if (document.body && w.themeAtBody === undefined) {
        w.themeAtBody = document.documentElement.dataset.theme ?? 'none';
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  });
}

const themeAtBody = (page: Page) => page.evaluate(() => (window as unknown as { themeAtBody?: string }).themeAtBody);
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('dark mode follows the system, the toggle is remembered, and both apply before the first paint', async ({ open }) => {
  const page = await open({ colorScheme: 'dark', viewport: PHONE });
  const errors = collectConsoleErrors(page);
  await recordThemeAtFirstBody(page);
  await login(page, ALEX);
  await page.goto('/boards/');
  await expect(page.getByTestId('boards')).toBeVisible();
  expect(await themeAtBody(page)).toBe('dark');
  expect(await background(page)).toBe('rgb(15, 20, 27)');
  const toggle = page.getByTestId('theme-toggle');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');

  // Light by choice, and still light on the next visit although the system is dark.
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await page.reload();
  await expect(page.getByTestId('boards')).toBeVisible();
  expect(await themeAtBody(page)).toBe('light');
  expect(await background(page)).toBe('rgb(245, 246, 248)');

  // Back to dark, the system's own setting: the page follows the system again.
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await page.evaluate(() => localStorage.getItem('frontdesk-theme'))).toBeNull();

  const light = await open({ colorScheme: 'light' });
  await recordThemeAtFirstBody(light);
  await light.goto('/login/');
  await expect(light.getByLabel('Email')).toBeVisible();
  expect(await themeAtBody(light)).toBe('light');
  expect(errors).toEqual([]);
});

test('no page is wider than a 390 px phone: boards, a board with its members, in light and dark', async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await api.post<{ id: number }>('/api/boards', {
    name: uniq('A rather long board name for a small phone screen'),
    description: 'Checks the header, the member avatars and the lists on a phone.',
  });
  for (const name of ['Inbox', 'Doing', 'Done']) {
    const column = await api.post<{ id: number }>(`/api/boards/${board.id}/columns`, { name });
    await api.post('/api/cards', { column_id: column.id, title: uniq('A card with a long enough title to wrap') });
  }
  await api.post(`/api/boards/${board.id}/members`, { user_id: await staffId(api, SAM), role: 'member' });
  await api.dispose();

  for (const colorScheme of ['light', 'dark'] as const) {
    const page = await open({ viewport: PHONE, colorScheme });
    const errors = collectConsoleErrors(page);
    await login(page, ALEX);
    await page.goto('/boards/');
    await expect(page.getByTestId(`board-tile-${board.id}`)).toBeVisible();
    expect(await hasNoPageOverflow(page)).toBe(true);
    await page.getByTestId('new-board-open').click();
    expect(await hasNoPageOverflow(page)).toBe(true);

    await openBoard(page, board.id);
    expect(await hasNoPageOverflow(page)).toBe(true);
    await page.getByTestId('add-column-open').click();
    expect(await hasNoPageOverflow(page)).toBe(true);
    await page.getByTestId('members-open').click();
    await page.getByTestId('member-search').fill('a');
    expect(await hasNoPageOverflow(page)).toBe(true);
    const dialog = (await page.getByTestId('board-members').boundingBox())!;
    expect(dialog.x + dialog.width).toBeLessThanOrEqual(PHONE.width);
    expect(errors).toEqual([]);
  }
});
