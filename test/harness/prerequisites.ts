// System packages the harness cannot install itself. Checked before the slow code-server install so a
// missing header fails in a second with the apt-get command instead of after minutes of node-gyp.
import * as fs from 'node:fs';
import { findOnPath } from './exec';

interface Requirement {
  what: string;
  debianPackage: string;
  present: () => boolean;
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

const browser: Requirement = {
  what: 'Chromium (or set CHROMIUM_PATH)',
  debianPackage: 'chromium',
  present: () => fs.existsSync(chromiumPath()),
};

/** Needed only while compiling code-server's native modules. */
const buildTools: Requirement[] = [
  {
    what: 'GSSAPI headers for the kerberos module',
    debianPackage: 'libkrb5-dev',
    present: () => fs.existsSync('/usr/include/gssapi/gssapi.h'),
  },
  { what: 'C++ compiler', debianPackage: 'g++', present: () => findOnPath('g++') !== undefined },
  { what: 'make', debianPackage: 'make', present: () => findOnPath('make') !== undefined },
  { what: 'python3 for node-gyp', debianPackage: 'python3', present: () => findOnPath('python3') !== undefined },
];

/** Throws one error naming every missing Debian package and the command that installs them. */
export function checkPrerequisites(needBuildTools: boolean): void {
  const required = needBuildTools ? [browser, ...buildTools] : [browser];
  const missing = required.filter((r) => !r.present());
  if (missing.length === 0) {
    return;
  }
  const packages = missing.map((m) => m.debianPackage).join(' ');
  const lines = missing.map((m) => `  - ${m.what} (Debian package ${m.debianPackage})`);
  throw new Error(
    `Missing system prerequisites:\n${lines.join('\n')}\nInstall them with:\n  apt-get update && apt-get install -y ${packages}`,
  );
}
