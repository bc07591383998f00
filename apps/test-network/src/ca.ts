import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import forge from 'node-forge';

export interface TestPki {
  /** The CA certificate to trust (what `caFile` points at). */
  caPem: string;
  /** A server certificate for `localhost` and 127.0.0.1, signed by the CA, and its key. */
  certPem: string;
  keyPem: string;
}

function rsaKeys() {
  // Node generates the keys (fast, native); forge only writes and signs the certificates.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function certificate(
  subject: string,
  publicPem: string,
  issuer: { name: string; privatePem: string },
  extensions: object[],
): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  // Positive serial: a leading zero nibble keeps the DER integer non-negative.
  cert.serialNumber = `0${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3_600_000);
  cert.setSubject([{ name: 'commonName', value: subject }]);
  cert.setIssuer([{ name: 'commonName', value: issuer.name }]);
  cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem(issuer.privatePem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/**
 * A throwaway CA, made for one test run, and a `localhost` server certificate it signed. Made
 * again when OpenSSL refuses the pair: once in many CI runs it rejected one with "asn1 encoding
 * routines::illegal padding" (not reproduced in 300 tries; a DER integer forge wrote is suspected).
 */
export function createTestPki(name = 'auditrelay test CA'): TestPki {
  for (let attempt = 1; ; attempt++) {
    const pki = makePki(name);
    try {
      createSecureContext({ cert: pki.certPem, key: pki.keyPem, ca: pki.caPem });
      return pki;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

function makePki(name: string): TestPki {
  const ca = rsaKeys();
  const caPem = certificate(name, ca.publicPem, { name, privatePem: ca.privatePem }, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  const server = rsaKeys();
  const certPem = certificate('localhost', server.publicPem, { name, privatePem: ca.privatePem }, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
      ],
    },
  ]);
  return { caPem, certPem, keyPem: server.privatePem };
}
