// A throw-away CA and a serving certificate for 127.0.0.1/localhost, so kubeconfigs carry
// `certificate-authority-data` and clients really verify the server. Keys come from node:crypto (native);
// node-forge builds and signs the X.509 certificates.
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

export interface ServingTls {
  /** PEM of the CA certificate (what goes into certificate-authority-data, base64-encoded). */
  caPem: string;
  certPem: string;
  keyPem: string;
}

interface RsaKeys {
  publicKey: forge.pki.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
  privatePem: string;
}

async function rsaKeys(): Promise<RsaKeys> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(privatePem);
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), privatePem };
}

/**
 * RSA key generation takes seconds on slow machines, so one CA key and one serving key are made per process
 * and shared; every cluster still gets its own CA certificate (its own name), so trust does not cross clusters.
 */
let sharedKeys: Promise<[RsaKeys, RsaKeys]> | undefined;

function certificate(publicKey: forge.pki.PublicKey, subject: forge.pki.CertificateField[], issuer: forge.pki.CertificateField[]): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // Positive serial: clear the sign bit of the first byte.
  cert.serialNumber = '0' + randomBytes(16).toString('hex').slice(1);
  cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  return cert;
}

export async function createServingTls(clusterName: string): Promise<ServingTls> {
  sharedKeys ??= Promise.all([rsaKeys(), rsaKeys()]);
  const [ca, server] = await sharedKeys;
  // A name of its own per instance: clusters of one name started one after another never vouch for each other.
  const caName = [{ name: 'commonName', value: `kubernetes-ca-${clusterName}-${randomBytes(4).toString('hex')}` }];
  const caCert = certificate(ca.publicKey, caName, caName);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.privateKey, forge.md.sha256.create());

  const serverCert = certificate(server.publicKey, [{ name: 'commonName', value: 'kube-apiserver' }], caName);
  serverCert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    // type 7 = IP address, type 2 = DNS name
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
  ]);
  serverCert.sign(ca.privateKey, forge.md.sha256.create());

  return { caPem: forge.pki.certificateToPem(caCert), certPem: forge.pki.certificateToPem(serverCert), keyPem: server.privatePem };
}
