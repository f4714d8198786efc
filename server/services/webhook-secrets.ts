// Webhook signing secrets. Standard Webhooks signs with HMAC-SHA256 under a symmetric secret,
// so the server must be able to read it back: the spec allows storing it encrypted, and it is,
// with AES-256-GCM under a key derived from the log key (every instance holds it). The secret is
// shown once, when the endpoint is registered, and never again.
import crypto from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Standard Webhooks secrets: `whsec_` and base64 of 24 to 64 random bytes. */
const SECRET_BYTES = 32;

export function generateWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(SECRET_BYTES).toString('base64')}`;
}

export class SecretBox {
  constructor(private readonly key: Buffer) {}

  seal(secret: string, endpointId: string): string {
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(endpointId, 'utf8'));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** The secret sealed for `endpointId`; throws when the box was sealed for another endpoint or altered. */
  open(sealed: string, endpointId: string): string {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(endpointId, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}
