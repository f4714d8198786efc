import { expect } from 'chai';
import { formatCheckpointText, parseCheckpointText, signCheckpoint, verifyCheckpoint } from '../../audit/checkpoint.ts';
import { auditErrorCode } from '../helpers/audit-errors.ts';
import { generateSignerKey, parseSignerKey } from '../../audit/note.ts';

const SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ROOT = Buffer.from('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex');

const codeOf = auditErrorCode;

describe('checkpoint', () => {
  it('formats the C2SP tlog-checkpoint text: origin, decimal size, base64 root', () => {
    expect(formatCheckpointText({ origin: 'example.com/log', treeSize: 0, rootHash: ROOT })).to.equal(
      'example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n',
    );
  });

  it('signs into a note whose signature line starts with U+2014 and the key name', () => {
    const signed = signCheckpoint({ origin: 'example.com/log', treeSize: 7, rootHash: ROOT }, parseSignerKey(SKEY));
    const lines = signed.note.split('\n');
    expect(lines.slice(0, 4)).to.deep.equal(['example.com/log', '7', ROOT.toString('base64'), '']);
    expect(lines[4]).to.match(/^\u2014 PeterNeumann [A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(lines[4]!.split(' ')[2]!, 'base64').subarray(0, 4).toString('hex')).to.equal('c74f20a3');
  });

  it('round-trips through verifyCheckpoint', () => {
    const { signer } = generateSignerKey('o');
    const signed = signCheckpoint({ origin: 'o', treeSize: 123456789, rootHash: ROOT }, signer);
    const back = verifyCheckpoint(signed.note, signer.verifier, 'o');
    expect(back.treeSize).to.equal(123456789);
    expect(back.rootHash.equals(ROOT)).to.equal(true);
  });

  context('when the checkpoint is malformed or foreign', () => {
    it('refuses a size with a leading zero', () => {
      expect(codeOf(() => parseCheckpointText(`o\n07\n${ROOT.toString('base64')}\n`))).to.equal('checkpoint-malformed');
    });
    it('refuses a root that is not 32 bytes', () => {
      expect(codeOf(() => parseCheckpointText('o\n7\nAAAA\n'))).to.equal('checkpoint-malformed');
    });
    it('refuses another origin', () => {
      const { signer } = generateSignerKey('o');
      const signed = signCheckpoint({ origin: 'o', treeSize: 1, rootHash: ROOT }, signer);
      expect(codeOf(() => verifyCheckpoint(signed.note, signer.verifier, 'p'))).to.equal('origin-mismatch');
    });
    it('refuses a changed size', () => {
      const { signer } = generateSignerKey('o');
      const signed = signCheckpoint({ origin: 'o', treeSize: 1, rootHash: ROOT }, signer);
      expect(codeOf(() => verifyCheckpoint(signed.note.replace('\n1\n', '\n2\n'), signer.verifier))).to.equal('signature-invalid');
    });
  });
});
