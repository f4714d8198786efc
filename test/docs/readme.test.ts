// The README is the product's first page: its tables must render as tables. A Markdown table is a
// run of consecutive lines starting with `|`: a header row, a `| --- |` separator, then rows with
// as many cells as the header. A blank line inside it ends the table, and the rows after it render
// as plain text (this happened to the command table).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { COMMANDS } from '../../server/cli/commands.ts';

const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md');

interface Table {
  readonly line: number;
  readonly rows: readonly string[];
}

/** Every run of consecutive table-looking lines outside code fences, with its first line number. */
function tablesOf(markdown: string): Table[] {
  const tables: Table[] = [];
  let fenced = false;
  let current: { line: number; rows: string[] } | null = null;
  markdown.split('\n').forEach((text, index) => {
    if (text.startsWith('```')) fenced = !fenced;
    const row = !fenced && text.startsWith('|');
    if (row && current === null) current = { line: index + 1, rows: [] };
    if (row) current!.rows.push(text);
    else if (current !== null) {
      tables.push(current);
      current = null;
    }
  });
  if (current !== null) tables.push(current);
  return tables;
}

/** The cells of a row; `\|` inside a cell and `|` inside backticks do not split it. */
function cellsOf(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let code = false;
  for (let i = 1; i < row.length; i++) {
    const c = row[i]!;
    if (c === '`') code = !code;
    if (c === '\\' && row[i + 1] === '|') {
      cell += '\\|';
      i++;
    } else if (c === '|' && !code) {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  return cells;
}

function problemsOf(table: Table): string[] {
  const [header, separator, ...rows] = table.rows;
  const where = `table at README.md:${table.line}`;
  if (separator === undefined || !cellsOf(separator).every((c) => /^:?-{3,}:?$/.test(c))) {
    return [`${where} has no | --- | separator under its first row (a blank line before it split a table?)`];
  }
  const width = cellsOf(header!).length;
  return rows.flatMap((row, i) => {
    const n = cellsOf(row).length;
    return n === width ? [] : [`${where}, row ${i + 1}: ${n} cells instead of ${width}`];
  });
}

describe('README.md', () => {
  const markdown = readFileSync(README, 'utf8');

  it('renders every table as one table: a separator under the header and no broken rows', () => {
    expect(tablesOf(markdown).flatMap(problemsOf)).to.deep.equal([]);
  });

  it('keeps the command table in one piece', () => {
    const commands = tablesOf(markdown).filter((t) => t.rows.some((r) => r.startsWith('| `keygate ')));
    expect(commands, 'one table holds every keygate command row').to.have.length(1);
    for (const name of [...Object.keys(COMMANDS), 'log verify', 'cert inspect', 'anchor add', 'user add', 'token create', 'request submit']) {
      expect(commands[0]!.rows.some((r) => r.startsWith(`| \`keygate ${name}`)), name).to.equal(true);
    }
  });

  context('when a blank line splits a table', () => {
    it('reports the rows after it', () => {
      const broken = '| a | b |\n| --- | --- |\n| 1 | 2 |\n\n| 3 | 4 |\n';
      expect(tablesOf(broken).flatMap(problemsOf)).to.have.length(1);
    });
  });
});
