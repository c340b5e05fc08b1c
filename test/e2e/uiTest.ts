// Contract between the UI test runner and the UI tests: each test gets its own workbench page with
// the extension under development loaded and the workbench already rendered.
import { Page } from 'playwright-core';
import type { RunningScenario } from '../sim/scenario';

export interface UiTestContext {
  page: Page;
  /** The demo scenario's simulated clusters, to act on them from outside the extension (none on real control planes). */
  sim: RunningScenario | undefined;
  /** The workspace folder open in the workbench, shared by all UI tests; tests may write files into it. */
  folder: string;
  /** Saves a screenshot of the page as test-results/<name>.png. */
  screenshot(name: string): Promise<void>;
}

export interface UiTest {
  /** Also names the failure screenshot, test-results/<name>-fail.png. */
  name: string;
  /** 'demo': the extension sees the demo scenario's kubeconfig; 'none': no kubeconfig at all. */
  fleet: 'demo' | 'none';
  /** Also run against the demo scenario on real control planes (such a test does not use `sim`). */
  onRealToo?: boolean;
  run(context: UiTestContext): Promise<void>;
}
