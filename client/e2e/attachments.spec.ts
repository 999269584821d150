// Attachments, with two users at once: Alex attaches files (the file input in the card
// dialog, and a file dropped on the card face), Sam sees them arrive live (the count on
// the card, the thumbnail in the dialog); a refused type gets a clear message; and a
// staff user who is not a member of the board is refused at the file's direct URL.
import type { Page } from '@playwright/test';
import { test, expect, ALEX, Api, baseURL, openBoard, SAM, staffPage, uniq, workshopBoard } from './helpers';

// A 12 x 8 PNG (server/common/management/commands/seed_demo.py demo_png).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAwAAAAICAIAAABChommAAAAvUlEQVR4nA3KoZFFIQxA0S3sFpYC0gAFpAEKSAOYL5hhEBgEBoPAIDCofUefv5+QhSo0oQtDmMIStnCEKzzh76dkpSpN6cpQprKUrRzlKk+/FMiBGmiBHhiBGViBHTiBG3jhS0Y2qtGMbgxjGsvYxjGu8exLkRypkRbpkRGZkRXZkRO5kRe/5GSnOs3pznCms5ztHOc6z7+UyImaaImeGImZWImdOImbeOlLhVyohVbohVGYhVXYhVO4hVf4B6hHqBlq3SLYAAAAAElFTkSuQmCC',
  'base64',
);

/** Drops a file from "the computer" on an element, as the browser does (dragenter, dragover, drop). */
async function dropFile(page: Page, testId: string, name: string, text: string): Promise<void> {
  await page.getByTestId(testId).evaluate(
    (el, file) => {
      const data = new DataTransfer();
      data.items.add(new File([file.text], file.name, { type: 'text/csv' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        el.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      }
    },
    { name, text },
  );
}

/** Uploads through the page's own session (its cookies and CSRF token), as the client does. */
async function uploadAs(page: Page, cardId: number, name: string, buffer: Buffer): Promise<{ id: number; url: string }> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'csrftoken')!.value;
  const res = await page.request.post(`/api/cards/${cardId}/attachments`, {
    multipart: { file: { name, mimeType: 'image/png', buffer } },
    headers: { 'X-CSRFToken': csrf, Origin: baseURL(), Referer: `${baseURL()}/` },
  });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: number; url: string };
}

test('an attachment added by one member shows for the other live, and only members may download it', async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await workshopBoard(api);
  const card = await api.post<{ id: number }>('/api/cards', { column_id: board.columns[0]!.id, title: uniq('Photo of the leak') });

  const alex = await staffPage(open, ALEX);
  const sam = await staffPage(open, SAM);
  await openBoard(alex, board.id);
  await openBoard(sam, board.id);
  await expect(sam.getByTestId(`card-${card.id}`)).toBeVisible();
  await expect(sam.getByTestId(`card-attachments-${card.id}`)).toHaveCount(0);

  // Alex picks an image in the card dialog.
  await alex.getByTestId(`open-card-${card.id}`).click();
  const alexDialog = alex.getByTestId('card-detail');
  await alexDialog.getByTestId('attachment-input').setInputFiles({ name: 'leak.png', mimeType: 'image/png', buffer: PNG });
  await expect(alexDialog.locator('[data-testid^="attachment-thumb-"]')).toHaveCount(1);

  // Sam sees the count on the card face, then the thumbnail, loaded through the checked URL.
  await expect(sam.getByTestId(`card-attachments-${card.id}`)).toContainText('1', { timeout: 2000 });
  await sam.getByTestId(`open-card-${card.id}`).click();
  const samDialog = sam.getByTestId('card-detail');
  const thumb = samDialog.locator('[data-testid^="attachment-thumb-"]');
  await expect(thumb).toBeVisible();
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(12);
  await expect(samDialog.getByRole('link', { name: 'leak.png' })).toBeVisible();
  await expect(samDialog.locator('.attachment', { hasText: 'leak.png' })).toContainText('Alex');

  // A type that is not allowed is refused with the server's reason, and nothing appears.
  await alexDialog.getByTestId('attachment-input').setInputFiles({
    name: 'logo.svg',
    mimeType: 'image/svg+xml',
    buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
  });
  await expect(alexDialog.getByTestId('attachment-error')).toContainText('logo.svg: This type of file cannot be attached');
  await expect(samDialog.locator('.attachment-name')).toHaveCount(1);

  // Alex drops a file on the card face: Sam's open dialog and card face follow.
  await alexDialog.getByRole('button', { name: 'Close' }).first().click();
  await expect(alexDialog).toHaveCount(0);
  await dropFile(alex, `card-${card.id}`, 'prices.csv', 'service,price\nHaircut,25\n');
  await expect(samDialog.getByRole('link', { name: 'prices.csv' })).toBeVisible({ timeout: 2000 });
  await expect(samDialog.locator('.attachment-name')).toHaveCount(2);
  await expect(alex.getByTestId(`card-attachments-${card.id}`)).toContainText('2');

  // The download URL answers a member with the file, never sniffed, images inline.
  const snapshot = await api.get<{ attachments: { card_id: number; name: string; url: string }[] }>(`/api/boards/${board.id}`);
  const leak = snapshot.attachments.find((a) => a.card_id === card.id && a.name === 'leak.png')!;
  const asSam = await sam.request.get(leak.url);
  expect(asSam.status()).toBe(200);
  expect(asSam.headers()['x-content-type-options']).toBe('nosniff');
  expect(asSam.headers()['content-disposition']).toMatch(/^inline/);
  expect(Buffer.compare(await asSam.body(), PNG)).toBe(0);

  // A board Sam is not a member of: Alex's attachment there is not found for Sam, even
  // at its direct URL, while Alex gets it.
  const privateBoard = await api.post<{ id: number }>('/api/boards', { name: uniq('Private') });
  const column = await api.post<{ id: number }>(`/api/boards/${privateBoard.id}/columns`, { name: 'To do' });
  const privateCard = await api.post<{ id: number }>('/api/cards', { column_id: column.id, title: 'Payroll' });
  const secret = await uploadAs(alex, privateCard.id, 'payroll.png', PNG);
  const refused = await sam.goto(secret.url);
  expect(refused?.status()).toBe(404);
  await expect(sam.locator('body')).toContainText('not_found');
  const owner = await alex.request.get(secret.url);
  expect(owner.status()).toBe(200);
  expect(owner.headers()['content-type']).toBe('image/png');

  await api.patch(`/api/boards/${privateBoard.id}`, { archived: true });
  await api.dispose();
});
