import { crc32, inflateRawSync } from 'node:zlib';
import { FieldError, invalid } from '@app/domain';
import { problem } from '../../platform/http/problem';

/**
 * An XLSX body is a zip: 1 MB of it can inflate to gigabytes (a zip bomb), and the spreadsheet
 * reader would inflate all of it, caching the shared strings whole and spilling worksheets that
 * come before them to temporary files. So the import inflates the few entries it reads itself,
 * each under a cap and all of them under a total cap (zlib stops at the cap, so neither memory
 * nor time follows the claimed or the real size), and hands the reader a stored (uncompressed)
 * zip of exactly those entries: what the reader sees is what was counted. The central
 * directory (the zip's own index) tells where each entry is; the local headers in between, which
 * the reader would otherwise walk, never reach it.
 */

const MiB = 1024 * 1024;
/** The most any one entry the import reads may inflate to. */
export const XLSX_ENTRY_MAX_BYTES = 8 * MiB;
/** The most the entries the import reads may inflate to together. */
export const XLSX_TOTAL_MAX_BYTES = 12 * MiB;

/** What the reader needs of a workbook, in the order it wants them (shared strings before the sheet, so nothing is spilled to disk). */
const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
const SHARED_STRINGS = 'xl/sharedStrings.xml';
const WORKSHEET = /^xl\/worksheets\/sheet\d+\.xml$/;
/** A workbook without shared strings (inline strings, numbers only) gets an empty table, for the same reason. */
const EMPTY_SHARED_STRINGS = Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>', 'utf8');

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  localOffset: number;
}

function unreadable(detail: string): never {
  const errors: FieldError[] = [{ field: 'body', message: `is not an XLSX workbook that can be read: ${detail}` }];
  throw invalid('the body is not an XLSX workbook that can be read', errors);
}

function tooLarge(message: string): never {
  throw problem(413, 'Payload too large', `The XLSX body ${message}; nothing was recorded.`, [{ field: 'body', message }]);
}

function centralDirectory(zip: Buffer): CentralEntry[] {
  // The end record is the last 22 bytes, or up to 65,535 bytes of comment earlier.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) unreadable('no zip directory');
  const count = zip.readUInt16LE(end + 10);
  const size = zip.readUInt32LE(end + 12);
  const offset = zip.readUInt32LE(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) unreadable('zip64 is not needed for 1 MB and not read');
  if (offset + size > end) unreadable('the zip directory lies outside the file');
  const entries: CentralEntry[] = [];
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || zip.readUInt32LE(at) !== CENTRAL) unreadable('a broken zip directory');
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    if (at + 46 + nameLength > end) unreadable('a broken zip directory');
    entries.push({
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      localOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** One entry's bytes, inflated under `limit` (zlib gives up as soon as the output passes it). */
function inflated(zip: Buffer, entry: CentralEntry, limit: number, overLimit: () => never): Buffer {
  if (entry.flags & 0x1) unreadable(`${entry.name} is encrypted`);
  const local = entry.localOffset;
  if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL) unreadable(`${entry.name} has no entry header`);
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (start + entry.compressedSize > zip.length) unreadable(`${entry.name} is cut short`);
  if (entry.method === 0) {
    if (data.length > limit) overLimit();
    return data;
  }
  if (entry.method !== 8) unreadable(`${entry.name} is compressed with method ${entry.method}`);
  try {
    return inflateRawSync(data, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') overLimit();
    return unreadable(`${entry.name} does not inflate`);
  }
}

/**
 * The entries of an XLSX body the import reads (the workbook, its relationships, the shared
 * strings, the first worksheet in the zip's directory), inflated under the caps, as the chunks of
 * a stored zip for the spreadsheet reader. 413 naming the body when an entry or all of them
 * inflate past a cap; 400 when the zip cannot be read.
 */
export function boundedWorkbook(zip: Buffer): Buffer[] {
  if (zip.length < 22) unreadable('too short for a zip');
  const directory = centralDirectory(zip);
  const wanted = [WORKBOOK, WORKBOOK_RELS, SHARED_STRINGS];
  const sheet = directory.find((e) => WORKSHEET.test(e.name));
  const order = sheet ? [...wanted, sheet.name] : wanted;
  const picked: CentralEntry[] = [];
  for (const name of order) {
    const matches = directory.filter((e) => e.name === name);
    if (matches.length > 1) unreadable(`${name} appears twice`);
    if (matches.length) picked.push(matches[0]);
  }
  let total = 0;
  const read = new Map<string, Buffer>();
  for (const entry of picked) {
    const limit = Math.min(XLSX_ENTRY_MAX_BYTES, XLSX_TOTAL_MAX_BYTES - total);
    const data = inflated(zip, entry, limit, () =>
      limit === XLSX_ENTRY_MAX_BYTES
        ? tooLarge(`inflates to more than ${XLSX_ENTRY_MAX_BYTES / MiB} MiB in ${entry.name} (at most ${XLSX_ENTRY_MAX_BYTES / MiB} MiB per part)`)
        : tooLarge(`inflates to more than ${XLSX_TOTAL_MAX_BYTES / MiB} MiB in the parts the import reads (at most ${XLSX_TOTAL_MAX_BYTES / MiB} MiB together)`),
    );
    total += data.length;
    read.set(entry.name, data);
  }
  if (!read.has(SHARED_STRINGS)) read.set(SHARED_STRINGS, EMPTY_SHARED_STRINGS);
  const files = order.filter((name) => read.has(name)).map((name) => ({ name, data: read.get(name)! }));
  return storedZip(files);
}

/** A zip of stored entries (no compression), as chunks: local headers and data, the directory, its end. */
function storedZip(files: { name: string; data: Buffer }[]): Buffer[] {
  const chunks: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    chunks.push(local, nameBytes, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    directory.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const size = directory.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return [...chunks, ...directory, end];
}
