import { expect } from 'chai';
import { signCheckpoint } from '../../audit/checkpoint.ts';
import { leafHash } from '../../audit/hash.ts';
import { consistencyProofPlan, assembleProof, rootFromLeafHashes } from '../../audit/merkle.ts';
import type { NodeId } from '../../audit/merkle.ts';
import { generateSignerKey } from '../../audit/note.ts';
import { checkSubmission, judgeSubmission, WitnessError } from '../../audit/witness.ts';
import type { WitnessedHead } from '../../audit/witness.ts';
import {
  formatAddCheckpointRequest,
  formatSizeResponse,
  parseAddCheckpointRequest,
  parseCosignatureResponse,
  parseSizeResponse,
} from '../../audit/witness-protocol.ts';
import { auditErrorCode } from '../helpers/audit-errors.ts';

const ORIGIN = 'example.com/log';
const log = generateSignerKey(ORIGIN).signer;
const leaves = Array.from({ length: 40 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));

function mth(begin: number, end: number): Buffer {
  return rootFromLeafHashes(leaves.slice(begin, end));
}

function proof(oldSize: number, size: number): Buffer[] {
  return assembleProof(consistencyProofPlan(oldSize, size), (id: NodeId) => mth(id.index * 2 ** id.level, (id.index + 1) * 2 ** id.level));
}

function note(size: number, signer = log, root = mth(0, size)): string {
  return signCheckpoint({ origin: ORIGIN, treeSize: size, rootHash: root }, signer).note;
}

function body(oldSize: number, size: number, options: { signer?: typeof log; root?: Buffer; proof?: Buffer[] } = {}): string {
  return formatAddCheckpointRequest({ oldSize, proof: options.proof ?? proof(oldSize, size), checkpoint: note(size, options.signer, options.root) });
}

const trusted = (origin: string) => (origin === ORIGIN ? [log.verifier] : undefined);

function refusal(fn: () => unknown): { code: string; size: number | undefined } {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(WitnessError);
    return { code: (err as WitnessError).code, size: (err as WitnessError).size };
  }
  throw new Error('expected a WitnessError');
}

const head = (size: number, root = mth(0, size)): WitnessedHead => ({ origin: ORIGIN, treeSize: size, rootHash: root });

describe('tlog-witness', () => {
  context('wire formats', () => {
    it('formats and parses an add-checkpoint body: old line, proof lines, empty line, checkpoint', () => {
      const text = body(8, 13);
      expect(text.startsWith('old 8\n')).to.equal(true);
      const parsed = parseAddCheckpointRequest(text);
      expect(parsed.oldSize).to.equal(8);
      expect(parsed.proof.map((h) => h.toString('hex'))).to.deep.equal(proof(8, 13).map((h) => h.toString('hex')));
      expect(parsed.checkpoint).to.equal(note(13));
    });

    const malformed: Array<[string, string]> = [
      ['a missing old line', `${note(3)}`],
      ['an old size with a leading zero', `old 03\n\n${note(3)}`],
      ['a negative old size', `old -1\n\n${note(3)}`],
      ['a proof line that is not base64 of 32 bytes', `old 1\nAAAA\n\n${note(3)}`],
      ['64 proof lines', `old 1\n${`${Buffer.alloc(32).toString('base64')}\n`.repeat(64)}\n${note(3)}`],
      ['no checkpoint', 'old 0\n\n'],
    ];
    for (const [what, text] of malformed) {
      it(`refuses ${what} with request-malformed`, () => {
        expect(auditErrorCode(() => parseAddCheckpointRequest(text))).to.equal('request-malformed');
      });
    }

    it('round-trips a text/x.tlog.size body and refuses one without its newline', () => {
      expect(parseSizeResponse(formatSizeResponse(20852014))).to.equal(20852014);
      expect(auditErrorCode(() => parseSizeResponse('12'))).to.equal('request-malformed');
    });

    it('reads cosignature lines and refuses anything else in a 200 body', () => {
      expect(parseCosignatureResponse('\u2014 w AAAA\n\u2014 v BBBB\n')).to.deep.equal(['\u2014 w AAAA', '\u2014 v BBBB']);
      expect(auditErrorCode(() => parseCosignatureResponse('oops\n'))).to.equal('request-malformed');
    });
  });

  context('checks without state', () => {
    it('answers 404 (unknown-origin) for an origin it does not witness', () => {
      const other = generateSignerKey('other.example/log').signer;
      const text = formatAddCheckpointRequest({ oldSize: 0, proof: [], checkpoint: signCheckpoint({ origin: 'other.example/log', treeSize: 1, rootHash: mth(0, 1) }, other).note });
      expect(refusal(() => checkSubmission(text, trusted)).code).to.equal('unknown-origin');
    });

    it('answers 403 (signature-untrusted) for a checkpoint signed by another key with the log name', () => {
      expect(refusal(() => checkSubmission(body(0, 3, { signer: generateSignerKey(ORIGIN).signer }), trusted)).code).to.equal('signature-untrusted');
    });

    it('answers 403 for a trusted key line whose signature does not verify', () => {
      const text = body(0, 3).replace(`\n3\n`, '\n4\n');
      expect(refusal(() => checkSubmission(text, trusted)).code).to.equal('signature-untrusted');
    });

    it('answers 400 (request-malformed) when the old size exceeds the checkpoint size', () => {
      const text = formatAddCheckpointRequest({ oldSize: 9, proof: [], checkpoint: note(3) });
      expect(refusal(() => checkSubmission(text, trusted)).code).to.equal('request-malformed');
    });

    it('answers 400 for a body that does not parse', () => {
      expect(refusal(() => checkSubmission('hello', trusted)).code).to.equal('request-malformed');
    });
  });

  context('checks against the witnessed head', () => {
    it('trusts the first checkpoint of an origin at old size 0 (TOFU)', () => {
      judgeSubmission(checkSubmission(body(0, 13), trusted), null);
    });

    it('answers 409 with its size when the old size is not its size', () => {
      expect(refusal(() => judgeSubmission(checkSubmission(body(0, 13), trusted), head(8)))).to.deep.equal({ code: 'size-conflict', size: 8 });
      expect(refusal(() => judgeSubmission(checkSubmission(body(5, 13), trusted), null))).to.deep.equal({ code: 'size-conflict', size: 0 });
    });

    it('accepts a consistent extension and answers 422 for a proof that does not lead to its root', () => {
      judgeSubmission(checkSubmission(body(8, 13), trusted), head(8));
      expect(refusal(() => judgeSubmission(checkSubmission(body(8, 13), trusted), head(8, mth(1, 9)))).code).to.equal('not-consistent');
    });

    it('answers 422 for a non-empty proof from size 0', () => {
      expect(refusal(() => judgeSubmission(checkSubmission(body(0, 13, { proof: proof(8, 13) }), trusted), null)).code).to.equal('not-consistent');
    });

    it('re-cosigns the same checkpoint and answers 409 for another root at its size (a fork)', () => {
      judgeSubmission(checkSubmission(body(13, 13), trusted), head(13));
      expect(refusal(() => judgeSubmission(checkSubmission(body(13, 13, { root: mth(1, 14) }), trusted), head(13)))).to.deep.equal({ code: 'size-conflict', size: 13 });
    });
  });
});
