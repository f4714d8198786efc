// The content hash of a request revision: SHA-256 over the RFC 8785 canonical JSON of its
// content, lower-case hex. Votes and advice name it, so an amendment cannot inherit them.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { ApprovalError } from './errors.ts';
import type { RevisionHash } from './ids.ts';
import { toJsonValue } from './json.ts';
import type { RevisionContent } from './model/request.ts';

export function computeRevisionHash(content: RevisionContent): RevisionHash {
  const canonical = canonicalize(toJsonValue(content));
  if (canonical === undefined) throw new ApprovalError('command-invalid', 'the revision cannot be canonicalized');
  return createHash('sha256').update(canonical, 'utf8').digest('hex') as RevisionHash;
}
