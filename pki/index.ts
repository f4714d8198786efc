// Public surface of the pki core: SMKI certificate parsing, profile and path validation, transfer
// eligibility, the metadata record, and private-key refusal. No Express, no knex, no clock.

export { PkiError } from './errors.ts';
export type { PkiErrorCode } from './errors.ts';

export { inspectCertificate } from './inspect.ts';
export type { InspectOptions } from './inspect.ts';
export type { CertificateRecord } from './record-schema.ts';
export { certificateFingerprintSchema, certificateRecordSchema, chainSummarySchema, findingSchema, spkiSha256Schema } from './record-schema.ts';

export { parseCertificate, parseCertificates, verifyInputSize, MAX_CERTIFICATE_INPUT_BYTES } from './parse.ts';

export type { KeyUsageName } from './extensions.ts';

export { CA_KINDS,  } from './kinds.ts';
export { REMOTE_PARTY_ROLES } from './roles.ts';

export { checkProfile } from './profile.ts';
export type { FindingCode } from './findings.ts';
export { keyIdentifierMethod2 } from './key-identifier.ts';

export { validateChain } from './chain.ts';
export { createVerificationCache } from './signature.ts';
export type { SignatureCheck, VerificationCache } from './signature.ts';

export { DEFAULT_TRANSFER_ELIGIBILITY, isTransferable, verifyTransferEligibility } from './eligibility.ts';
export type { TransferEligibility } from './eligibility.ts';
export { DEFAULT_PKI_POLICY, verifyPkiPolicy } from './policy.ts';
export type { PkiPolicy } from './policy.ts';
export * as OIDS from './oids.ts';

export { assertNoPrivateKey, findPrivateKeyMaterial, privateKeyError } from './private-key.ts';
export { scanDocument } from './document-scan.ts';
export { TRUST_ANCHOR_ENTRY_SCHEMAS, checkTrustAnchor, decideAnchorAddition, decideAnchorRemoval, deriveAnchorRecord, inspectTrustAnchor } from './trust-anchor.ts';
export { deriveCertificateRecord, parseCertificateDer, recordMismatches, toCertificateDer } from './certificate-der.ts';
export type { CertificateDer } from './certificate-der.ts';
export type { ParsedCertificate } from './parse.ts';
export type { AnchorStanding,  } from './trust-anchor.ts';

export type { PrivateKeyDetection, PrivateKeyKind } from './private-key-types.ts';
export { atLocation } from './private-key-types.ts';
export { MAX_ENCODED_RUN, assertProse, assertProseValue, findEncodedRun } from './private-key-prose.ts';
