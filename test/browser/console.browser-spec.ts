import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleMessage, Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app-harness';
import type { Role } from '../../src/api/auth/roles';
import { ensureConsoleBuilt, launchBrowser, ROOT, signInThroughForm, type Browser } from './browser-harness';
import { lastPosition, replayOverHttp, type ScenarioStep } from './scenario-over-http';

/**
 * The inspector console in a real browser: Debian's Chromium, headless, driven by playwright-core,
 * against the whole service on a fresh temporary store loaded with examples/heze.json through the
 * public HTTP API. The story: hz-other's claim is settled without a category; afterwards 边缘易致贫
 * (EDGE) is recognised retroactively and the claim is reassessed. The console must show the
 * retroactive recognition, the usage chart and the claim's explanation, and, with asAt set to before
 * the recognition, the earlier answer. Screenshots of each page go to test/artifacts/console/.
 */

const ARTIFACTS = join(ROOT, 'test', 'artifacts', 'console');
const SCENARIO = join(ROOT, 'examples', 'heze.json');
/** Beijing time (the harness's time zone) has no daylight saving: the asAt typed into the page is exact all year. */
const UTC_OFFSET_MS = 8 * 3_600_000;
const PERSON = 'hz-other';
const CLAIM = 'hz-other-1';

jest.setTimeout(240_000);

// The callbacks given to page.evaluate run in the browser. The project's tsconfig has no DOM library
// (the service runs on Node), so the few browser globals they use are declared here, for this file only.
declare const document: { readonly documentElement: { readonly scrollWidth: number }; querySelectorAll(selector: string): { readonly length: number } };
declare const window: { readonly innerWidth: number; readonly scrollX: number; readonly scrollY: number };
interface Canvas {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { readonly data: ArrayLike<number> } } | null;
}

/** "2023-06-01T17:30:05" in Beijing time for an instant: what an inspector types into the asAt control. */
const beijingInput = (instantMs: number): string => new Date(instantMs + UTC_OFFSET_MS).toISOString().slice(0, 19);

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

