/**
 * The few facts the DCC check needs from an X.509 signing certificate (DSC), read with
 * @peculiar/asn1-x509 (pure JS, runs in the scanner page): public key, validity, extended key
 * usage.
 */
import { AsnConvert } from '@peculiar/asn1-schema'
import { Certificate, ExtendedKeyUsage, id_ce_extKeyUsage } from '@peculiar/asn1-x509'
import type { SignatureAlg } from './backend.ts'
import { equalBytes, fromBase64 } from './bytes.ts'

const EC_PUBLIC_KEY = '1.2.840.10045.2.1'
/** DER of the OID 1.2.840.10045.3.1.7 (P-256), as the key's algorithm parameters carry it. */
const P256_PARAMETERS = Uint8Array.of(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07)
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1'
const RSA_PSS = '1.2.840.113549.1.1.10'

/** What a DCC verifier uses from a signing certificate. */
export interface CertificateFacts {
  /** The DER certificate (its SHA-256 gives the DCC key id). */
  der: Uint8Array
  /** SubjectPublicKeyInfo, DER. */
  spki: Uint8Array
  alg: SignatureAlg
  /** Validity, seconds since the epoch. */
  notBefore: number
  notAfter: number
  /** Extended key usage OIDs; `null` when the certificate has no such extension. */
  extendedKeyUsage: string[] | null
}

/**
 * Reads a certificate given as PEM or as base64 DER.
 * @throws {Error} when it is not a certificate, or its key is neither P-256 nor RSA
 */
export function parseCertificate(text: string): CertificateFacts {
  const body = text.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
  return parseCertificateDer(fromBase64(body))
}

/**
 * Reads a DER certificate.
 * @throws {Error} when it is not a certificate, or its key is neither P-256 nor RSA
 */
export function parseCertificateDer(der: Uint8Array): CertificateFacts {
  const certificate = AsnConvert.parse(der, Certificate)
  const tbs = certificate.tbsCertificate
  const keyInfo = tbs.subjectPublicKeyInfo
  const keyOid = keyInfo.algorithm.algorithm
  let alg: SignatureAlg
  if (keyOid === EC_PUBLIC_KEY) {
    const parameters = keyInfo.algorithm.parameters
    if (!parameters || !equalBytes(new Uint8Array(parameters), P256_PARAMETERS)) throw new Error('certificate EC key is not on P-256')
    alg = 'ES256'
  } else if (keyOid === RSA_ENCRYPTION || keyOid === RSA_PSS) {
    alg = 'PS256'
  } else {
    throw new Error(`certificate key type ${keyOid} is not supported`)
  }
  const ekuExtension = tbs.extensions?.find((extension) => extension.extnID === id_ce_extKeyUsage)
  return {
    der,
    spki: new Uint8Array(AsnConvert.serialize(keyInfo)),
    alg,
    notBefore: Math.floor(tbs.validity.notBefore.getTime().getTime() / 1000),
    notAfter: Math.floor(tbs.validity.notAfter.getTime().getTime() / 1000),
    extendedKeyUsage: ekuExtension ? [...AsnConvert.parse(ekuExtension.extnValue, ExtendedKeyUsage)] : null,
  }
}
