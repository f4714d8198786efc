import { expect } from 'chai';
import {
  formatVerifierKey,
  generateSignerKey,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from '../../audit/note.ts';
import { auditErrorCode } from '../helpers/audit-errors.ts';

// The reference example of golang.org/x/mod/sumdb/note (its documentation and note_test.go):
// Ed25519 is deterministic, so signing the text must reproduce the published note exactly.
const VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const NOTE = `${TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

const codeOf = auditErrorCode;

describe('signed note', () => {
  context('with the reference key and note', () => {
    it('parses the verifier key and recomputes its key ID', () => {
      const v = parseVerifierKey(VKEY);
      expect(v.name).to.equal('PeterNeumann');
      expect(v.keyId.toString(16)).to.equal('c74f20a3');
      expect(formatVerifierKey(v)).to.equal(VKEY);
    });

    it('parses the signer key, whose base64 holds a "+", and derives the same verifier key', () => {
      expect(formatVerifierKey(parseSignerKey(SKEY).verifier)).to.equal(VKEY);
    });

    it('signs the text into the published note byte for byte', () => {
      expect(signNote(TEXT, parseSignerKey(SKEY))).to.equal(NOTE);
    });

    it('opens the published note', () => {
      expect(openNote(NOTE, parseVerifierKey(VKEY)).text).to.equal(TEXT);
    });
  });

  context('when the note is altered', () => {
    it('refuses a changed text with signature-invalid', () => {
      expect(codeOf(() => openNote(NOTE.replace('cryptography', 'cryptographY'), parseVerifierKey(VKEY)))).to.equal('signature-invalid');
    });

    it('refuses a note with no signature by the key with signature-missing', () => {
      const other = generateSignerKey('PeterNeumann').signer;
      expect(codeOf(() => openNote(NOTE, other.verifier))).to.equal('signature-missing');
    });

    it('refuses a signature line without the em dash', () => {
      expect(codeOf(() => openNote(NOTE.replace('\u2014', '-'), parseVerifierKey(VKEY)))).to.equal('note-malformed');
    });

    it('refuses a note without a blank line before the signatures', () => {
      expect(codeOf(() => openNote(NOTE.replace('\n\n', '\n'), parseVerifierKey(VKEY)))).to.equal('note-malformed');
    });
  });

  context('when keys are malformed', () => {
    for (const bad of [
      VKEY.replace('c74f20a3', 'c74f20a4'),
      VKEY.replace('+ARpc', '+AZpc'),
      'PeterNeumann+c74f20a3',
      'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      VKEY.replace('+ARpc', '+ABpc'),
    ]) {
      it(`refuses ${JSON.stringify(bad.slice(0, 40))}… with key-malformed`, () => {
        expect(codeOf(() => parseVerifierKey(bad))).to.equal('key-malformed');
      });
    }
  });

  context('with a generated key', () => {
    it('round-trips sign and open, and the signer key reparses', () => {
      const { signer, signerKey } = generateSignerKey('keygate.local/log/test');
      const note = signNote('hello\n', signer);
      expect(openNote(note, parseVerifierKey(formatVerifierKey(signer.verifier))).text).to.equal('hello\n');
      expect(parseSignerKey(signerKey).keyId).to.equal(signer.keyId);
    });
  });
});
