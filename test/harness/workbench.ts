// Opens the code-server workbench with the extension under development loaded from the repository.
// The workbench reads extensionDevelopmentPath/extensionTestsPath/extensionEnvironment from the `payload`
// query parameter (only with code-server's smoke-test-driver option) and reports through two window
// functions: codeAutomationLog (console output of the extension host and the workbench) and
// codeAutomationExit (the tests module's run() settled: 0 resolved, non-zero rejected).
import * as path from 'node:path';
import { format } from 'node:util';
import { Page } from 'playwright-core';
import { CodeServer } from './codeServer';
import { repoRoot } from './paths';

export interface WorkbenchOptions {
  /** Folder opened as the workspace. */
  folder: string;
  /** The extension under development; the repository by default (the host bench loads its baseline instead). */
  extensionDevelopmentPath?: string;
  /** Compiled module exporting run(); the extension host runs it and then reports the exit code. */
  extensionTestsPath?: string;
  /** Extra environment variables for the extension host (e.g. KUBECONFIG). */
  extensionEnv?: Record<string, string>;
  /** Receives extension-host and workbench log lines, without the workbench's routine chatter. */
  onLog?: (line: string) => void;
}

// Routine lines from the workbench itself, and lookups of services this machine cannot reach.
const noise = [
  /^\[(AgentHost|AgentHost:remote|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker)[\]:]/,
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^Updating additional builtin extensions cache/,
  /^Timed out waiting for authentication provider/,
  /^Creation of workbench contribution/,
  /getaddrinfo (ENOTFOUND|EAI_AGAIN)/,
];

function isNoise(line: string): boolean {
  return noise.some((pattern) => pattern.test(line));
}

export function workbenchUrl(server: CodeServer, options: WorkbenchOptions): string {
  const remote = (file: string) => `vscode-remote://${server.authority}${path.resolve(file)}`;
  const payload: [string, string][] = [
    ['extensionDevelopmentPath', remote(options.extensionDevelopmentPath ?? repoRoot)],
    ['skipWelcome', 'true'],
  ];
  if (options.extensionTestsPath) {
    payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  }
  if (options.extensionEnv && Object.keys(options.extensionEnv).length > 0) {
    payload.push(['extensionEnvironment', JSON.stringify(options.extensionEnv)]);
  }
  const query = new URLSearchParams({ folder: options.folder, payload: JSON.stringify(payload) });
  return `${server.url}/?${query}`;
}

/**
 * Navigates `page` to the workbench. The returned promise settles once the page has loaded; `exit`
 * resolves with the code passed to codeAutomationExit, which only happens when extensionTestsPath is set.
 */
export async function openWorkbench(
  page: Page,
  server: CodeServer,
  options: WorkbenchOptions,
): Promise<{ exit: Promise<number> }> {
  let reportExit: (code: number) => void = () => {};
  const exit = new Promise<number>((resolve) => (reportExit = resolve));
  await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown) => {
    const line = format(...(Array.isArray(args) ? args : [args]));
    if (!isNoise(line)) {
      options.onLog?.(line);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
  await page.goto(workbenchUrl(server, options));
  return { exit };
}