describe('inspector console in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  /** A whole second, shown in the asAt control, after hz-other's claim was recorded and before EDGE was recognised. */
  let beforeRecognition = '';
  const problems: string[] = [];
  /** Console errors the page is expected to log (the browser reports a 404 answer of a fetch this way). */
  let expectedErrors: RegExp | null = null;

  /** A screenshot of the whole page, after checking that nothing overflows the window sideways. */
  const shot = async (name: string): Promise<void> => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect({ page: name, overflowPx: Math.max(0, overflow) }).toEqual({ page: name, overflowPx: 0 });
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  };

  const open = async (path: string): Promise<void> => {
    await page.goto(`${app.baseUrl}${path}`, { waitUntil: 'domcontentloaded' });
  };

  /** Signs in through the console's own form with a fresh token of these roles. */
  const signInAs = (roles: readonly Role[]): Promise<void> => signInThroughForm(page, `${app.baseUrl}/console/`, app.tokenFor(roles));

  /**
   * Waits until `locator` shows exactly `text`. After the URL changes the page fetches and renders
   * again in its own time: `noLoading` can run before the new fetch starts, and a read then sees the
   * previous answer (it did, on a loaded machine). On a timeout the error says what the page showed
   * instead and where, since a rare failure here cannot be reproduced at will.
   */
  const showing = async (locator: Locator, text: string): Promise<void> => {
    try {
      await locator.filter({ hasText: new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }).waitFor({ timeout: 20_000 });
    } catch (error: unknown) {
      const shown = await locator.allTextContents().catch(() => ['(unreadable)']);
      throw new Error(`${error instanceof Error ? error.message : String(error)}\nshown instead: ${JSON.stringify(shown)} at ${page.url()}`);
    }
  };

  const noLoading = async (): Promise<void> => {
    await page.waitForFunction(() => document.querySelectorAll('[data-state="loading"]').length === 0, undefined, { timeout: 20_000 });
  };

  beforeAll(async () => {
    ensureConsoleBuilt();
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });

    app = await startTestApp();
    const steps = await replayOverHttp(app.baseUrl, SCENARIO, app.tokenFor(['policy-admin', 'registrar', 'claims-feeder', 'operator']), {
      before: async (step: ScenarioStep) => {
        if (step.command !== 'RecognizeIdentity' || step.personId !== PERSON) return;
        // Over HTTP the server clock records; a pause puts a whole second between the claim and the recognition.
        await sleep(2100);
        beforeRecognition = beijingInput(Date.now() - 1000);
      },
    });
    expect(beforeRecognition).not.toBe('');
    // Read-your-writes: the projections have caught up with every write before the browser looks.
    await app.http.get(`/persons/${PERSON}/timeline`).query({ minPosition: lastPosition(steps) }).expect(200);

    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400 && !expectedErrors) problems.push(`HTTP ${response.status()} for ${response.url()}`);
    });
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() !== 'error') return;
      if (expectedErrors?.test(message.text())) return;
      problems.push(`console error: ${message.text()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  afterEach(() => {
    // Script errors and CSP violations show only in the browser's console: any of them fails the step.
    const seen = problems.splice(0);
    expect(seen).toEqual([]);
  });

  it('opens in Chinese and finds a person by id', async () => {
    // Signing in itself is tested in console-sign-in.browser-spec.ts.
    await signInAs(['inspector']);
    await open('/console/');
    await expect(page.locator('.brand-link').textContent()).resolves.toContain('核查台');
    await shot('01-home');
    await page.locator('form[role="search"] input[name="personId"]').first().fill(PERSON);
    await page.locator('form[role="search"] input[name="personId"]').first().press('Enter');
    await page.waitForURL(`**/console/persons/${PERSON}`);
    await noLoading();
  });

  it('shows the identity timeline with the retroactive recognition, enrollments and claims', async () => {
    const strip = page.getByTestId('identity-strip');
    await strip.locator('.strip-row[data-category="EDGE"]').waitFor();
    await expect(strip.locator('.strip-row[data-category="EDGE"] .category-name').textContent()).resolves.toBe('边缘易致贫人口');
    await expect(strip.locator('.strip-row[data-category="EDGE"] .strip-bar').getAttribute('data-valid-from')).resolves.toBe('2023-01-01');
    await expect(strip.getByTestId('retroactive-mark').count()).resolves.toBe(1);
    await expect(page.getByTestId('identity-changes').locator('tr[data-category="EDGE"]').textContent()).resolves.toContain('追溯');
    await expect(page.getByTestId('enrollments').locator('tr[data-year="2023"]').textContent()).resolves.toContain('380.00');
    const claimRow = page.locator(`[data-testid="claims"] tr[data-claim="${CLAIM}"]`);
    await expect(claimRow.locator('[data-category]').getAttribute('data-category')).resolves.toBe('EDGE');
    await expect(claimRow.locator('td[data-tier="assistance"]').textContent()).resolves.toBe('10,000.00');
    await shot('02-person');
  });

  it('draws the person-year usage: a step chart per tier against cap and threshold, remaining amounts', async () => {
    await page.locator('.year-block[data-year="2023"] h3 a').click();
    await page.waitForURL(`**/console/persons/${PERSON}/years/2023`);
    await noLoading();
    const charts = page.getByTestId('tier-chart');
    await expect(charts.count()).resolves.toBe(4);
    await expect(page.locator('[data-testid="tier-chart"][data-tier="assistance"]').getAttribute('data-paid')).resolves.toBe('10000.00');
    // Chart.js drew something: the canvas is sized and not blank.
    const drawn = await page.locator('[data-testid="tier-chart"][data-tier="assistance"] canvas').evaluate((element) => {
      const canvas = element as unknown as Canvas;
      const context2d = canvas.getContext('2d');
      if (!context2d || canvas.width === 0 || canvas.height === 0) return 0;
      const pixels = context2d.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let index = 3; index < pixels.length; index += 4) if ((pixels[index] ?? 0) > 0) painted++;
      return painted;
    });
    expect(drawn).toBeGreaterThan(1000);
    const assistance = page.locator('[data-testid="tier-usage"] tr[data-tier="assistance"]');
    await expect(assistance.locator('[data-field="paid"]').textContent()).resolves.toBe('10,000.00');
    await expect(assistance.locator('[data-field="remaining"]').textContent()).resolves.toBe('0.00');
    await shot('03-usage');

    // A fuller year: hz-dibao reaches the 70000 assistance cap, gets re-assistance and changes category mid-year.
    await open('/console/persons/hz-dibao/years/2023');
    await noLoading();
    await expect(page.locator('[data-testid="tier-usage"] tr[data-tier="assistance"] [data-field="remaining"]').textContent()).resolves.toBe('0.00');
    await shot('03b-usage-dibao');
    await page.goBack();
    await noLoading();
  });

  it("explains the claim step by step with the reassessment's deltas", async () => {
    await page.locator(`[data-testid="claims"] tr[data-claim="${CLAIM}"] a`).first().click();
    await page.waitForURL(`**/console/claims/${CLAIM}`);
    await noLoading();
    const steps = page.getByTestId('trace').locator('li.trace-step');
    expect(await steps.count()).toBeGreaterThanOrEqual(5);
    await expect(page.getByTestId('trace').locator('li[data-step="basic"]').textContent()).resolves.toContain('基本医保');
    await expect(page.getByTestId('trace').locator('li[data-step="critical"] .trace-values').textContent()).resolves.toContain('起付线');
    await expect(page.getByTestId('applied-category').locator('[data-category]').getAttribute('data-category')).resolves.toBe('EDGE');
    const reassessment = page.getByTestId('reassessment');
    await expect(reassessment.count()).resolves.toBe(1);
    await expect(reassessment.locator('tr[data-tier="assistance"]').textContent()).resolves.toContain('+10,000.00');
    await expect(reassessment.locator('tr[data-tier="reassistance"]').textContent()).resolves.toContain('+2,905.00');
    await shot('04-claim');
    // The trace alone, clipped from the full page so the sticky top bar does not cover it.
    const clip = await page.getByTestId('trace').evaluate((element) => {
      const box = element.getBoundingClientRect();
      return { x: box.x + window.scrollX, y: box.y + window.scrollY, width: box.width, height: box.height };
    });
    await page.screenshot({ path: join(ARTIFACTS, '04b-claim-trace.png'), fullPage: true, clip });
  });

  it('answers as at a moment before the retroactive recognition: the earlier settlement and timeline', async () => {
    await page.locator('input[name="asAt"]').fill(beforeRecognition);
    await page.locator('form.time-controls button[name="apply"]').click();
    await page.waitForURL(/asAt=/);
    await noLoading();
    await expect(page.getByTestId('time-banner').textContent()).resolves.toContain('历史视图');
    await showing(page.getByTestId('applied-category'), '无');
    await expect(page.getByTestId('applied-category').textContent()).resolves.toBe('无');
    await expect(page.locator('[data-testid="payouts-now"] tr[data-tier="assistance"] td').nth(1).textContent()).resolves.toBe('0.00');
    await expect(page.getByTestId('hidden-reassessments').isVisible()).resolves.toBe(true);
    await shot('05-claim-as-at');

    // The person page keeps asAt when reached from the claim.
    await page.locator('#summary a', { hasText: PERSON }).click();
    await page.waitForURL(new RegExp(`/console/persons/${PERSON}\\?asAt=`));
    await noLoading();
    await expect(page.getByTestId('identity-strip').count()).resolves.toBe(0);
    await expect(page.locator('#timeline [data-state="empty"]').textContent()).resolves.toContain('尚无身份记录');
    const claimRow = page.locator(`[data-testid="claims"] tr[data-claim="${CLAIM}"]`);
    await expect(claimRow.locator('td[data-tier="assistance"]').textContent()).resolves.toBe('0.00');
    await expect(claimRow.locator('td[data-tier="critical"]').textContent()).resolves.toBe('13,725.00');
    await shot('06-person-as-at');

    // Back to the latest view: the recognition is there again.
    await page.getByRole('button', { name: '最新' }).click();
    await page.waitForURL((url) => !url.search.includes('asAt'));
    await noLoading();
    await page.getByTestId('identity-strip').locator('.strip-row[data-category="EDGE"]').waitFor();
  });

  it('switches to English and keeps category codes beside the names', async () => {
    await page.getByTestId('lang-toggle').click();
    await expect(page.locator('#timeline h2').textContent()).resolves.toBe('Identity timeline');
    await expect(page.getByTestId('identity-strip').locator('.strip-row[data-category="EDGE"] .category-name').textContent()).resolves.toBe('At risk of poverty (edge)');
    await shot('02b-person-en');
    await page.getByTestId('lang-toggle').click();
    await expect(page.locator('#timeline h2').textContent()).resolves.toBe('身份时间线');
  });

  it('totals the funds of a region by month, tier and category with a chart', async () => {
    await open('/console/funds?region=heze&from=2023-01&to=2023-12');
    await noLoading();
    await page.getByTestId('funds-chart').locator('canvas').waitFor();
    await expect(page.getByTestId('funds-by-tier').locator('tr[data-tier="assistance"]').count()).resolves.toBeGreaterThan(1);
    const grand = await page.getByTestId('funds-grand-total').textContent();
    expect(grand).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
    await shot('07-funds');
  });

  it('runs a dry-run reassessment of a region and reads the impact report, signed in as an operator', async () => {
    await signInAs(['operator']);
    await open('/console/corrections');
    await page.locator('input[name="region"]').fill('heze');
    await page.locator('input[name="from"]').fill('2023-01-01');
    await page.locator('input[name="to"]').fill('2023-12-31');
    await page.locator('form.form-row button[type="submit"]').click();
    await page.getByTestId('dry-run-note').waitFor();
    await expect(page.getByTestId('dry-run-note').textContent()).resolves.toContain('未写入台账');
    await expect(page.getByTestId('impact-delta').locator('tr.total-row').textContent()).resolves.toMatch(/\d\.\d{2}/);
    await shot('08-corrections');
  });

  it('fits a laptop screen (1366×768) and a narrow window (1024×700)', async () => {
    await signInAs(['inspector']);
    for (const viewport of [{ width: 1366, height: 768 }, { width: 1024, height: 700 }]) {
      await page.setViewportSize(viewport);
      await open(`/console/persons/${PERSON}/years/2023`);
      // Right after the document loads the console may not have started fetching, so "nothing is
      // loading" can hold before anything has: wait for the charts themselves (a loaded CI machine
      // counted none once this way).
      await page.getByTestId('tier-chart').nth(3).waitFor({ timeout: 20_000 });
      await noLoading();
      await expect(page.getByTestId('tier-chart').count()).resolves.toBe(4);
      await shot(`10-usage-${viewport.width}x${viewport.height}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('says in words when a person is unknown', async () => {
    expectedErrors = /404/;
    try {
      await open('/console/persons/nobody-here');
      await page.locator('[data-state="error"]').first().waitFor();
      await expect(page.locator('[data-state="error"]').first().textContent()).resolves.toContain('未找到');
      await shot('09-not-found');
    } finally {
      expectedErrors = null;
    }
  });
});
