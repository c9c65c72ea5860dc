import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * What every browser test of the console shares: Debian's Chromium (test tools cannot download their
 * own browser here), the flags it needs on a closed network, and a console build no older than its
 * sources.
 */

export const ROOT = join(__dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // The users' browsers are Chinese: date inputs and number formats as they see them.
  '--lang=zh-CN',
];
/** Beijing time has no daylight saving: an instant typed into a page is exact all year. */
export const TIME_ZONE = 'Asia/Shanghai';
/** Directories walked to find the console's newest source (it is a few dozen files). */
const SOURCE_DEPTH_MAX = 6;

/** Newest modification time under a directory. */
const newestMtime = (path: string, depth = 0): number => {
  const stat = statSync(path);
  if (!stat.isDirectory() || depth > SOURCE_DEPTH_MAX) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name), depth + 1)), stat.mtimeMs);
};

/** The tests exercise the console as built; a build older than its sources is rebuilt first, so a stale dist never passes. */
export const ensureConsoleBuilt = (): void => {
  const index = join(ROOT, 'dist', 'console', 'index.html');
  const sources = Math.max(newestMtime(join(ROOT, 'console', 'src')), newestMtime(join(ROOT, 'console', 'index.html')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', join(ROOT, 'console', 'vite.config.mts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
};

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile, in Chinese and Beijing time; a missing browser fails the suite, never skips it. */
export const launchBrowser = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH. The console's browser tests cannot run without it.`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'console-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    timezoneId: TIME_ZONE,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const close = async (): Promise<void> => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, page, close };
};

/**
 * Signs in through the console's own form at `url` with `token`, signing out first when the tab's
 * stored credential has already signed someone in. The console renders nothing while it checks a
 * stored credential, so this waits for the form or a signed-in user before deciding: counting the
 * sign-out button at once found none on a loaded machine, and the form never came.
 */
export const signInThroughForm = async (page: Page, url: string, token: string): Promise<void> => {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const form = page.getByTestId('sign-in');
  const signOut = page.getByTestId('sign-out');
  await form.or(signOut).first().waitFor();
  if (await signOut.count()) await signOut.click();
  await form.locator('input[name="token"]').fill(token);
  await form.locator('button[type="submit"]').click();
  await page.getByTestId('signed-in').waitFor();
};
