import { csvCell, csvChunks, csvField } from './csv';
import { decimalCell } from './xlsx';
import { Column, tableOf } from './table';

const text: Column = { key: 'note', vi: 'Ghi chú', en: 'Note', kind: 'text' };
const decimal: Column = { key: 'value', vi: 'Giá trị', en: 'Value', kind: 'decimal' };

describe('CSV cells (RFC 4180)', () => {
  it('quotes a field holding a comma, a quote, CR or LF, doubling quotes; leaves others bare', () => {
    expect(csvField('Ia Lốp')).toBe('Ia Lốp');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('hơn "540" căn')).toBe('"hơn ""540"" căn"');
    expect(csvField('dòng 1\r\ndòng 2')).toBe('"dòng 1\r\ndòng 2"');
    expect(csvField('x\ny')).toBe('"x\ny"');
  });

  it('defuses text a spreadsheet would run as a formula; leaves negative decimals as numbers', () => {
    expect(csvCell(text, '=cmd|"/c calc"!A1')).toBe(`"'=cmd|""/c calc""!A1"`);
    expect(csvCell(text, '+84 912')).toBe("'+84 912");
    expect(csvCell(text, '-5 hộ')).toBe("'-5 hộ");
    expect(csvCell(text, '@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(decimal, '-12.5')).toBe('-12.5');
    expect(csvCell(text, null)).toBe('');
    expect(csvCell({ ...text, kind: 'flag' }, undefined)).toBe('false');
    expect(csvCell({ ...text, kind: 'flag' }, true)).toBe('true');
  });

  it('writes a BOM, the header and CRLF rows', async () => {
    let out = '';
    for await (const chunk of csvChunks(tableOf('t', [text, decimal], [{ note: 'gần 4.400', value: '4400' }, { value: '0.5' }]), 'vi')) out += chunk;
    expect(out).toBe('\uFEFFGhi chú,Giá trị\r\ngần 4.400,4400\r\n,0.5\r\n');
  });
});

describe('XLSX decimal cells', () => {
  it('are numbers with their own decimals shown when a double holds them exactly', () => {
    expect(decimalCell('416000')).toEqual({ value: 416000, numFmt: '#,##0' });
    expect(decimalCell('36.24')).toEqual({ value: 36.24, numFmt: '#,##0.00' });
    expect(decimalCell('110.500')).toEqual({ value: 110.5, numFmt: '#,##0.000' });
    expect(decimalCell('-3')).toEqual({ value: -3, numFmt: '#,##0' });
  });

  it('are text when a double would change them (no silent rounding on the way into Excel)', () => {
    expect(decimalCell('9007199254740993')).toEqual({ value: '9007199254740993' });
    expect(decimalCell('123456789012345678.5')).toEqual({ value: '123456789012345678.5' });
  });
});
