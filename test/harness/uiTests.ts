// UI layer: runs each UI test on its own workbench page in headless Chromium, with a screenshot
// and the recent extension-host log on failure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { uiTests } from '../e2e/index';
import type { UiTest } from '../e2e/uiTest';
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
    // A UI test that fails gets one more attempt on a fresh page: on a loaded machine the workbench can drop a key
    // press or redraw late. The run says so, and counts the test as failed only if the second attempt fails too.
    const first = await attempt(test, { ...options, server }, shotPath, 1);
    if (first.ok) {
      counts.passed++;
      continue;
    }
    const second = await attempt(test, { ...options, server }, shotPath, 2);
    if (second.ok) {
      counts.passed++;
      counts.retried = (counts.retried ?? 0) + 1;
    } else counts.failed++;
  }
  return counts;
}

/** One run of a UI test on its own browser profile; prints its line and, on failure, its screenshot and log. */
async function attempt(test: UiTest, options: UiTestOptions & { server: CodeServer }, shotPath: (name: string) => string, round: 1 | 2): Promise<{ ok: boolean }> {
  const started = Date.now();
  const log: string[] = [];
  const real = options.backend === 'real';
  // A browser profile per test: the web workbench keeps its UI state (open views, layout) in the
  // browser, so a shared profile would start each test where the previous one stopped.
  const context = await launchBrowser(options.run, `ui-${test.name}${real ? '-real' : ''}${round === 2 ? '-again' : ''}`);
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    await withTimeout(
      (async () => {
        const kubeconfig = test.fleet === 'demo' ? options.demo.kubeconfig : options.noKubeconfig;
        await openWorkbench(page, options.server, { folder: options.folder, extensionEnv: { KUBECONFIG: kubeconfig }, onLog: (line) => log.push(line) });
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        await test.run({ page, sim: options.demo.sim, folder: options.folder, screenshot: (name) => page.screenshot({ path: shotPath(name) }).then(() => {}) });
      })(),
      TEST_TIMEOUT_MS,
    );
    console.log(`  ✔ ${test.name} (${seconds(started)})${round === 2 ? ' — on its second attempt' : ''}`);
    return { ok: true };
  } catch (error) {
    const failShot = shotPath(`${test.name}-fail${round === 2 ? '-again' : ''}`);
    await page.screenshot({ path: failShot }).catch(() => {});
    const mark = round === 1 ? '↻' : '✖';
    console.log(`  ${mark} ${test.name} (${seconds(started)}): ${(error as Error).message.split('\n')[0]}${round === 1 ? ' — trying once more' : ''}`);
    console.log(`    screenshot: ${path.relative(process.cwd(), failShot)}`);
    if (log.length > 0) {
      console.log(`    last extension host / workbench log lines:\n      ${log.slice(-15).join('\n      ')}`);
    }
    return { ok: false };
  } finally {
    await context.close().catch(() => {});
  }
}
