import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/app-harness';
import { ensureConsoleBuilt, launchBrowser, ROOT, signInThroughForm, type Browser } from './browser-harness';
import { lastPosition, replayOverHttp } from './scenario-over-http';

/**
 * The console's 政策测算 page in Chromium (issue 17): examples/heze.json is replayed through the HTTP
 * API, then the example draft (低保 assistance 80%, cap 80000) is pasted into the page and simulated.
 * The page must show paid-now against the draft per tier, draw both charts, and record nothing.
 * A screenshot goes to test/artifacts/console/simulation.png.
 */

const ARTIFACTS = join(ROOT, 'test', 'artifacts', 'console');
const DRAFT = readFileSync(join(ROOT, 'examples', 'heze-draft-2023.yaml'), 'utf8');

jest.setTimeout(240_000);

declare const document: { querySelectorAll(selector: string): { readonly length: number } };

describe('policy simulation page in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await startTestApp();
    const steps = await replayOverHttp(app.baseUrl, join(ROOT, 'examples', 'heze.json'), app.tokenFor(['policy-admin', 'registrar', 'claims-feeder', 'operator']));
    await app.http.get('/persons/hz-dibao/timeline').query({ minPosition: lastPosition(steps) }).expect(200);
    browser = await launchBrowser();
    browser.page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    browser.page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('simulates the example draft and shows paid-now against the draft, appending nothing', async () => {
    const { page } = browser;
    const head = (await app.http.get('/health').expect(200)).body;
    // Signed in as a policy administrator: simulations are theirs (and operators').
    await signInThroughForm(page, `${app.baseUrl}/console/`, app.tokenFor('policy-admin'));
    await page.goto(`${app.baseUrl}/console/simulation`, { waitUntil: 'domcontentloaded' });
    await page.locator('input[name="region"]').fill('heze');
    await page.locator('input[name="year"]').fill('2023');
    await page.locator('textarea[name="pack"]').fill(DRAFT);
    await page.locator('[data-page="simulation"] button[type="submit"]').click();
    await page.getByTestId('simulation-totals').waitFor({ timeout: 150_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-state="loading"]').length === 0);

    const assistance = page.locator('[data-testid="simulation-totals"] tr[data-tier="assistance"] td');
    const [actual, draft, difference] = await assistance.allTextContents();
    // 低保 assistance under the draft pays 80/70 of today's on every claim below the caps: it must rise.
    expect(Number(draft!.replace(/,/g, ''))).toBeGreaterThan(Number(actual!.replace(/,/g, '')));
    expect(difference).toMatch(/^\+/);
    // The last row holds the totals themselves (paid now, under the draft, and their difference), not a total of differences.
    await expect(page.locator('[data-testid="simulation-totals"] tr[data-tier="total"] th').textContent()).resolves.toBe('合计');
    await expect(page.getByTestId('simulation-note').textContent()).resolves.toContain('未写入台账');
    await expect(page.getByTestId('simulation-tier-chart').locator('canvas').count()).resolves.toBe(1);
    await expect(page.getByTestId('simulation-category-chart').locator('canvas').count()).resolves.toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'simulation.png'), fullPage: true });

    const after = (await app.http.get('/health').expect(200)).body;
    expect(JSON.stringify(after.details?.eventStore ?? after)).toBe(JSON.stringify(head.details?.eventStore ?? head));
    expect(problems).toEqual([]);
  });
});
