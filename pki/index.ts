// Public surface of the pki core: SMKI certificate parsing, profile and path validation, transfer
// eligibility, the metadata record, and private-key refusal. No Express, no knex, no clock.

export { PkiError, isPkiError } from './errors.ts';
export type { PkiErrorCode } from './errors.ts';

export { inspectCertificate, inspectParsedCertificate, parseTrustAnchors, verifyValidationTime } from './inspect.ts';
export type { CertificateInput, InspectOptions } from './inspect.ts';
export type { CertificateRecord, CertificateFingerprint, ChainLinkSummary, ChainSummary, SpkiSha256 } from './record-schema.ts';
export { certificateFingerprintSchema, certificateRecordSchema, chainSummarySchema, findingSchema, spkiSha256Schema } from './record-schema.ts';
export { buildRecord } from './record.ts';

export { parseCertificate, parseCertificates, MAX_CERTIFICATE_INPUT_BYTES, MAX_CERTIFICATES_PER_INPUT } from './parse.ts';
export type { AlgorithmIdentifier, ParsedCertificate, SubjectPublicKeyInfo } from './parse.ts';
export type { DistinguishedName, NameAttribute } from './name.ts';
export type { AuthorityKeyIdentifier, BasicConstraints, CertificateExtensions, ExtensionSlot, GeneralName, KeyUsageName, RawExtension } from './extensions.ts';

export { classifyCertificate, isCaCertificate, isSelfIssued } from './classify.ts';
export { CA_KINDS, CERTIFICATE_KINDS, isCaKind } from './kinds.ts';
export type { CaKind, CertificateKind } from './kinds.ts';
export { REMOTE_PARTY_ROLES, isKnownRole, parseRoleOu, roleName } from './roles.ts';
export type { RemotePartyRole, RemotePartyRoleName, RoleOu } from './roles.ts';

export { checkProfile } from './profile.ts';
export type { ProfileOptions, ProfileResult } from './profile.ts';
export { identifySubject } from './subject.ts';
export type { SubjectIdentity } from './subject.ts';
export { FINDING_SEVERITY, finding, hasErrors } from './findings.ts';
export type { Finding, FindingCode, Severity } from './findings.ts';
export { keyIdentifierMethod2 } from './key-identifier.ts';

export { validateChain } from './chain.ts';
export type { ChainOptions, ChainResult } from './chain.ts';
export { buildPaths, MAX_PATH_LENGTH } from './chain-build.ts';
export type { BuiltPath } from './chain-build.ts';
export { createVerificationCache, checkCertificateSignature } from './signature.ts';
export type { SignatureCheck, VerificationCache } from './signature.ts';

export { DEFAULT_TRANSFER_ELIGIBILITY, NEVER_TRANSFERABLE_ROLES, isTransferable, verifyTransferEligibility } from './eligibility.ts';
export type { TransferEligibility } from './eligibility.ts';
export { DEFAULT_PKI_POLICY, verifyPkiPolicy } from './policy.ts';
export type { PkiPolicy } from './policy.ts';
export * as OIDS from './oids.ts';

export { assertNoPrivateKey, findPrivateKeyMaterial } from './private-key.ts';
export { JWK_PRIVATE_MEMBERS } from './private-key-jwk.ts';
export type { PrivateKeyDetection, PrivateKeyEncoding, PrivateKeyKind } from './private-key-types.ts';
