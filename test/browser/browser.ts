import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT, startTestApp, type TestApp } from '../support/test-app';
import type { QueueMode } from '../../src/config/app-options';

/** Where the browser suites leave their screenshots (looked at by hand; one per page is copied to docs/screenshots). */
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'browser');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const API_PATH = /^\/(check|reports|batches|rubrics|api-keys|waivers)(\/|\?|$)/;

export interface BrowserRig {
  t: TestApp;
  base: string;
  browser: Browser;
  /** requests that went anywhere but the test server */
  outside: string[];
  /** console errors and uncaught page errors */
  errors: string[];
  page(options?: { width?: number; height?: number; key?: string }): Promise<Page>;
  /** the whole page into test-results/browser/NAME.png, and the window as it is seen into NAME.screen.png */
  shot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/** The real app on a random 127.0.0.1 port and a real Chromium; every page is watched for outside requests and errors. */
export async function startBrowserRig(options: { queueMode?: QueueMode; env?: Record<string, string> } = {}): Promise<BrowserRig> {
  if (!fs.existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) throw new Error('web/dist is missing: run npm run build:web');
  const t = await startTestApp({ queueMode: options.queueMode ?? 'inline', env: options.env });
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const contexts: BrowserContext[] = [];
  const outside: string[] = [];
  const errors: string[] = [];
  fs.mkdirSync(SCREENSHOTS, { recursive: true });

  return {
    t,
    base,
    browser,
    outside,
    errors,
    async page({ width = 1280, height = 800, key } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true, locale: 'zh-CN' });
      contexts.push(context);
      // anything not addressed to the test server is recorded and refused (no CDN, no fonts from the internet)
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(`${base}/`) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
        outside.push(url);
        return route.abort();
      });
      if (key) await context.addInitScript((k) => sessionStorage.setItem('fzs.apiKey', k), key);
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        // an API answering 4xx to a bad file or key is the flow under test (the page shows it in an alert);
        // Chromium logs those loads as errors. A missing asset or any 5xx still counts.
        const from = message.location().url.replace(base, '');
        if (/status of 4\d\d/.test(message.text()) && API_PATH.test(from)) return;
        errors.push(`${page.url()}: ${message.text()} (${from})`);
      });
      page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
      return page;
    },
    async shot(page, name) {
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.screen.png`) });
      return file;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await t.close();
    },
  };
}
