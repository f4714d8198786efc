// Object identifiers used by the SMKI profile (GBCS section 12) and the formats we detect.

/** RFC 5758 section 3.2. The only signature algorithm SMKI certificates use. */
export const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
/** RFC 5480 section 2.1.1. */
export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
/** RFC 5480 section 2.1.1.1: secp256r1 / prime256v1 / NIST P-256. */
export const OID_P256 = '1.2.840.10045.3.1.7';
export const OID_P384 = '1.3.132.0.34';

// RFC 5280 section 4.2.1 certificate extensions.
export const OID_SUBJECT_KEY_IDENTIFIER = '2.5.29.14';
export const OID_KEY_USAGE = '2.5.29.15';
export const OID_SUBJECT_ALT_NAME = '2.5.29.17';
export const OID_BASIC_CONSTRAINTS = '2.5.29.19';
export const OID_CERTIFICATE_POLICIES = '2.5.29.32';
export const OID_AUTHORITY_KEY_IDENTIFIER = '2.5.29.35';

/** RFC 4108 section 5: hardwareModuleName otherName, carrying the Device EUI-64 in SMKI. */
export const OID_HARDWARE_MODULE_NAME = '1.3.6.1.5.5.7.8.4';
/** GBCS section 12: hwType of SMKI Device Certificates. */
export const OID_SMKI_DEVICE_HW_TYPE = '1.2.826.0.1.8641679.1.2.2.1';
/** Certificate policy of the SMKI test PKI (DOMAIN.md); production OIDs come from configuration. */
export const OID_SMKI_TEST_POLICY = '1.2.826.0.1.8641679.1.2.1.4';

// X.520 attribute types.
export const OID_COMMON_NAME = '2.5.4.3';
export const OID_ORGANIZATIONAL_UNIT = '2.5.4.11';
/** X.520 uniqueIdentifier (x500UniqueIdentifier): the Organisation's EUI-64 as a BIT STRING. */
export const OID_UNIQUE_IDENTIFIER = '2.5.4.45';

/** Short names for the attribute types we print; others print as dotted OIDs (RFC 4514 2.3). */
export const ATTRIBUTE_SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.45': 'x500UniqueIdentifier',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};
