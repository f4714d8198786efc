// Scanning a document (an upload, a file a CLI command stores) for private keys: everything the
// synchronous scan does (text in any Unicode encoding, archives, compressed streams, binary), and
// then the text of every PDF it met, page by page, and the files embedded in those PDFs. Async
// because the PDF reader is; the server runs it in a worker thread (server/services).
import { ARCHIVE_BOUNDS, safeMemberName } from './document-archive.ts';
import { readPdf } from './document-pdf.ts';
import { PkiError } from './errors.ts';
import { rootContext } from './private-key-budget.ts';
import type { PendingPdf, ScanContext } from './private-key-budget.ts';
import { scanRawBytes } from './private-key.ts';
import { scanBytes, scanText } from './private-key-scan.ts';
import { atLocation } from './private-key-types.ts';
import type { PrivateKeyDetection } from './private-key-types.ts';

const within = (where: string | null, what: string): string => (where === null ? what : `${where} → ${what}`);

async function scanPdf(pdf: PendingPdf, ctx: ScanContext): Promise<PrivateKeyDetection | null> {
  const content = await readPdf(pdf.bytes);
  for (const [n, text] of content.pages.entries()) {
    const found = scanText(text, ctx);
    if (found !== null) return atLocation(found, within(pdf.where, `page ${n + 1}`));
  }
  if (content.attachments.length > 0 && pdf.archiveDepth + 1 > ARCHIVE_BOUNDS.depth) {
    throw new PkiError('document-bomb', `refused: archives are nested more than ${ARCHIVE_BOUNDS.depth} deep; such a document cannot be scanned for private keys`);
  }
  for (const file of content.attachments) {
    ctx.archives.member();
    ctx.archives.expanded(file.bytes.length);
    const where = within(pdf.where, `attachment ${safeMemberName(file.name)}`);
    const found = scanBytes(file.bytes, { ...ctx, depth: 0, archiveDepth: pdf.archiveDepth + 1, where });
    if (found !== null) return atLocation(found, where);
  }
  return null;
}

/**
 * What private key material the document holds, or null; PDFs are read for their text. Throws
 * the coded PkiErrors findPrivateKeyMaterial throws (a bomb, an archive or PDF that cannot be
 * read, input too complex): such a document is refused, not stored.
 */
export async function scanDocument(bytes: Uint8Array): Promise<PrivateKeyDetection | null> {
  const ctx = rootContext(bytes.length);
  const found = scanRawBytes(bytes, ctx);
  if (found !== null) return found;
  // Attachments of a PDF may be PDFs: the list grows while it is read.
  for (let i = 0; i < ctx.pdfs.length; i++) {
    const inPdf = await scanPdf(ctx.pdfs[i]!, ctx);
    if (inPdf !== null) return inPdf;
  }
  return null;
}
