import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../../src/api/auth/roles';
import { startTestApp, type TestApp } from '../support/app-harness';
import { ensureConsoleBuilt, launchBrowser, ROOT, type Browser } from './browser-harness';

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

  const signInAs = async (roles: readonly Role[]): Promise<void> => {
    await browser.page.goto(`${app.baseUrl}/console/`, { waitUntil: 'domcontentloaded' });
    if (await browser.page.getByTestId('sign-out').count()) await browser.page.getByTestId('sign-out').click();
    await signIn(app.tokenFor(roles));
    await browser.page.getByTestId('signed-in').waitFor();
  };

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
});
