// Benign and key-holding documents generated at test time: PDFs (written out object by object,
// with compressed content streams as real ones have), zip-based office documents, and UTF-16/32
// text. Nothing here is a stored binary fixture.
import { deflateRawSync, deflateSync } from 'node:zlib';

const pdfString = (s: string): string => `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;

/** A PDF with one page per entry of `pages`, each line of text drawn in Helvetica; content streams deflated. */
export function pdfDocument(pages: readonly (readonly string[])[], options: { readonly attachment?: { name: string; bytes: Uint8Array } } = {}): Buffer {
  const objs: Buffer[] = [];
  const obj = (s: string): number => objs.push(Buffer.from(s, 'latin1'));
  const stream = (dict: string, data: Buffer): number => objs.push(Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]));
  const pageIds = pages.map((_, i) => 4 + 2 * i);
  const names = options.attachment === undefined ? '' : ` /Names << /EmbeddedFiles << /Names [${pdfString(options.attachment.name)} ${4 + 2 * pages.length} 0 R] >> >>`;
  obj(`<< /Type /Catalog /Pages 2 0 R${names} >>`);
  obj(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  obj('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  pages.forEach((lines, i) => {
    obj(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + 2 * i} 0 R >>`);
    const content = `BT /F1 9 Tf 30 810 Td 11 TL ${lines.map((l) => `${pdfString(l)} '`).join(' ')} ET`;
    stream('/Filter /FlateDecode', deflateSync(Buffer.from(content, 'latin1')));
  });
  if (options.attachment !== undefined) {
    obj(`<< /Type /Filespec /F ${pdfString(options.attachment.name)} /EF << /F ${5 + 2 * pages.length} 0 R >> >>`);
    stream('/Type /EmbeddedFile /Filter /FlateDecode', deflateSync(options.attachment.bytes));
  }
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(length);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), o, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(b);
    length += b.length;
  });
  const xref = `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive (deflated members, central directory): the container of .docx, .xlsx and .odt. */
export function zipArchive(members: readonly { readonly name: string; readonly bytes: Uint8Array | string }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const data = typeof m.bytes === 'string' ? Buffer.from(m.bytes, 'utf8') : Buffer.from(m.bytes);
    const packed = deflateRawSync(data);
    const name = Buffer.from(m.name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const xmlEscape = (s: string): string => s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);

/** A word-processor document (.docx layout): each paragraph's text split over runs, as editors do. */
export function docxDocument(paragraphs: readonly string[]): Buffer {
  const body = paragraphs.map((p) => `<w:p>${(p.match(/.{1,7}/gs) ?? []).map((run) => `<w:r><w:t xml:space="preserve">${xmlEscape(run)}</w:t></w:r>`).join('')}</w:p>`).join('');
  return zipArchive([
    { name: '[Content_Types].xml', bytes: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { name: 'word/document.xml', bytes: `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>` },
  ]);
}

/** A spreadsheet (.xlsx layout): one cell per value, in shared strings and numbers. */
export function xlsxDocument(rows: readonly (readonly (string | number)[])[]): Buffer {
  const strings: string[] = [];
  const sheet = rows
    .map((row, r) => `<row r="${r + 1}">${row.map((v) => (typeof v === 'number' ? `<c><v>${v}</v></c>` : `<c t="s"><v>${strings.push(v) - 1}</v></c>`)).join('')}</row>`)
    .join('');
  return zipArchive([
    { name: 'xl/worksheets/sheet1.xml', bytes: `<?xml version="1.0"?><worksheet><sheetData>${sheet}</sheetData></worksheet>` },
    { name: 'xl/sharedStrings.xml', bytes: `<?xml version="1.0"?><sst>${strings.map((s) => `<si><t>${xmlEscape(s)}</t></si>`).join('')}</sst>` },
  ]);
}

/** An OpenDocument text (.odt): mimetype first, stored as the format wants (here deflated; readers accept it). */
export function odtDocument(paragraphs: readonly string[]): Buffer {
  return zipArchive([
    { name: 'mimetype', bytes: 'application/vnd.oasis.opendocument.text' },
    { name: 'content.xml', bytes: `<?xml version="1.0"?><office:document-content><office:body><office:text>${paragraphs.map((p) => `<text:p>${xmlEscape(p)}</text:p>`).join('')}</office:text></office:body></office:document-content>` },
  ]);
}

/** Text in UTF-16 or UTF-32, either byte order, with or without a byte order mark. */
export function wideText(text: string, encoding: 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be', bom: boolean): Buffer {
  const units = encoding.startsWith('utf-16') ? 2 : 4;
  const cps = [...(bom ? '\ufeff' : ''), ...text].map((c) => c.codePointAt(0)!);
  const out = Buffer.alloc(units === 2 ? Buffer.byteLength(text, 'utf16le') + (bom ? 2 : 0) : cps.length * 4);
  if (units === 2) {
    out.write(`${bom ? '\ufeff' : ''}${text}`, 'utf16le');
    if (encoding === 'utf-16be') out.swap16();
  } else {
    cps.forEach((cp, i) => (encoding === 'utf-32le' ? out.writeUInt32LE(cp, i * 4) : out.writeUInt32BE(cp, i * 4)));
  }
  return out;
}
