// The soak's exec credential plugin, run as `node tokenPlugin.js <file>`: prints an ExecCredential (v1) with the
// token written in <file>, which the soak rotates when it makes the old token expire.
import * as fs from 'node:fs';

const token = fs.readFileSync(process.argv[2], 'utf8').trim();
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } }));
