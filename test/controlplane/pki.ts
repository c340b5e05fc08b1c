// X.509 for test clusters: RSA keys from node:crypto (native, fast), certificates built and signed with
// node-forge. A CertificateAuthority issues serving certificates (127.0.0.1, localhost, service names) and client
// certificates whose CN is the user and whose O entries are its groups, as kube-apiserver reads them.
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

export interface KeyPair {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.PublicKey;
  /** PKCS#1 PEM. */
  privatePem: string;
  /** SubjectPublicKeyInfo PEM (what `--service-account-key-file` takes). */
  publicPem: string;
}

export interface Issued {
  certPem: string;
  keyPem: string;
}

export interface ServingNames {
  ips?: string[];
  dns?: string[];
}

async function rsaKeyPair(): Promise<KeyPair> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(privatePem);
  const publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  return { privateKey: forgeKey, publicKey, privatePem, publicPem: forge.pki.publicKeyToPem(publicKey) };
}

/**
 * Key generation takes up to seconds on a loaded machine, so each role's key is made once per process and
 * shared by every cluster started in it. Trust still never crosses clusters: every CA certificate has a name of
 * its own, and X.509 chains are built by issuer name.
 */
const keys = new Map<string, Promise<KeyPair>>();

export function sharedKey(role: string): Promise<KeyPair> {
  let key = keys.get(role);
  if (!key) keys.set(role, (key = rsaKeyPair()));
  return key;
}

type Field = forge.pki.CertificateField;

/**
 * 16 random bytes as a positive serial number whose DER is minimal: the first byte between 0x10 and 0x1f. forge
 * drops one redundant leading zero byte, not two, and Go's x509 (kubectl, kube-apiserver) refuses a certificate
 * whose serial is not minimal ("malformed serial number"): a serial starting 00 00 did that one time in thousands.
 */
export function randomSerial(): string {
  return '1' + randomBytes(16).toString('hex').slice(1);
}

function certificate(publicKey: forge.pki.PublicKey, subject: Field[], issuer: Field[]): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = randomSerial();
  cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  return cert;
}

export class CertificateAuthority {
  readonly certPem: string;
  private readonly name: Field[];

  private constructor(commonName: string, private readonly key: KeyPair) {
    // A random suffix: two CAs of one name (clusters started one after another) never vouch for each other.
    this.name = [{ name: 'commonName', value: `${commonName}-${randomBytes(4).toString('hex')}` }];
    const cert = certificate(key.publicKey, this.name, this.name);
    cert.setExtensions([
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ]);
    cert.sign(key.privateKey, forge.md.sha256.create());
    this.certPem = forge.pki.certificateToPem(cert);
  }

  /** `keyRole` picks the shared key (see sharedKey). */
  static async create(commonName: string, keyRole = 'ca'): Promise<CertificateAuthority> {
    return new CertificateAuthority(commonName, await sharedKey(keyRole));
  }

  /** The CA's private key, for signers that need it (kube-controller-manager's CSR signer). */
  get keyPem(): string {
    return this.key.privatePem;
  }

  /** A server certificate for the given IP addresses and DNS names. */
  serving(commonName: string, names: ServingNames, key: KeyPair): Issued {
    const altNames = [
      // type 7 = IP address, type 2 = DNS name
      ...(names.ips ?? []).map((ip) => ({ type: 7, ip })),
      ...(names.dns ?? []).map((value) => ({ type: 2, value })),
    ];
    return this.sign([{ name: 'commonName', value: commonName }], key, [
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ]);
  }

  /** A client certificate: CN = user name, one O per group. */
  client(user: string, groups: readonly string[], key: KeyPair): Issued {
    const subject: Field[] = [...groups.map((value) => ({ name: 'organizationName', value })), { name: 'commonName', value: user }];
    return this.sign(subject, key, [{ name: 'extKeyUsage', clientAuth: true }]);
  }

  private sign(subject: Field[], key: KeyPair, extensions: object[]): Issued {
    const cert = certificate(key.publicKey, subject, this.name);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      ...extensions,
    ]);
    cert.sign(this.key.privateKey, forge.md.sha256.create());
    return { certPem: forge.pki.certificateToPem(cert), keyPem: key.privatePem };
  }
}
