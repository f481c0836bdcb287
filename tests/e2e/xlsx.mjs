// Reads the cells of an XLSX in Node for the tests, with no dependency: the zip central directory
// is parsed by hand and entries inflated with node:zlib; the sheet XML is read with patterns that
// cover what spreadsheet programs and writers emit (shared strings, inline strings, numbers,
// booleans, formulas with cached values).
import { inflateRawSync } from 'node:zlib';

/** The entries of a zip archive: Map of name -> Buffer (stored or deflated entries). */
export function unzip(bytes) {
  const buf = Buffer.from(bytes);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip archive: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry ${n}`);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + compressed);
    if (method === 0) files.set(name, Buffer.from(data));
    else if (method === 8) files.set(name, inflateRawSync(data));
    else throw new Error(`unsupported zip method ${method} for ${name}`);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** XML text with entities and character references decoded. */
export function xmlText(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e] ?? m;
  });
}

/** The text of a string item (<si> or <is>): the concatenation of its <t> runs. */
const runs = (xml) => [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)].map((m) => xmlText(m[1] ?? '')).join('');

/** Column letters -> 0-based index. */
const columnIndex = (letters) => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;

/**
 * Reads an XLSX: returns { sheets: [{ name, rows }] } where rows is an array of arrays of strings
 * (missing cells ''); a formula cell gives { formula, value } so a test can say which it expects.
 */
export function readXlsx(bytes) {
  const files = unzip(bytes);
  const text = (name) => files.get(name)?.toString('utf8');
  const shared = [...(text('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => runs(m[1]));
  const workbook = text('xl/workbook.xml');
  if (!workbook) throw new Error('no xl/workbook.xml');
  const rels = text('xl/_rels/workbook.xml.rels') ?? '';
  const targets = new Map([...rels.matchAll(/<Relationship\b([^>]*)\/?>/g)].map((m) => [
    m[1].match(/\bId="([^"]+)"/)?.[1], m[1].match(/\bTarget="([^"]+)"/)?.[1]]));
  const sheets = [];
  for (const m of workbook.matchAll(/<sheet\b([^>]*)\/?>/g)) {
    const name = xmlText(m[1].match(/\bname="([^"]*)"/)[1]);
    const rid = m[1].match(/\br:id="([^"]+)"/)?.[1];
    let target = targets.get(rid) ?? '';
    target = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    const xml = text(target);
    if (!xml) throw new Error(`sheet ${name}: missing ${target}`);
    const rows = [];
    for (const row of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      const r = Number(row[1].match(/\br="(\d+)"/)?.[1] ?? rows.length + 1) - 1;
      const cells = [];
      for (const c of (row[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const ref = c[1].match(/\br="([A-Z]+)\d+"/)?.[1];
        const col = ref ? columnIndex(ref) : cells.length;
        const type = c[1].match(/\bt="(\w+)"/)?.[1] ?? 'n';
        const body = c[2] ?? '';
        const v = body.match(/<v>([\s\S]*?)<\/v>/)?.[1];
        let value;
        if (type === 's') value = shared[Number(v)];
        else if (type === 'inlineStr') value = runs(body.match(/<is>([\s\S]*?)<\/is>/)?.[1] ?? '');
        else value = v === undefined ? '' : xmlText(v);
        const f = body.match(/<f\b[^>]*>([\s\S]*?)<\/f>/)?.[1];
        while (cells.length < col) cells.push('');
        cells[col] = f === undefined ? value : { formula: xmlText(f), value };
      }
      while (rows.length < r) rows.push([]);
      rows[r] = cells;
    }
    sheets.push({ name, rows });
  }
  return { sheets };
}
