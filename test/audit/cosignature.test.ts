import crypto from 'node:crypto';
import { expect } from 'chai';
import { signCheckpoint } from '../../audit/checkpoint.ts';
import {
  appendSignatureLines,
  cosignatureMessage,
  cosignCheckpoint,
  findCosignatures,
  formatCosignerKey,
  generateCosignerKey,
  parseCosignerKey,
  parseCosignerSignerKey,
  verifyCosignatureQuorum,
} from '../../audit/cosignature.ts';
import { generateSignerKey, openNote } from '../../audit/note.ts';
import { auditErrorCode } from '../helpers/audit-errors.ts';

const ROOT = Buffer.from('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex');
// A fixed Ed25519 seed (the golang.org/x/mod/sumdb/note example's), encoded as a cosigner key.
const SEED = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
const NAME = 'witness.example/w1';

/** Computed here from the spec text, independently of audit/: SHA-256(name || "\n" || 0x04 || key)[:4]. */
function specKeyId(name: string, publicKey: Buffer): string {
  return crypto.createHash('sha256').update(Buffer.concat([Buffer.from(`${name}\n`), Buffer.from([0x04]), publicKey])).digest().subarray(0, 4).toString('hex');
}

function publicKeyOf(seed: Buffer): Buffer {
  const key = crypto.createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
  const spki = crypto.createPublicKey(key).export({ format: 'der', type: 'spki' });
  return Buffer.from(spki.subarray(spki.length - 32));
}

function fixedCosignerKey(): string {
  const pub = publicKeyOf(SEED);
  return `PRIVATE+KEY+${NAME}+${specKeyId(NAME, pub)}+${Buffer.concat([Buffer.from([0x04]), SEED]).toString('base64')}`;
}

const log = generateSignerKey('example.com/log').signer;
const checkpoint = signCheckpoint({ origin: 'example.com/log', treeSize: 20852163, rootHash: ROOT }, log);
const text = checkpoint.note.slice(0, checkpoint.note.indexOf('\n\n') + 1);

