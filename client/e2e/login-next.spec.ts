// After logging in (or registering) the page follows `?next=` only to a page of
// this site: the spellings a browser reads as another host end on the default page.
import type { BrowserContextOptions, Page } from '@playwright/test';
import { test, expect, baseURL, DEMO_PASSWORD, registerCustomer, SAM, uniq } from './helpers';

const PASSWORD = 'e2e-password-123';

// As an attacker would put them in a link: percent-encoded query values.
const HOSTILE = [
  '%2F%09%2Fevil.example', // "/\t/evil.example": the browser drops the tab -> //evil.example
  '%2F%0A%2Fevil.example', // newline
  '%2F%0D%2Fevil.example', // carriage return
  '%2F%5Cevil.example', // "/\evil.example": "\" reads as "/"
  '%2F.%2F%2Fevil.example', // "/.//evil.example": "//evil.example" once "." is removed
  '%2F%2Fevil.example',
  'https%3A%2F%2Fevil.example%2F',
  'javascript%3Alocation%3D%22https%3A%2F%2Fevil.example%2F%22',
];

/** Answers for evil.example inside the browser, so a wrong turn is seen and nothing leaves the machine. */
async function catchEvilHost(page: Page): Promise<void> {
  await page.context().route(
    (url) => url.hostname.endsWith('evil.example'),
    (route) => route.fulfill({ contentType: 'text/html', body: '<h1>evil.example</h1>' }),
  );
}

/**
 * A customer account of its own for each test: sign-ins are limited per account,
 * and this file signs in many times.
 */
async function newCustomer(open: (options?: BrowserContextOptions) => Promise<Page>): Promise<string> {
  const email = `${uniq('next').replace(/\W/g, '')}@example.test`;
  await registerCustomer(await open(), 'Next Test', email, PASSWORD);
  return email;
}

async function logIn(page: Page, email: string, password: string, next: string): Promise<void> {
  await page.goto(`/login/?next=${next}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

for (const next of HOSTILE) {
  test(`login with next=${next} stays on this site`, async ({ open }) => {
    const email = await newCustomer(open);
    const page = await open();
    await catchEvilHost(page);
    await logIn(page, email, PASSWORD, next);
    // Customers land on their default page instead.
    await expect(page).toHaveURL(`${baseURL()}/my-appointments/`);
    await expect(page.getByRole('heading', { level: 1, name: 'My appointments' })).toBeVisible();
  });
}

test('login with next=/boards goes to the boards', async ({ open }) => {
  const page = await open();
  await catchEvilHost(page);
  await logIn(page, SAM, DEMO_PASSWORD, '%2Fboards');
  await expect(page).toHaveURL(`${baseURL()}/boards/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Boards' })).toBeVisible();
});

test('registration with a hostile next stays on this site', async ({ open }) => {
  const page = await open();
  await catchEvilHost(page);
  await page.goto('/register/?next=%2F%09%2Fevil.example');
  await page.getByLabel('Name').fill(uniq('Next Test'));
  await page.getByLabel('Email').fill(`${uniq('next').replace(/\W/g, '')}@example.test`);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(`${baseURL()}/book/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Book an appointment' })).toBeVisible();
});
