// A throw-away CA and a serving certificate for 127.0.0.1/localhost, so kubeconfigs carry
// `certificate-authority-data` and clients really verify the server (see ../controlplane/pki.ts).
import { CertificateAuthority, sharedKey } from '../controlplane/pki';

export interface ServingTls {
  /** PEM of the CA certificate (what goes into certificate-authority-data, base64-encoded). */
  caPem: string;
  certPem: string;
  keyPem: string;
}

export async function createServingTls(clusterName: string): Promise<ServingTls> {
  const ca = await CertificateAuthority.create(`kubernetes-ca-${clusterName}`);
  const served = ca.serving('kube-apiserver', { ips: ['127.0.0.1'], dns: ['localhost'] }, await sharedKey('serving'));
  return { caPem: ca.certPem, certPem: served.certPem, keyPem: served.keyPem };
}
