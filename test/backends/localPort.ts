// Talks to a forwarded local port as a user's tools would: an HTTP GET, or the first line a server sends (an sshd's
// banner). Shared by the cluster-layer and host tests of Forward Port and SSH.
import { get } from 'node:http';
import { connect } from 'node:net';

/** GET / on 127.0.0.1:port: the status and body. */
export function httpGet(port: number): Promise<{ status?: number; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    }).on('error', reject);
  });
}

/** The first line 127.0.0.1:port sends, or all it sent before closing. */
export function firstLine(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\r\n')) {
        socket.destroy();
        resolve(text.split('\r\n')[0]);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
  });
}
