// Contract between the UI test runner and the UI tests: each test gets its own workbench page with
// the extension under development loaded and the workbench already rendered.
import { Page } from 'playwright-core';

export interface UiTestContext {
  page: Page;
  /** Saves a screenshot of the page as test-results/<name>.png. */
  screenshot(name: string): Promise<void>;
}

export interface UiTest {
  /** Also names the failure screenshot, test-results/<name>-fail.png. */
  name: string;
  run(context: UiTestContext): Promise<void>;
}
