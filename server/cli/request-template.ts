// `keygate request template`: a commented example of the file `keygate request submit` takes, so
// that nobody has to read the OpenAPI document to write a first request. The file is JSON with
// `//` comments (outside strings); submit removes the comments before parsing.

/** Each value is valid as given (a test parses it with the revision schema); replace them all. */
export const REQUEST_TEMPLATE = `// A transfer request for \`keygate request submit FILE\`. Lines may carry // comments.
// Replace every value; \`keygate cert inspect CERT.pem\` prints a certificate's key id.
{
  // Your reference for the request: letters, digits and . _ : - (up to 128 characters).
  "requestId": "REQ-2026-001",
  "revision": {
    // The key to move: the SHA-256 of its certificate's SubjectPublicKeyInfo, 64 hex digits.
    "keyId": "0000000000000000000000000000000000000000000000000000000000000000",
    // Provider ids as registered by the secretariat (GET /api/v1/providers).
    "sourceProviderId": "tcos-host",
    "targetProviderId": "ecos-party",
    // One of: ecos_migration, network_evolution_dsp, network_evolution_smki, network_evolution_chn, other.
    "programme": "ecos_migration",
    "rationale": "Why the key must move, and why now.",
    "mechanism": {
      // One of: hsm_export_under_kek, key_ceremony_split_knowledge, other.
      "method": "hsm_export_under_kek",
      "description": "How the key moves, under whose control, and what protects it in transit.",
      "witnesses": ["CIO observer"]
    },
    "recipientSecurity": {
      "sectionGStatement": "How the recipient's systems meet SEC Section G.",
      // DCC Security Assessment or CIO report references.
      "assessmentReferences": ["DSA-2026-01"],
      "prospectiveChangesConsidered": "Section G changes under consultation and their effect.",
      "recipientProspective": false
    },
    // UTC instants: the transfer may be executed only inside this window.
    "executionWindow": { "from": "2026-03-01T09:00:00Z", "until": "2026-03-15T17:00:00Z" },
    // Evidence uploaded first (POST /api/v1/documents answers {"sha256", "size", "name"}).
    "attachments": []
  }
}
`;

/**
 * The text without its \`//\` comments: a comment starts outside a string and runs to the end of
 * the line. Strings (with their escapes) are copied as they are, so "https://..." stays whole.
 */
export function stripLineComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else {
      if (c === '"') inString = true;
      out += c;
    }
  }
  return out;
}
