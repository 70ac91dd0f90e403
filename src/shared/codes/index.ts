/**
 * Signed health and house codes: encode (server) and verify (server, scanner page, CLI).
 * Runs in Node and browsers; crypto comes from a backend (`createWebCryptoBackend()` here,
 * `nodeCryptoBackend` in src/server/codes/node-crypto-backend.ts).
 */
export type { CryptoBackend, PublicJwk, PublicKeyHandle, SignatureAlg } from './backend.ts'
export { BASE45_ALPHABET, Base45Error, decodeBase45, encodeBase45 } from './base45.ts'
export { CborTag, cborToJson, decodeCbor, encodeCbor } from './cbor.ts'
export type { CoseSign1 } from './cose.ts'
export { coseAlgorithm, coseKid, decodeCoseSign1, encodeCoseSign1, sigStructure, verifyCoseSignature } from './cose.ts'
export type { DccPayload } from './dcc.ts'
export { HCERT_CLAIM } from './dcc.ts'
export {
  DCC_KEY_USAGE,
  DCC_PREFIX,
  dccKeyCovers,
  dccKeyUsageAllows,
  decodeDccCose,
  decodeDccPayload,
  stripDccPrefix,
  verifyDcc,
} from './dcc.ts'
export type { CodeSigner, GridlineClaimsMap, GridlineCodeInput } from './gridline.ts'
export {
  BIRTH_DATE_PATTERN,
  CTI_BYTES,
  ID_TAIL_PATTERN,
  MASKED_NAME_MAX,
  GRIDLINE_CLAIM,
  GRIDLINE_PREFIX,
  UUID_PATTERN,
  decodeGridlinePayload,
  encodeGridlineCode,
  gridlineClaimsSchema,
  verifyGridlineBody,
} from './gridline.ts'
export type {
  CodeClaims,
  CodeHolder,
  CodeFormat,
  DccClaims,
  FailureReason,
  GridlineClaims,
  JsonValue,
  ShcClaims,
  VerifyReason,
  VerifyResult,
} from './result.ts'
export { CODE_FORMATS, CodeError, VERIFY_REASONS } from './result.ts'
export { SHC_PREFIX, decodeShcNumeric, joinShcChunks, verifyShcJws } from './shc.ts'
export type { ShcCrl, ShcIssuer, TrustAnchor, TrustList, TrustedKey } from './trust.ts'
export { gridlineKid, trustAnchorSchema, trustFileSchema, trustListFromAnchors, trustListSchema } from './trust.ts'
export type { DccKey, GridlineKey, ShcKey, TrustStore } from './trust-store.ts'
export { isTrustStore, jwkThumbprint, keyHandle, prepareTrust } from './trust-store.ts'
export type { VerifyOptions } from './verify.ts'
export { MAX_CODE_TEXT_LENGTH, verifyCode } from './verify.ts'
export { createWebCryptoBackend } from './webcrypto-backend.ts'
// x509.ts (parseCertificate) is left out on purpose: it is most of the library's weight and the
// trust store loads it on demand, so a scanner page without DCC anchors never downloads it.
export { MAX_INFLATED_CODE_BYTES, inflateRaw, inflateZlib, unzlibStored, zlibStore } from './zlib.ts'
