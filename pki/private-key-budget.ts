// The bound on one scan's work. Every layer the scanner decodes (base64 inside hex inside a JSON
// string inside a zip member ...) costs the bytes it reads and produces; a scan that would do
// more than its budget, unwrap more layers than MAX_NESTING, or open archives nested deeper than
// ARCHIVE_BOUNDS.depth is refused (`input-too-complex`, `document-bomb`) rather than cut short:
// what was not scanned must not pass.
import { ARCHIVE_BOUNDS, ArchiveLimits } from './document-archive.ts';
import { PkiError } from './errors.ts';

/** Layers of encoding unwrapped inside one another before the input is refused. */
export const MAX_NESTING = 8;

/** Work allowed per byte of input, and the least any scan is allowed (small inputs nest deeply). */
const WORK_PER_INPUT_BYTE = 48;
const MIN_WORK = 16 * 1024 * 1024;

export class ScanBudget {
  private spent = 0;
  private readonly limit: number;

  constructor(inputBytes: number) {
    this.limit = Math.max(MIN_WORK, inputBytes * WORK_PER_INPUT_BYTE);
  }

  /** Charges `units` (bytes read or produced); throws once the budget is exhausted. */
  charge(units: number): void {
    this.spent += units;
    if (this.spent > this.limit) throw new PkiError('input-too-complex', `scanning the input for private keys needs more than ${this.limit} units of work (nested encodings)`);
  }
}

/** A PDF met by the synchronous scan: its text needs the (asynchronous) PDF reader, see document-scan.ts. */
export interface PendingPdf {
  readonly bytes: Uint8Array;
  /** Where it was found ("member evidence/report.pdf"); null for the document itself. */
  readonly where: string | null;
  readonly archiveDepth: number;
}

/** Where a scan is: its budgets, and how many layers and archives have been unwrapped to get here. */
export interface ScanContext {
  readonly budget: ScanBudget;
  readonly archives: ArchiveLimits;
  readonly depth: number;
  readonly archiveDepth: number;
  /** The archive members around this point, outermost first, for naming where a PDF was found. */
  readonly where: string | null;
  /** PDFs found so far; shared by every context of one scan. */
  readonly pdfs: PendingPdf[];
}

export function rootContext(inputBytes: number): ScanContext {
  return { budget: new ScanBudget(inputBytes), archives: new ArchiveLimits(), depth: 0, archiveDepth: 0, where: null, pdfs: [] };
}

/** The context inside the archive member `name`. */
export function inMember(ctx: ScanContext, name: string): ScanContext {
  return { ...ctx, where: ctx.where === null ? `member ${name}` : `${ctx.where} → member ${name}` };
}

/** The context one layer further in; refuses input nested deeper than MAX_NESTING. */
export function deeper(ctx: ScanContext): ScanContext {
  if (ctx.depth + 1 > MAX_NESTING) throw new PkiError('input-too-complex', `the input nests encodings more than ${MAX_NESTING} layers deep`);
  return { ...ctx, depth: ctx.depth + 1 };
}

/** The context inside one more archive (or compressed stream). */
export function insideArchive(ctx: ScanContext): ScanContext {
  if (ctx.archiveDepth + 1 > ARCHIVE_BOUNDS.depth) throw new PkiError('document-bomb', `refused: archives are nested more than ${ARCHIVE_BOUNDS.depth} deep; such a document cannot be scanned for private keys`);
  return { ...deeper(ctx), archiveDepth: ctx.archiveDepth + 1 };
}
