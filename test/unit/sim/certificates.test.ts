// The test CA's certificates must parse in Go (kubectl, kube-apiserver), whose x509 refuses a serial number that is
// not minimal DER (a leading zero byte before a byte below 0x80); Node accepts it, and forge trims only one such byte.
import * as assert from 'node:assert/strict';
import forge from 'node-forge';
import { randomSerial } from '../../controlplane/pki';

/** The content bytes forge writes for a serial number given in hex (as it encodes a certificate's serial). */
function encodedSerial(hex: string): string {
  const der = forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.INTEGER, false, forge.util.hexToBytes(hex)));
  const asn1 = forge.asn1.fromDer(der);
  return forge.util.bytesToHex(asn1.value as string);
}

const minimal = (hex: string) => !/^00[0-7]/.test(hex) && !/^[89a-f]/.test(hex);

describe('test certificate authority serial numbers', () => {
  it('forge keeps a second redundant leading zero byte, which Go refuses', () => {
    assert.equal(minimal(encodedSerial('000012ab')), false);
  });

  it('are positive and encoded as given, so always minimal DER', () => {
    for (let i = 0; i < 5000; i++) {
      const serial = randomSerial();
      const encoded = encodedSerial(serial);
      assert.equal(encoded, serial);
      assert.ok(minimal(encoded), encoded);
    }
  });
});
