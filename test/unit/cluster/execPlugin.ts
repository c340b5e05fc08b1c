// A real exec credential plugin for the tests, run as `node execPlugin.js <mode> …`. Every run appends one JSON
// line to $PLUGIN_LOG (its pid, KUBERNETES_EXEC_INFO and $PLUGIN_EXTRA) so tests can count and inspect runs.
//   token <token> [expiresInSeconds]   a valid ExecCredential     slow <ms> <token>    the same, after a delay
//   hang                               never exits                prompt               waits for a line on stdin
//   bare <token>                       prints the token alone     fail <code> <text>   <text> on stderr, exit <code>
//   version <apiVersion> <token>       answers with another apiVersion
import * as fs from 'node:fs';

const [mode, ...args] = process.argv.slice(2);
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO ?? '{}') as { apiVersion?: string };
if (process.env.PLUGIN_LOG) {
  fs.appendFileSync(process.env.PLUGIN_LOG, `${JSON.stringify({ pid: process.pid, mode, info, extra: process.env.PLUGIN_EXTRA })}\n`);
}

function credential(token: string, expiresInSeconds?: string, apiVersion = info.apiVersion): void {
  const status: Record<string, string> = { token };
  if (expiresInSeconds) status.expirationTimestamp = new Date(Date.now() + Number(expiresInSeconds) * 1000).toISOString();
  process.stdout.write(JSON.stringify({ apiVersion, kind: 'ExecCredential', status }));
}

switch (mode) {
  case 'token':
    credential(args[0], args[1]);
    break;
  case 'slow':
    setTimeout(() => credential(args[1]), Number(args[0]));
    break;
  case 'hang':
    setInterval(() => undefined, 1000);
    break;
  case 'prompt': {
    let input = '';
    process.stdin.on('data', (chunk) => (input += String(chunk)));
    process.stdin.on('end', () => {
      if (!input.trim()) {
        process.stderr.write('no input: cannot prompt for the password\n');
        process.exit(2);
      }
      credential(input.trim());
    });
    break;
  }
  case 'bare':
    process.stdout.write(`${args[0]}\n`);
    break;
  case 'fail':
    process.stderr.write(`${args[1]}\n`);
    process.exit(Number(args[0]));
    break;
  case 'version':
    credential(args[1], undefined, args[0]);
    break;
  default:
    process.stderr.write(`unknown mode ${mode}\n`);
    process.exit(64);
}