describe('cosignature (C2SP tlog-cosignature, Ed25519)', () => {
  context('keys', () => {
    it('derives the key ID with signature type 0x04 and formats the vkey as name+hash+base64(0x04 || key)', () => {
      const cosigner = parseCosignerSignerKey(fixedCosignerKey());
      const pub = publicKeyOf(SEED);
      expect(formatCosignerKey(cosigner.verifier)).to.equal(`${NAME}+${specKeyId(NAME, pub)}+${Buffer.concat([Buffer.from([0x04]), pub]).toString('base64')}`);
    });

    it('round-trips a generated key through its vkey', () => {
      const { cosigner } = generateCosignerKey('w.example/2');
      const vkey = formatCosignerKey(cosigner.verifier);
      expect(parseCosignerKey(vkey).publicKey.equals(cosigner.verifier.publicKey)).to.equal(true);
    });

    it('refuses a note verifier key (type 0x01) as a cosigner key', () => {
      const vkey = `x+${'0'.repeat(8)}+${Buffer.concat([Buffer.from([0x01]), Buffer.alloc(32)]).toString('base64')}`;
      expect(auditErrorCode(() => parseCosignerKey(vkey))).to.equal('key-malformed');
    });

    it('refuses a vkey whose hash does not match its key', () => {
      const vkey = formatCosignerKey(generateCosignerKey('w').cosigner.verifier).replace(/\+[0-9a-f]{8}\+/, '+00000000+');
      expect(auditErrorCode(() => parseCosignerKey(vkey))).to.equal('key-malformed');
    });
  });

  context('signing', () => {
    it('builds the message "cosignature/v1\\ntime <t>\\n" followed by the checkpoint text', () => {
      expect(cosignatureMessage(text, 1679315147).toString()).to.equal(`cosignature/v1\ntime 1679315147\n${text}`);
    });

    it('writes a line of key ID, big-endian timestamp and an Ed25519 signature that node:crypto verifies over the spec message', () => {
      const cosigner = parseCosignerSignerKey(fixedCosignerKey());
      const line = cosignCheckpoint(text, cosigner, 1679315147);
      expect(line).to.match(new RegExp(`^\u2014 ${NAME} [A-Za-z0-9+/]+=*\n$`));
      const raw = Buffer.from(line.trim().split(' ')[2]!, 'base64');
      expect(raw.length).to.equal(4 + 8 + 64);
      expect(raw.subarray(0, 4).toString('hex')).to.equal(specKeyId(NAME, publicKeyOf(SEED)));
      expect(raw.readBigUInt64BE(4)).to.equal(1679315147n);
      const spki = crypto.createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKeyOf(SEED)]), format: 'der', type: 'spki' });
      const message = Buffer.from(`cosignature/v1\ntime 1679315147\n${text}`);
      expect(crypto.verify(null, message, spki, raw.subarray(12))).to.equal(true);
    });

    it('leaves the log signature verifiable after the cosignature is appended', () => {
      const { cosigner } = generateCosignerKey('w');
      const note = appendSignatureLines(checkpoint.note, [cosignCheckpoint(text, cosigner, 1).trimEnd()]);
      expect(openNote(note, log.verifier).text).to.equal(text);
    });
  });

  context('verifying a cosigned checkpoint', () => {
    const w1 = generateCosignerKey('w.example/1').cosigner;
    const w2 = generateCosignerKey('w.example/2').cosigner;
    const w3 = generateCosignerKey('w.example/3').cosigner;
    const line = (c: typeof w1, t = 1700000000) => cosignCheckpoint(text, c, t).trimEnd();
    const cosigned = appendSignatureLines(checkpoint.note, [line(w1), line(w2)]);

    it('finds one cosignature per trusted cosigner, with its timestamp, ignoring the log signature and unknown keys', () => {
      const found = findCosignatures(cosigned, [w1.verifier, w3.verifier]);
      expect(found.map((c) => [c.name, c.timestamp])).to.deep.equal([['w.example/1', 1700000000]]);
    });

    it('counts a cosigner once even when it signed twice', () => {
      const twice = appendSignatureLines(checkpoint.note, [line(w1, 1), line(w1, 2)]);
      expect(findCosignatures(twice, [w1.verifier])).to.have.length(1);
    });

    it('meets a quorum of 2 with two cosignatures and refuses a quorum of 3 with quorum-not-met', () => {
      expect(verifyCosignatureQuorum(cosigned, [w1.verifier, w2.verifier, w3.verifier], 2)).to.have.length(2);
      expect(auditErrorCode(() => verifyCosignatureQuorum(cosigned, [w1.verifier, w2.verifier, w3.verifier], 3))).to.equal('quorum-not-met');
    });

    it('refuses a cosignature by a trusted key over another checkpoint with signature-invalid', () => {
      const other = signCheckpoint({ origin: 'example.com/log', treeSize: 20852164, rootHash: ROOT }, log);
      const moved = appendSignatureLines(other.note, [line(w1)]);
      expect(auditErrorCode(() => findCosignatures(moved, [w1.verifier]))).to.equal('signature-invalid');
    });

    it('refuses a cosignature whose timestamp was changed with signature-invalid', () => {
      const raw = Buffer.from(line(w1).split(' ')[2]!, 'base64');
      raw.writeBigUInt64BE(1700000001n, 4);
      const forged = appendSignatureLines(checkpoint.note, [`\u2014 w.example/1 ${raw.toString('base64')}`]);
      expect(auditErrorCode(() => findCosignatures(forged, [w1.verifier]))).to.equal('signature-invalid');
    });

    it('refuses a note signature (no timestamp) by the cosigner key ID with signature-invalid', () => {
      const raw = Buffer.from(line(w1).split(' ')[2]!, 'base64');
      const short = Buffer.concat([raw.subarray(0, 4), raw.subarray(12)]);
      const forged = appendSignatureLines(checkpoint.note, [`\u2014 w.example/1 ${short.toString('base64')}`]);
      expect(auditErrorCode(() => findCosignatures(forged, [w1.verifier]))).to.equal('signature-invalid');
    });

    it('refuses a timestamp above 2^63 - 1', () => {
      const raw = Buffer.from(line(w1).split(' ')[2]!, 'base64');
      raw.writeBigUInt64BE(2n ** 63n, 4);
      const forged = appendSignatureLines(checkpoint.note, [`\u2014 w.example/1 ${raw.toString('base64')}`]);
      expect(auditErrorCode(() => findCosignatures(forged, [w1.verifier]))).to.equal('signature-invalid');
    });
  });
});
