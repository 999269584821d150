// (5) HTML and script in a card title or comment render as text, for the
// author and for others receiving it live.
import { test, expect, ALEX, Api, openBoard, SAM, staffPage, workshopBoard } from './helpers';

const PAYLOAD = `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script><b>bold</b>`;

test('markup in titles and comments is shown as text', async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await workshopBoard(api);
  const [todo] = board.columns;
  await api.dispose();

  const alex = await staffPage(open, ALEX);
  const sam = await staffPage(open, SAM);
  await openBoard(alex, board.id);
  await openBoard(sam, board.id);

  await alex.getByTestId(`add-card-${todo!.id}`).click();
  await alex.getByTestId(`new-card-title-${todo!.id}`).fill(PAYLOAD);
  await alex.getByTestId(`add-card-submit-${todo!.id}`).click();
  // The form empties once the card is added (until then the title is also the textarea's text).
  await expect(alex.getByTestId(`new-card-title-${todo!.id}`)).toHaveValue('');

  for (const page of [alex, sam]) {
    const title = page.getByTestId('columns').getByText(PAYLOAD, { exact: true });
    await expect(title).toBeVisible();
    await expect(page.getByTestId('columns').locator('img, script, b')).toHaveCount(0);
  }
  const cardId = await alex
    .getByTestId('columns')
    .getByText(PAYLOAD, { exact: true })
    .evaluate((el) => el.getAttribute('data-testid')!.replace('card-title-', ''));

  await alex.getByTestId(`open-card-${cardId}`).click();
  await alex.getByTestId('comment-input').fill(PAYLOAD);
  await alex.getByTestId('comment-submit').click();
  const dialog = alex.getByTestId('card-detail');
  await expect(dialog.getByTestId('comments').getByText(PAYLOAD, { exact: true })).toBeVisible();
  await expect(dialog.locator('img, script, b')).toHaveCount(0);

  await sam.getByTestId(`open-card-${cardId}`).click();
  await expect(sam.getByTestId('card-detail').getByTestId('comments').getByText(PAYLOAD, { exact: true })).toBeVisible();

  for (const page of [alex, sam]) {
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  }
});
