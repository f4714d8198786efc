// Examples for the OpenAPI document, built from the document's own schemas: a walk of the JSON
// Schema that takes a named component's example, a member's example by its name, else the first
// value the schema allows. Every example is parsed by the route's zod schema in the tests, so an
// example the server would refuse fails the build of the docs, not a client developer.
import crypto from 'node:crypto';

export type JsonSchema = { readonly [key: string]: unknown };

const hex = (label: string) => crypto.createHash('sha256').update(label).digest('hex');
const KEY = hex('example: TCoS key SubjectPublicKeyInfo');
const INSTANT = '2026-03-02T09:30:00Z';

/** A Transitional CoS Organisation Certificate, as pki's metadata record shows it. */
const CERTIFICATE_RECORD = {
  kind: 'organisation',
  role: 5,
  roleName: 'transitionalCoS',
  eui: '00DB1234567890AB',
  keyUsage: ['digitalSignature'],
  policies: ['1.2.826.0.1.8641679.1.2.1.4'],
  serial: '01a2b3',
  issuer: 'CN=Example Organisation CA, OU=07',
  subject: 'CN=Example TCoS, OU=05',
  validity: { notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2030-01-01T00:00:00.000Z' },
  ski: hex('example: ski').slice(0, 40),
  aki: hex('example: aki').slice(0, 40),
  fingerprint: hex('example: certificate'),
  spkiSha256: KEY,
  chain: { verified: true, path: [{ subject: 'CN=Example TCoS, OU=05', fingerprint: hex('example: certificate') }, { subject: 'CN=Example Organisation CA, OU=07', fingerprint: hex('example: organisation CA') }] },
  valid: true,
  transferable: true,
  findings: [],
};

/** Examples of the named schemas (components), by name. */
export const COMPONENT_EXAMPLES: Readonly<Record<string, unknown>> = {
  PersonId: 'pma-ann',
  ProviderId: 'tcos-host',
  AppointmentId: 'pma-chair-2026',
  RequestId: 'tcos-to-ecos-001',
  ConditionId: 'c1',
  KeyId: KEY,
  SpkiSha256: KEY,
  RevisionHash: hex('example: revision 1'),
  DocumentHash: hex('example: ceremony-minutes.pdf'),
  CertificateFingerprint: hex('example: certificate'),
  PolicyVersion: 1,
  IsoInstant: INSTANT,
  CalendarDate: '2026-03-02',
  Actor: { id: 'pma-ann', role: 'pma_member' },
  CertificateRecord: CERTIFICATE_RECORD,
  StoredCertificateRecord: CERTIFICATE_RECORD,
  CastingVotes: { transfer: null, mechanism: null, recipient_security: null },
  DecisionCondition: { conditionId: 'c1', text: 'The CIO reviews the HSM audit logs of the export.' },
  ExecutionWindow: { from: '2026-03-02T00:00:00Z', until: '2026-03-16T00:00:00Z' },
  Attachment: { sha256: hex('example: ceremony-minutes.pdf'), size: 48213, name: 'ceremony-minutes.pdf' },
  JsonValue: 'any JSON value',
};

/** Examples of members, by member name: free text, and values the rules would accept together. */
const MEMBER_EXAMPLES: Readonly<Record<string, unknown>> = {
  level: '0',
  sourceProviderId: 'tcos-host',
  targetProviderId: 'ecos-party',
  recipientProspective: false,
  witnesses: ['CIO observer'],
  assessmentReferences: ['DCC-SA-2026-004'],
  conditions: ['The CIO reviews the HSM audit logs of the export.'],
  position: 'support_with_conditions',
  name: 'Ann Example',
  status: 'submitted,voting',
  rationale: 'The TCoS key moves to the ECoS Party as part of the ECoS migration programme.',
  description: 'Exported under a key-encryption key from the source HSM and imported into the recipient HSM.',
  sectionGStatement: 'The recipient meets the SEC Section G requirements for holding this key.',
  prospectiveChangesConsidered: 'No change to the recipient environment is planned before the transfer.',
  text: 'The SSC supports the transfer.',
  reasons: 'The mechanism keeps the key under split knowledge throughout.',
  reason: 'The request is no longer needed.',
  questions: 'Which HSM model will hold the key at the recipient?',
  note: 'Witness statements attached.',
  reference: 'SoS/2026/014',
  decisionReference: 'PMA 2026-03, item 4',
  departureReason: null,
  issuer: 'CN=Example Organisation CA',
  subject: 'CN=Example TCoS, OU=05',
  serial: '01a2b3',
  message: 'the certificate is valid',
  detail: 'a sentence for people; the code is the contract',
  type: 'urn:keygate:problem:example',
  title: 'example',
  // A certificate given as text (base64 DER or PEM); in trust anchor listings, base64 DER.
  certificate: 'MIIBszCCAVmgAwIBAgIUExampleOnlyNotARealCertificate0=',
  recipientCertificate: 'MIIBszCCAVmgAwIBAgIUExampleOnlyNotARealCertificate0=',
  username: 'ann',
  password: 'a long and memorable passphrase',
  label: 'CI pipeline',
  addedBy: 'secretary',
  by: 'secretary',
  // Notifications: a reserved-domain address, a webhook receiver's URL.
  email: 'ann@example.org',
  url: 'https://tickets.example.org/keygate-hook',
};

/** Examples of strings by the pattern they must match, for members the tables above do not name. */
const PATTERN_EXAMPLES: Readonly<Record<string, string>> = {
  '^[0-9a-f]{64}$': hex('example: sha-256'),
  '^[0-9A-F]{16}$': CERTIFICATE_RECORD.eui,
  // Unpadded base64url: a credential id, an Ed25519 public key (43 characters), a signature.
  '^[A-Za-z0-9_-]*$': Buffer.from(hex('example: credential'), 'hex').toString('base64url'),
  '^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$': '1a2b-3c4d-5e6f-7a8b',
  '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$': '00000000-0000-0000-0000-000000000000',
  '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$': 'example-1',
  '^acc_[0-9a-f]{24}$': 'acc_0123456789abcdef01234567',
  '^tok_[0-9a-f]{24}$': 'tok_0123456789abcdef01234567',
  '^wh_[0-9a-f]{16}$': 'wh_0123456789abcdef',
  '^kgt_[A-Za-z0-9_-]{43}$': `kgt_${'A'.repeat(43)}`,
  '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$': INSTANT,
};

const MAX_DEPTH = 12;

/** A member's example stands where the schema takes a value of its kind (a list of texts, a boolean, a string). */
function fits(value: unknown, schema: JsonSchema): boolean {
  if (typeof value === 'boolean') return schema.type === 'boolean';
  if (Array.isArray(value)) return schema.type === 'array' && (schema.items as JsonSchema | undefined)?.type === 'string';
  if (typeof value !== 'string' || 'const' in schema) return false;
  if (Array.isArray(schema.enum)) return schema.enum.includes(value);
  return schema.type === 'string';
}

export class ExampleBuilder {
  constructor(private readonly components: Readonly<Record<string, JsonSchema>>) {}

  /** An example of `schema`; `member` is the name of the property it describes, if any. */
  of(schema: JsonSchema, member?: string, depth = 0): unknown {
    if (depth > MAX_DEPTH) return null;
    const named = member === undefined ? undefined : MEMBER_EXAMPLES[member];
    if (named !== undefined && fits(named, this.resolve(schema))) return named;
    const ref = schema.$ref;
    if (typeof ref === 'string') return this.ofRef(ref, member, depth);
    if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
    if ('const' in schema) return schema.const;
    if (Array.isArray(schema.enum)) return schema.enum[0];
    const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
    if (branches !== undefined) {
      if (member !== undefined && member in MEMBER_EXAMPLES && MEMBER_EXAMPLES[member] === null) return null;
      const first = branches.find((b) => b.type !== 'null') ?? branches[0]!;
      return this.of(first, member, depth + 1);
    }
    return this.ofType(schema, member, depth);
  }

  /** The schema a reference names; any other schema as it is. */
  private resolve(schema: JsonSchema): JsonSchema {
    const ref = schema.$ref;
    return typeof ref === 'string' ? (this.components[ref.replace('#/components/schemas/', '')] ?? schema) : schema;
  }

  private ofRef(ref: string, member: string | undefined, depth: number): unknown {
    const name = ref.replace('#/components/schemas/', '');
    if (name in COMPONENT_EXAMPLES) return COMPONENT_EXAMPLES[name];
    const target = this.components[name];
    if (target === undefined) throw new Error(`example: no component ${name}`);
    return this.of(target, member, depth + 1);
  }

  private ofType(schema: JsonSchema, member: string | undefined, depth: number): unknown {
    // A nullable primitive is a list of types: the example takes the first that is not null.
    const type = Array.isArray(schema.type) ? ((schema.type as unknown[]).find((t) => t !== 'null') ?? 'null') : schema.type;
    switch (type) {
      case 'object': {
        const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
        return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, this.of(v, k, depth + 1)]));
      }
      case 'array':
        return schema.maxItems === 0 || schema.items === undefined ? [] : [this.of(schema.items as JsonSchema, undefined, depth + 1)];
      case 'string':
        return this.ofString(schema, member);
      case 'integer':
      case 'number':
        return typeof schema.minimum === 'number' ? Math.max(schema.minimum, 1) : 1;
      case 'boolean':
        return true;
      case 'null':
        return null;
      default:
        return {};
    }
  }

  private ofString(schema: JsonSchema, member: string | undefined): string {
    const byPattern = typeof schema.pattern === 'string' ? PATTERN_EXAMPLES[schema.pattern] : undefined;
    if (byPattern !== undefined) return byPattern;
    const byName = member === undefined ? undefined : MEMBER_EXAMPLES[member];
    if (typeof byName === 'string') return byName;
    if (schema.format === 'date-time') return INSTANT;
    if (schema.format === 'date') return '2026-03-02';
    return member === undefined ? 'text' : `a ${member}`;
  }
}
