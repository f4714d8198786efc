import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { PkiError, scanDocument } from '../../pki/index.ts';
import { docxDocument, odtDocument, pdfDocument, wideText, xlsxDocument, zipArchive } from '../helpers/documents.ts';
import { smkiVectorsOrSkip } from './vectors.ts';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PEM = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const B64 = PEM.split('\n').filter((l) => l !== '' && !l.startsWith('-----')).join('');
const DER = new Uint8Array(ec.privateKey.export({ type: 'pkcs8', format: 'der' }));
const PROSE = 'The Transitional CoS key was transferred on 3 March under the approved request; the PMA noted the witnesses and the ceremony log.';

async function refusedWith(doc: Uint8Array, code: string): Promise<PkiError> {
  try {
    await scanDocument(doc);
  } catch (err) {
    expect(err).to.be.instanceOf(PkiError);
    expect((err as PkiError).code).to.equal(code);
    return err as PkiError;
  }
  throw new Error(`expected ${code}`);
}

describe('scanDocument', () => {
  context('when a key is in a PDF', () => {
    it('finds it on the page it is drawn on, from compressed content streams, and names the page', async () => {
      const found = await scanDocument(pdfDocument([[PROSE], ['The key follows:', ...B64.match(/.{1,24}/g)!]]));
      expect(found?.kind).to.equal('pkcs8');
      expect(found?.location).to.equal('page 2');
    });

    it('finds it in a file embedded in the PDF, and names the attachment', async () => {
      const found = await scanDocument(pdfDocument([[PROSE]], { attachment: { name: 'tcos.pem', bytes: Buffer.from(PEM) } }));
      expect(found?.location).to.equal('attachment tcos.pem');
    });

    it('finds it in a PDF inside a zip, naming the member and the page', async () => {
      const found = await scanDocument(zipArchive([{ name: 'pack/minutes.pdf', bytes: pdfDocument([[PROSE, B64]]) }]));
      expect(found?.location).to.equal('member pack/minutes.pdf → page 1');
    });

    it('refuses a PDF that cannot be read (document-unscannable) rather than passing it', async () => {
      await refusedWith(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n%%EOF\n'), 'document-unscannable');
    });
  });

  context('when a key is in an office document or an archive', () => {
    it('finds it in a .docx split over runs, an .xlsx cell, an .odt paragraph and a gzip', async () => {
      expect((await scanDocument(docxDocument([PROSE, B64])))?.location).to.equal('member word/document.xml');
      expect((await scanDocument(xlsxDocument([['key', B64]])))?.location).to.equal('member xl/sharedStrings.xml');
      expect((await scanDocument(odtDocument([PROSE, PEM])))?.location).to.equal('member content.xml');
      expect((await scanDocument(gzipSync(PEM)))?.kind).to.equal('pkcs8');
      expect((await scanDocument(zipArchive([{ name: 'key.der', bytes: DER }])))?.kind).to.equal('pkcs8');
    });
  });

  context('when a key is in wide text', () => {
    for (const encoding of ['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be'] as const) {
      for (const bom of [true, false]) {
        it(`finds it in ${encoding} ${bom ? 'with' : 'without'} a byte order mark`, async () => {
          expect((await scanDocument(wideText(`${PROSE}\n${PEM}`, encoding, bom)))?.kind).to.equal('pkcs8');
        });
      }
    }
  });

  context('when a document exceeds the bounds against decompression bombs', () => {
    it('refuses a member that expands more than the allowed ratio', async () => {
      await refusedWith(gzipSync(Buffer.alloc(4 * 1024 * 1024)), 'document-bomb');
    });

    it('refuses archives nested deeper than the bound', async () => {
      let doc: Uint8Array = Buffer.from(PROSE);
      for (let i = 0; i < 6; i++) doc = gzipSync(doc);
      await refusedWith(doc, 'document-bomb');
    });

    it('refuses an archive with more members than the bound', async () => {
      await refusedWith(zipArchive(Array.from({ length: 10_001 }, (_, i) => ({ name: `m${i}.txt`, bytes: 'x' }))), 'document-bomb');
    });

    it('refuses archive formats it cannot unpack rather than passing them unscanned', async () => {
      await refusedWith(Buffer.concat([Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), Buffer.alloc(64)]), 'document-unscannable');
    });
  });

  context('when the document is benign', () => {
    it('accepts PDFs, spreadsheets, word-processor documents and wide text of prose, hashes, fingerprints and UUIDs', async () => {
      const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
      const sha512 = 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e';
      const fingerprint = sha256.match(/../g)!.join(':').toUpperCase();
      const uuid = '0b7e4c1e-5d1f-4f4a-9a43-5b8d2c1e9f00';
      const lines = [PROSE, `Document hash ${sha256}`, `SHA-512 ${sha512}`, `Fingerprint ${fingerprint}`, `Request ${uuid}`];
      const docs: [string, Uint8Array][] = [
        ['PDF', pdfDocument([lines, lines.slice().reverse()])],
        ['xlsx', xlsxDocument([['meter', 'count', 'hash'], ...Array.from({ length: 200 }, (_, i) => [`meter-${i}`, i * 37, sha256])])],
        ['docx', docxDocument(lines)],
        ['odt', odtDocument(lines)],
        ['UTF-16 text', wideText(lines.join('\n'), 'utf-16le', true)],
        ['UTF-32 text', wideText(lines.join('\n'), 'utf-32be', false)],
      ];
      for (const [name, doc] of docs) expect(await scanDocument(doc), name).to.equal(null);
    });

    it('accepts every SMKI test certificate, as PEM, as DER, in a PDF and in a zip', async function () {
      const dir = smkiVectorsOrSkip(this);
      const pems = readdirSync(dir).map((f) => readFileSync(`${dir}/${f}`, 'utf8'));
      const ders = pems.map((p) => Buffer.from(p.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
      for (const d of ders) expect(await scanDocument(d)).to.equal(null);
      expect(await scanDocument(pdfDocument(pems.map((p) => p.split('\n'))))).to.equal(null);
      expect(await scanDocument(zipArchive(pems.map((p, i) => ({ name: `cert${i}.pem`, bytes: p }))))).to.equal(null);
    });
  });
});
