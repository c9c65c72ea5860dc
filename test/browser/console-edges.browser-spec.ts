import type { Page } from 'playwright-core';
import { Authenticator } from '../../src/api/auth/authenticator';
import type { Role } from '../../src/api/auth/roles';
import { startTestApp, type TestApp } from '../support/app-harness';
import { ensureConsoleBuilt, launchBrowser, signInThroughForm, type Browser } from './browser-harness';

/**
 * The console's edges in Chromium: a 身份证号 typed into a search never becomes a URL (a registrar
 * may find the person through the personal-data lookup instead), a registrar's person page shows no
 * refusals, and a token revoked mid-session signs the console out at the first 401.
 */

// The auditor's number: a valid 身份证号 (Beijing 朝阳, born 1949-12-31, check character X).
const NATIONAL_ID = '11010519491231002X';
const PERSON = 'p-edge-1';
const source = { department: 'CIVIL_AFFAIRS', document: '低保名册 2022-01' };

jest.setTimeout(240_000);

// page.evaluate callbacks run in the browser; the project's tsconfig has no DOM library.
declare const sessionStorage: { readonly length: number };

describe('console edges in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  /** Every URL the page asked for or navigated to, and every history entry it pushed. */
  const seen: string[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    app = await startTestApp();
    await app.http.post('/persons').send({ personId: PERSON, region: 'heze', scheme: 'RESIDENT' }).expect(201);
    await app.http.post(`/persons/${PERSON}/identities`).send({ category: 'SUBSISTENCE', validFrom: '2022-01-01', source }).expect(201);
    await app.http.post(`/persons/${PERSON}/enrollments`).send({ year: 2023, contribution: '380', enrolledOn: '2022-11-15' }).expect(201);
    await app.http.put(`/persons/${PERSON}/personal-data`).send({ nationalId: NATIONAL_ID }).expect(204);
    browser = await launchBrowser();
    browser.page.on('request', (request) => seen.push(request.url()));
    browser.page.on('framenavigated', (frame) => seen.push(frame.url()));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const signInAs = (roles: readonly Role[], token = app.tokenFor(roles)): Promise<void> => signInThroughForm(browser.page, `${app.baseUrl}/console/`, token);
  const search = async (page: Page, kind: 'person' | 'claim', text: string): Promise<void> => {
    const form = page.locator(`main form[role="search"]:has(input[name="${kind}Id"])`);
    await form.locator('input').fill(text);
    await form.locator('button[type="submit"]').click();
  };
  const typedNumberSeen = (): string[] => seen.filter((url) => url.includes(NATIONAL_ID) || url.includes('110105'));

  it('refuses a 身份证号 in the person and claim searches in the browser, without navigating or asking the API', async () => {
    const { page } = browser;
    await signInAs(['inspector']);
    for (const kind of ['person', 'claim'] as const) {
      await search(page, kind, NATIONAL_ID);
      await page.getByTestId('search-refused').first().waitFor();
      expect(new URL(page.url()).pathname).toBe('/console/');
    }
    await search(page, 'person', '110105 19491231 002X');
    await page.getByTestId('search-refused').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/');
    // An inspector has no lookup: the note says who does it, and nothing carries the number anywhere.
    await expect(page.getByTestId('lookup').count()).resolves.toBe(0);
    expect(typedNumberSeen()).toEqual([]);
  });

  it('lets a registrar find the person by 身份证号 through the lookup, with only the person id in the URL', async () => {
    const { page } = browser;
    await signInAs(['registrar']);
    await search(page, 'person', NATIONAL_ID);
    await page.getByTestId('lookup').click();
    await page.waitForURL(`**/console/persons/${PERSON}`);
    await page.locator('[data-page="person"]').waitFor();
    expect(typedNumberSeen()).toEqual([]);
  });

  it('shows a registrar the person without a refusal or a Retry, and says once what is for inspectors', async () => {
    const { page } = browser;
    await page.getByTestId('inspectors-only').waitFor();
    await page.locator('[data-testid="enrollments"] tr[data-year="2023"]').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-state="loading"]').length === 0);
    await expect(page.locator('[data-state="error"]').count()).resolves.toBe(0);
    await expect(page.locator('#timeline, #claims, #alerts').count()).resolves.toBe(0);
  });

  it('signs out at the first 401 when the token is revoked mid-session, forgetting it', async () => {
    const { page } = browser;
    const token = app.tokenFor(['inspector']);
    await signInAs(['inspector'], token);
    app.app.get(Authenticator).tokens.revoke(token.slice('blt_'.length, token.indexOf('.')));
    // Without a reload: the console learns of the revocation from the person page's first request.
    await search(page, 'person', PERSON);
    await page.getByTestId('sign-in').waitFor();
    await expect(page.locator('[data-state="error"] button', { hasText: '重试' }).count()).resolves.toBe(0);
    await expect(page.getByTestId('signed-in').count()).resolves.toBe(0);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });
});

declare const document: { querySelectorAll(selector: string): { readonly length: number } };
