// Finding things, two users at once: Alex filters the board by a label (kept in
// the URL, with counts per list) while Sam, on a phone-sized screen, labels and
// unlabels another card; Alex's filtered view follows live. Then the search page
// finds a card by a word in one of its comments and opens it on its board.
import {
  test,
  expect,
  ALEX,
  Api,
  collectConsoleErrors,
  hasNoPageOverflow,
  openBoard,
  SAM,
  staffPage,
  uniq,
  workshopBoard,
} from './helpers';

test('a label filter is in the URL, counts per list, and follows another member’s changes live', async ({ open }) => {
  const api = await Api.as(ALEX);
  const board = await workshopBoard(api);
  const [todo] = board.columns;
  const labelName = uniq('Rush');
  const label = await api.post<{ id: number }>(`/api/boards/${board.id}/labels`, { name: labelName, color: '#c11574' });
  const rushed = await api.post<{ id: number }>('/api/cards', { column_id: todo!.id, title: uniq('Rushed job'), label_ids: [label.id] });
  const other = await api.post<{ id: number }>('/api/cards', { column_id: todo!.id, title: uniq('Ordinary job') });

  const alex = await staffPage(open, ALEX);
  const sam = await staffPage(open, SAM);
  await sam.setViewportSize({ width: 390, height: 844 });
  const errors = [...collectConsoleErrors(alex), ...collectConsoleErrors(sam)];
  await openBoard(alex, board.id);
  await openBoard(sam, board.id);

  // Alex filters by the label: the URL says so, only the labelled card shows, the list counts it.
  await alex.getByTestId(`filter-label-${label.id}`).click();
  await expect(alex.getByTestId(`filter-label-${label.id}`)).toHaveAttribute('aria-pressed', 'true');
  await expect(alex).toHaveURL(new RegExp(`[?&]label=${label.id}(&|$)`));
  await expect(alex.getByTestId(`card-${rushed.id}`)).toBeVisible();
  await expect(alex.getByTestId(`card-${other.id}`)).toHaveCount(0);
  const todoCount = alex.getByTestId(`filter-count-${todo!.id}`);
  await expect(todoCount).toHaveText(/^1 of \d+/);
  await expect(sam.getByTestId(`card-${other.id}`)).toBeVisible(); // Sam's board is not filtered

  // Sam gives the other card the label: it appears in Alex's filtered view.
  await sam.getByTestId(`open-card-${other.id}`).click();
  const dialog = sam.getByTestId('card-detail');
  await dialog.getByRole('checkbox', { name: labelName }).check();
  await dialog.getByTestId('card-save').click();
  await expect(alex.getByTestId(`card-${other.id}`)).toBeVisible();
  await expect(todoCount).toHaveText(/^2 of \d+/);

  // Sam takes it off again: it leaves Alex's view.
  await dialog.getByRole('checkbox', { name: labelName }).uncheck();
  await dialog.getByTestId('card-save').click();
  await expect(alex.getByTestId(`card-${other.id}`)).toHaveCount(0);
  await expect(todoCount).toHaveText(/^1 of \d+/);
  await expect(alex.getByTestId(`card-${rushed.id}`)).toBeVisible();

  // The URL is the filtered view: opened by Sam on the phone, it shows the same cards.
  await sam.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await sam.goto(alex.url());
  await expect(sam.getByTestId('connection-status')).toHaveText('Connected');
  await expect(sam.getByTestId(`filter-label-${label.id}`)).toHaveAttribute('aria-pressed', 'true');
  await expect(sam.getByTestId(`card-${rushed.id}`)).toBeVisible();
  await expect(sam.getByTestId(`card-${other.id}`)).toHaveCount(0);
  expect(await hasNoPageOverflow(sam)).toBe(true);

  // Clearing the filter shows every card again and leaves a clean URL.
  await alex.getByTestId('filter-clear').click();
  await expect(alex.getByTestId(`card-${other.id}`)).toBeVisible();
  await expect(alex.getByTestId(`filter-count-${todo!.id}`)).toHaveCount(0);
  await expect(alex).not.toHaveURL(/label=/);

  expect(errors).toEqual([]);
  await api.dispose();
});

test('the search page finds a card by a word in its comments and opens it on its board', async ({ open }) => {
  const alexApi = await Api.as(ALEX);
  const samApi = await Api.as(SAM);
  const board = await workshopBoard(alexApi);
  const [todo] = board.columns;
  const word = `kumquat${Date.now().toString(36)}`;
  const title = uniq('Fruit order');
  const card = await alexApi.post<{ id: number }>('/api/cards', { column_id: todo!.id, title });
  await samApi.post(`/api/cards/${card.id}/comments`, { text: `The supplier is out of ${word}s until Friday.` });

  const alex = await staffPage(open, ALEX);
  await alex.setViewportSize({ width: 390, height: 844 });
  const errors = collectConsoleErrors(alex);
  await alex.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
  const input = alex.getByTestId('search-input');
  await expect(input).toBeFocused();

  // Nothing typed: a field error, no request.
  await alex.getByTestId('search-submit').click();
  await expect(alex.getByTestId('error-q')).toBeVisible();

  await input.fill(word);
  await input.press('Enter');
  await expect(alex).toHaveURL(new RegExp(`/search/?\\?q=${word}$`));
  const result = alex.getByTestId(`search-result-${card.id}`);
  await expect(result).toContainText(title);
  await expect(result).toContainText(`Workshop › ${todo!.name}`);
  await expect(result.locator('mark')).toHaveText(word); // the words searched for, marked where they start
  expect(await hasNoPageOverflow(alex)).toBe(true);

  // The result opens the card on its board.
  await alex.getByTestId(`search-open-${card.id}`).click();
  await expect(alex).toHaveURL(new RegExp(`/board/?\\?id=${board.id}&card=${card.id}`));
  await expect(alex.getByTestId('card-detail')).toBeVisible();
  await expect(alex.getByTestId('card-detail').getByRole('heading', { name: title })).toBeVisible();

  expect(errors).toEqual([]);
  await alexApi.dispose();
  await samApi.dispose();
});
