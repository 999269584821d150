// @mentions and the notification bell, two staff members at once: Alex mentions
// Sam with the autocomplete; Sam's bell (on a phone) counts it at once, the
// notification opens the card, and the email arrives.
import type { Page } from '@playwright/test';
import {
  test,
  expect,
  ALEX,
  Api,
  collectConsoleErrors,
  hasNoPageOverflow,
  mailbox,
  openBoard,
  SAM,
  staffPage,
  uniq,
  workshopBoard,
} from './helpers';

const PHONE = { width: 390, height: 844 };

/** The unread count the bell announces (its accessible name says it). */
async function unreadOn(page: Page): Promise<number> {
  const label = (await page.getByTestId('notification-bell').getAttribute('aria-label')) ?? '';
  return Number(/(\d+) unread/.exec(label)?.[1] ?? 0);
}

test('a mention typed with the autocomplete reaches Sam live, opens the card and is emailed', async ({ open }) => {
  const api = await Api.as(ALEX);
  const samApi = await Api.as(SAM);
  const board = await workshopBoard(api);
  const title = uniq('Mention test');
  const card = await api.post<{ id: number }>('/api/cards', { column_id: board.columns[0]!.id, title });

  const sam = await staffPage(() => open({ viewport: PHONE }), SAM);
  const samErrors = collectConsoleErrors(sam);
  await sam.goto('/boards/');
  const bell = sam.getByTestId('notification-bell');
  await expect(bell).toHaveAttribute('data-loaded', 'true');
  const before = await unreadOn(sam);

  // Alex types "@Sa", picks Sam from the list with Enter, and sends the comment.
  const alex = await staffPage(open, ALEX);
  const alexErrors = collectConsoleErrors(alex);
  await openBoard(alex, board.id);
  await alex.getByTestId(`open-card-${card.id}`).click();
  const dialog = alex.getByTestId('card-detail');
  const input = dialog.getByTestId('comment-input');
  await input.click();
  await input.pressSequentially('Could you look at this, @Sa');
  const suggestions = alex.getByTestId('mention-suggestions');
  await expect(suggestions.getByRole('option', { selected: true })).toHaveText('Sam Lee');
  await expect(input).toHaveAttribute('aria-expanded', 'true');
  await alex.keyboard.press('Enter');
  await expect(input).toHaveValue('Could you look at this, @Sam Lee ');
  await expect(suggestions).toHaveCount(0);
  await input.pressSequentially('please?');
  await dialog.getByTestId('comment-submit').click();
  await expect(dialog.getByTestId('comments')).toContainText('Could you look at this, @Sam Lee please?');

  // Sam's bell counts it without a reload; the list has it on top, unread.
  await expect.poll(() => unreadOn(sam), { timeout: 5000 }).toBeGreaterThan(before);
  await expect(sam.getByTestId('notification-count')).toBeVisible();
  await bell.focus();
  await sam.keyboard.press('Enter');
  const list = sam.getByTestId('notifications');
  const first = list.getByTestId('notification-item').first();
  await expect(first).toHaveText(new RegExp(`Alex Morgan mentioned you on “${title}”`));
  await expect(first).toHaveAttribute('data-unread', 'true');
  expect(await hasNoPageOverflow(sam)).toBe(true);

  // Opening it (from the keyboard) shows the card on its board and marks it read.
  const unreadBeforeOpening = await unreadOn(sam);
  await first.focus();
  await sam.keyboard.press('Enter');
  await expect(sam).toHaveURL(new RegExp(`/board/?\\?id=${board.id}&card=${card.id}$`));
  const opened = sam.getByTestId('card-detail');
  await expect(opened.getByRole('heading', { name: title })).toBeVisible();
  await expect(opened.getByTestId('comments')).toContainText('@Sam Lee please?');
  await expect.poll(() => unreadOn(sam)).toBe(unreadBeforeOpening - 1);
  await opened.getByTestId('dialog-close').click();
  await expect(sam).toHaveURL(new RegExp(`/board/?\\?id=${board.id}$`));

  // The same notification by email, with a link to the card.
  await expect
    .poll(() => mailbox().find((m) => m.to.includes(SAM) && m.raw.includes(`card=${card.id}`) && m.raw.includes('mentioned you')), {
      timeout: 15_000,
      message: 'the mention email to Sam',
    })
    .toBeTruthy();

  // The email setting is Sam's own, saved at once.
  await bell.click();
  const emailSetting = sam.getByTestId('notifications-email');
  await expect(emailSetting).toBeChecked();
  await emailSetting.uncheck();
  await expect.poll(async () => (await samApi.get<{ email: boolean }>('/api/notifications/preferences')).email).toBe(false);
  await emailSetting.check();
  await expect.poll(async () => (await samApi.get<{ email: boolean }>('/api/notifications/preferences')).email).toBe(true);

  // Alex assigns Sam to the card: that arrives live too, on top of the list.
  const me = await samApi.get<{ id: number }>('/api/auth/me');
  await api.patch(`/api/cards/${card.id}`, { assignee_ids: [me.id] });
  await expect(list.getByTestId('notification-item').first()).toHaveText(new RegExp(`Alex Morgan assigned you to “${title}”`));
  await expect(list.getByTestId('notification-item').first()).toHaveAttribute('data-unread', 'true');

  // "Mark all read" empties the count.
  await sam.getByTestId('notifications-read-all').click();
  await expect(sam.getByTestId('notifications-unread')).toHaveText('All read');
  await expect(sam.getByTestId('notification-count')).toHaveCount(0);

  expect(samErrors).toEqual([]);
  expect(alexErrors).toEqual([]);
  await api.dispose();
  await samApi.dispose();
});
