// The text of a PDF, for the private-key scan: each page's text as a reader would copy it, and
// the files embedded in it (attachments). A PDF's content streams are usually compressed and its
// text drawn glyph by glyph, so a key shown on a page is not in the file's bytes as text; a
// well-kept reader (pdf.js) extracts it. A PDF that cannot be read (encrypted with a password,
// corrupt) is refused rather than passed unscanned; so is one with more pages than PDF_BOUNDS.
import { unscannable } from './document-archive.ts';
import { PkiError } from './errors.ts';

export const PDF_BOUNDS = {
  /** Pages read from one PDF. */
  pages: 5_000,
  /** Files embedded in one PDF. */
  attachments: 1_000,
} as const;

export interface PdfContent {
  /** Page texts, in page order (page n at index n - 1). */
  readonly pages: readonly string[];
  readonly attachments: readonly { readonly name: string; readonly bytes: Uint8Array }[];
}

interface TextItem {
  readonly str?: string;
  readonly hasEOL?: boolean;
}

function reason(err: unknown): string {
  const name = (err as { name?: unknown }).name;
  return name === 'PasswordException' ? 'the PDF is encrypted with a password' : 'the PDF cannot be read';
}

/** Reads a PDF; throws document-unscannable when it cannot, document-bomb past PDF_BOUNDS. */
export async function readPdf(bytes: Uint8Array): Promise<PdfContent> {
  // Loaded on first use: pdf.js is large, and only document scans need it.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdf.js takes ownership of (detaches) the buffer it is given: a copy.
  const task = getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: true, verbosity: 0 });
  try {
    const doc = await task.promise.catch((err: unknown) => {
      throw unscannable(reason(err));
    });
    if (doc.numPages > PDF_BOUNDS.pages) throw new PkiError('document-bomb', `refused: the PDF has more than ${PDF_BOUNDS.pages} pages; such a document cannot be scanned for private keys`);
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push((content.items as TextItem[]).map((item) => `${item.str ?? ''}${item.hasEOL === true ? '\n' : ''}`).join(''));
      page.cleanup();
    }
    const embedded = ((await doc.getAttachments()) ?? {}) as Record<string, { filename?: string; content?: Uint8Array }>;
    const attachments = Object.entries(embedded).map(([key, a]) => ({ name: a.filename ?? key, bytes: a.content ?? new Uint8Array(0) }));
    if (attachments.length > PDF_BOUNDS.attachments) throw new PkiError('document-bomb', `refused: the PDF embeds more than ${PDF_BOUNDS.attachments} files; such a document cannot be scanned for private keys`);
    return { pages, attachments };
  } catch (err) {
    if (err instanceof PkiError) throw err;
    throw unscannable(reason(err));
  } finally {
    await task.destroy();
  }
}
