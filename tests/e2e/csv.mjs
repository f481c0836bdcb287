// A CSV reader for the tests and benchmarks, independent of the engine that writes the files they
// check (the pages never read CSV themselves: the engine does).

/**
 * The records of delimited text (RFC 4180: quoted fields may hold the delimiter, doubled quotes
 * and line breaks; CRLF or LF; a UTF-8 BOM is dropped). `limit` stops after that many records.
 */
export function parseCsv(text, delimiter = ',', limit = Infinity) {
  const records = [];
  let field = '';
  let record = [];
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => { record.push(field); records.push(record); record = []; field = ''; };
  for (; i < text.length && records.length < limit; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) { record.push(field); field = ''; }
    else if (c === '\n') endRecord();
    else if (c === '\r') { if (text[i + 1] === '\n') i++; endRecord(); }
    else field += c;
  }
  if (records.length < limit && (field !== '' || record.length)) endRecord();
  return records;
}
