// UI layer: runs each UI test on its own workbench page in headless Chromium, with a screenshot
// and the recent extension-host log on failure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { uiTests } from '../e2e/index';
import { launchBrowser } from './browser';
import { CodeServer } from './codeServer';
import type { DemoSim } from './demoSim';
import { seconds } from './exec';
import { MochaCounts } from './mocha';
import { testResultsDir } from './paths';
import { RunDir } from './runDir';
import { openWorkbench } from './workbench';

export interface UiTestOptions {
  run: RunDir;
  folder: string;
  /** The demo fleet; tests that ask for it get its kubeconfig, the others none. */
  demo: { kubeconfig: string; sim?: DemoSim['sim'] };
  /** 'real': the demo runs on real control planes, and only the tests marked onRealToo run (screenshots `<name>-real`). */
  backend?: 'sim' | 'real';
  noKubeconfig: string;
  /** Only the UI tests whose name matches. */
  grep?: string;
}

const TEST_TIMEOUT_MS = 120_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000}s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function runUiTests(server: CodeServer, options: UiTestOptions): Promise<MochaCounts> {
  fs.mkdirSync(testResultsDir, { recursive: true });
  const real = options.backend === 'real';
  const shotPath = (name: string) => path.join(testResultsDir, `${name}${real ? '-real' : ''}.png`);
  const counts: MochaCounts = { passed: 0, failed: 0, pending: 0 };
  for (const test of uiTests.filter((t) => (!options.grep || new RegExp(options.grep).test(t.name)) && (!real || t.onRealToo))) {
    const started = Date.now();
    const log: string[] = [];
    // A browser profile per test: the web workbench keeps its UI state (open views, layout) in the
    // browser, so a shared profile would start each test where the previous one stopped.
    const context = await launchBrowser(options.run, `ui-${test.name}${real ? '-real' : ''}`);
    const page = context.pages()[0] ?? (await context.newPage());
    try {
      await withTimeout(
        (async () => {
          const kubeconfig = test.fleet === 'demo' ? options.demo.kubeconfig : options.noKubeconfig;
          await openWorkbench(page, server, { folder: options.folder, extensionEnv: { KUBECONFIG: kubeconfig }, onLog: (line) => log.push(line) });
          await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
          await test.run({ page, sim: options.demo.sim, folder: options.folder, screenshot: (name) => page.screenshot({ path: shotPath(name) }).then(() => {}) });
        })(),
        TEST_TIMEOUT_MS,
      );
      counts.passed++;
      console.log(`  ✔ ${test.name} (${seconds(started)})`);
    } catch (error) {
      counts.failed++;
      const failShot = shotPath(`${test.name}-fail`);
      await page.screenshot({ path: failShot }).catch(() => {});
      console.log(`  ✖ ${test.name} (${seconds(started)}): ${(error as Error).message.split('\n')[0]}`);
      console.log(`    screenshot: ${path.relative(process.cwd(), failShot)}`);
      if (log.length > 0) {
        console.log(`    last extension host / workbench log lines:\n      ${log.slice(-15).join('\n      ')}`);
      }
    } finally {
      await context.close().catch(() => {});
    }
  }
  return counts;
}
