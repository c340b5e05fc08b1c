// Which proxy a request to the API server goes through, as client-go decides it: the cluster's `proxy-url`,
// else HTTPS_PROXY (HTTP_PROXY for http:// servers) from the environment unless NO_PROXY matches the host.
// Loopback addresses and localhost never go through an environment proxy.
import * as net from 'node:net';

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[name.toUpperCase()] || env[name.toLowerCase()] || undefined;
}

export function proxyFor(server: string, proxyUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (proxyUrl) return proxyUrl;
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return undefined;
  }
  const proxy = envValue(env, url.protocol === 'http:' ? 'http_proxy' : 'https_proxy');
  if (!proxy) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'http:' ? '80' : '443');
  if (host === 'localhost' || isLoopback(host)) return undefined;
  return bypassed(host, port, envValue(env, 'no_proxy') ?? '') ? undefined : proxy.includes('://') ? proxy : `http://${proxy}`;
}

function isLoopback(host: string): boolean {
  if (net.isIPv4(host)) return host.startsWith('127.');
  return net.isIPv6(host) && (host === '::1' || host === '0:0:0:0:0:0:0:1');
}

/** NO_PROXY: `*`, IP addresses, CIDR ranges and domain names (with subdomains; a leading dot: subdomains only), each optionally with a port. */
function bypassed(host: string, port: string, noProxy: string): boolean {
  for (const raw of noProxy.split(',').map((e) => e.trim().toLowerCase()).filter(Boolean)) {
    if (raw === '*') return true;
    if (raw.includes('/')) {
      if (net.isIP(host) && inCidr(host, raw)) return true;
      continue;
    }
    let entry = raw;
    let entryPort: string | undefined;
    const colon = entry.lastIndexOf(':');
    if (colon > 0 && !net.isIPv6(entry) && /^\d+$/.test(entry.slice(colon + 1))) {
      entryPort = entry.slice(colon + 1);
      entry = entry.slice(0, colon);
    }
    entry = entry.replace(/^\[|\]$/g, '');
    if (entryPort && entryPort !== port) continue;
    if (net.isIP(entry)) {
      if (entry === host) return true;
      continue;
    }
    if (entry.startsWith('*.')) entry = entry.slice(1);
    if (entry.startsWith('.') ? host.endsWith(entry) : host === entry || host.endsWith(`.${entry}`)) return true;
  }
  return false;
}

function inCidr(host: string, cidr: string): boolean {
  const [range, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const family = net.isIPv4(range) ? 'ipv4' : net.isIPv6(range) ? 'ipv6' : undefined;
  if (!family || !Number.isInteger(bits) || (family === 'ipv4') !== net.isIPv4(host)) return false;
  const list = new net.BlockList();
  list.addSubnet(range, bits, family);
  return list.check(host, family);
}
