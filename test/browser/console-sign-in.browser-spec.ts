import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Route } from 'playwright-core';
import type { Role } from '../../src/api/auth/roles';
import { startTestApp, type TestApp } from '../support/app-harness';
import { ensureConsoleBuilt, launchBrowser, ROOT, signInThroughForm, type Browser } from './browser-harness';

/**
 * Signing in to the console in Chromium (issue 11): nothing shows before a credential, a wrong one is
 * refused, and an inspector signed in sees neither the corrections page in the menu nor the page
 * itself when its address is typed, and the browser sends no reassessment. An operator sees it.
 */

const ARTIFACTS = join(ROOT, 'test', 'artifacts', 'console');

jest.setTimeout(240_000);

describe('console sign-in in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  const requests: string[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await startTestApp();
    browser = await launchBrowser();
    browser.page.on('request', (request) => requests.push(`${request.method()} ${new URL(request.url()).pathname}`));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const signIn = async (token: string): Promise<void> => {
    const form = browser.page.getByTestId('sign-in');
    await form.locator('input[name="token"]').fill(token);
    await form.locator('button[type="submit"]').click();
  };

  const signInAs = (roles: readonly Role[]): Promise<void> => signInThroughForm(browser.page, `${app.baseUrl}/console/`, app.tokenFor(roles));

  it('asks for a credential before anything else and refuses a wrong one', async () => {
    const { page } = browser;
    await page.goto(`${app.baseUrl}/console/persons/p-000123`, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('sign-in').waitFor();
    // The page itself loads; no API call for the person is made without a credential.
    expect(requests.filter((request) => request.includes('/persons/') && !request.includes('/console/'))).toEqual([]);
    await signIn(`blt_${'0'.repeat(16)}.${'A'.repeat(43)}`);
    await page.locator('[data-page="sign-in"] [data-state="error"]').waitFor();
    await expect(page.getByTestId('signed-in').count()).resolves.toBe(0);
  });

  it('signs an inspector in, who cannot reach the corrections page: not in the menu, refused when opened directly', async () => {
    const { page } = browser;
    await signInAs(['inspector']);
    await expect(page.getByTestId('signed-in').textContent()).resolves.toContain('inspector');
    await expect(page.locator('nav.nav a', { hasText: '基金支出' }).count()).resolves.toBe(1);
    await expect(page.locator('nav.nav a', { hasText: '政策纠错试算' }).count()).resolves.toBe(0);

    await page.goto(`${app.baseUrl}/console/corrections`, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('forbidden').waitFor();
    await expect(page.getByTestId('forbidden').textContent()).resolves.toContain('inspector');
    await expect(page.locator('input[name="region"]').count()).resolves.toBe(0);
    expect(requests.filter((request) => request.includes('/reassessments'))).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, '00-inspector-no-corrections.png'), fullPage: true });
  });

  it('shows the corrections page to an operator', async () => {
    await signInAs(['operator']);
    await expect(browser.page.locator('nav.nav a', { hasText: '政策纠错试算' }).count()).resolves.toBe(1);
    await browser.page.goto(`${app.baseUrl}/console/corrections`, { waitUntil: 'domcontentloaded' });
    await browser.page.locator('input[name="region"]').waitFor();
    await expect(browser.page.getByTestId('forbidden').count()).resolves.toBe(0);
  });

  it('says it is loading while it checks a stored credential, then shows the one signed in', async () => {
    // Given an operator signed in, and then a slow answer to "who is this" (as on a loaded machine, where CI once met it)
    await signInAs(['operator']);
    const slowWhoAmI = async (route: Route): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    };
    await browser.page.route('**/auth/me', slowWhoAmI);
    try {
      // When the console opens again over the operator's stored credential, neither the form nor a user shows at first,
      // but a loading notice (a blank page reads as broken, and a test waiting for "nothing loading" passed on it)
      await browser.page.goto(`${app.baseUrl}/console/`, { waitUntil: 'domcontentloaded' });
      await expect(browser.page.locator('[data-state="loading"]').count()).resolves.toBe(1);
      await expect(browser.page.getByTestId('sign-in').count()).resolves.toBe(0);
      await expect(browser.page.getByTestId('signed-in').count()).resolves.toBe(0);
      // Then the operator shows once the service has answered, the notice is gone, and signing in as someone else still works
      await browser.page.getByTestId('signed-in').waitFor();
      await expect(browser.page.locator('[data-state="loading"]').count()).resolves.toBe(0);
      await signInAs(['inspector']);
      await expect(browser.page.getByTestId('signed-in').textContent()).resolves.toContain('inspector');
    } finally {
      await browser.page.unroute('**/auth/me', slowWhoAmI);
    }
  });
});
