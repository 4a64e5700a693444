import ExcelJS from 'exceljs';
import { DomainError } from '@app/domain';
import { rowsFromCsv, rowsFromJson, rowsFromXlsx } from './figure-rows';

const refusal = (read: () => unknown) => {
  try {
    read();
  } catch (error) {
    if (error instanceof DomainError) return { kind: error.kind, errors: error.errors };
    throw error;
  }
  throw new Error('read without refusal');
};

describe('figure rows: a data value set read from CSV, XLSX or JSON', () => {
  it('reads RFC 4180 records with the line each starts on, a BOM, quoted commas, quotes and line breaks, LF line ends', () => {
    const rows = rowsFromCsv(Buffer.from('\uFEFFindicator,areaCode,value,qualifier,note\r\nwork_days,,722,,"a, ""b""\r\nc"\r\nrural_road_km,xa-a,12.5,about,\n\nhouses_supported,,5,,x'));
    expect(rows.map((r) => [r.line, r.input])).toEqual([
      [2, { indicator: 'work_days', value: '722', areaCode: null, qualifier: null, note: 'a, "b"\nc', activityRef: null, partners: null }],
      [4, { indicator: 'rural_road_km', value: '12.5', areaCode: 'xa-a', qualifier: 'about', note: null, activityRef: null, partners: null }],
      [6, { indicator: 'houses_supported', value: '5', areaCode: null, qualifier: null, note: 'x', activityRef: null, partners: null }],
    ]);
  });

  it("reads the export's headings in words and a spreadsheet's apostrophe off protected text", () => {
    const [row] = rowsFromCsv(Buffer.from("Giá trị,Chỉ tiêu,ghi chú\r\n5,work_days,'=1+1\r\n"));
    expect(row.input).toEqual({ indicator: 'work_days', value: '5', areaCode: null, qualifier: null, note: '=1+1', activityRef: null, partners: null });
  });

  it('reads joint work: the activity and its partners, separated by spaces (a list in JSON)', () => {
    const [row] = rowsFromCsv(Buffer.from('indicator,value,areaCode,activityRef,partners\r\nwork_days,300,xa-ia-lop,ia-lop-2022,doan737 daklak-bdbp\r\n'));
    expect(row.input).toMatchObject({ activityRef: 'ia-lop-2022', partners: ['doan737', 'daklak-bdbp'] });
    expect(rowsFromJson({ rows: [{ indicator: 'work_days', value: 1, activityRef: 'a-1', partners: ['doan737'] }] })[0].input).toMatchObject({ activityRef: 'a-1', partners: ['doan737'] });
    expect(rowsFromCsv(Buffer.from('indicator,value,partners\r\nwork_days,1,bad/unit\r\n'))[0].errors).toEqual([{ field: 'line 2.partners', message: 'must be unit ids separated by spaces' }]);
  });

  it('names each bad cell by line and column; a row with more cells than the header is bad too', () => {
    const rows = rowsFromCsv(Buffer.from('indicator,value,note\r\nWork Days,1,\r\nwork_days,,\r\nwork_days,1,x,extra\r\nwork_days,1,a\u0007b\r\n'));
    expect(rows.map((r) => r.errors.map((e) => e.field))).toEqual([['line 2.indicator'], ['line 3.value'], ['line 4'], ['line 5.note']]);
    expect(rows.every((r) => r.input === null)).toBe(true);
  });

  it('refuses a file it cannot read as a whole: unknown or missing columns, an open quote, bytes that are not UTF-8, no rows', () => {
    expect(refusal(() => rowsFromCsv(Buffer.from('indicator,value,colour\r\n')))).toMatchObject({ kind: 'invalid', errors: [{ field: 'line 1.3' }] });
    expect(refusal(() => rowsFromCsv(Buffer.from('indicator,note\r\nx,y\r\n')))).toMatchObject({ errors: [{ field: 'line 1.value' }] });
    expect(refusal(() => rowsFromCsv(Buffer.from('indicator,value\r\nx,"1\r\n')))).toMatchObject({ errors: [{ field: 'line 2' }] });
    expect(refusal(() => rowsFromCsv(Buffer.from('indicator,value\r\nx,1"\r\n')))).toMatchObject({ errors: [{ field: 'line 2' }] });
    expect(refusal(() => rowsFromCsv(Buffer.concat([Buffer.from('indicator,value\r\nx,1\r\ny,'), Buffer.from([0xc3]), Buffer.from('\r\n')])))).toMatchObject({ errors: [{ field: 'line 3' }] });
    expect(refusal(() => rowsFromCsv(Buffer.from('indicator,value\r\n')))).toMatchObject({ kind: 'invalid' });
    expect(refusal(() => rowsFromCsv(Buffer.from(`indicator,value\r\n${'work_days,1\r\n'.repeat(501)}`)))).toMatchObject({ errors: [{ message: 'an import holds at most 500 rows' }] });
  });

  it('reads XLSX cells: numbers as numbers, text as text, a formula refused by line', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('r');
    sheet.addRow(['indicator', 'areaCode', 'value', 'qualifier', 'note']);
    sheet.addRow(['rural_road_km', 'xa-a', 12.5, 'about', null]);
    sheet.addRow(['support_value_vnd', null, '123456789012345678901', null, 'văn bản']);
    sheet.addRow(['work_days', null, { formula: 'A1+1', result: 2 }, null, null]);
    const rows = await rowsFromXlsx(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(rows.map((r) => [r.line, r.input, r.errors])).toEqual([
      [2, { indicator: 'rural_road_km', value: 12.5, areaCode: 'xa-a', qualifier: 'about', note: null, activityRef: null, partners: null }, []],
      [3, { indicator: 'support_value_vnd', value: '123456789012345678901', areaCode: null, qualifier: null, note: 'văn bản', activityRef: null, partners: null }, []],
      [4, null, [{ field: 'line 4.value', message: 'is a formula; enter its value' }, { field: 'line 4.value', message: 'is required (an import records figures; PUT figures removes them)' }]],
    ]);
  });

  it('reads JSON rows, naming errors by their place in rows', () => {
    const rows = rowsFromJson({ rows: [{ indicator: 'work_days', value: 3 }, { indicator: 'work_days', value: true }, { indicator: 1, value: '1' }] });
    expect(rows[0]).toEqual({ line: 1, field: 'rows[0]', input: { indicator: 'work_days', value: 3, areaCode: null, qualifier: null, note: null, activityRef: null, partners: null }, errors: [] });
    expect(rows[1].errors.map((e) => e.field)).toContain('rows[1].value');
    expect(rows[2].errors.map((e) => e.field)).toContain('rows[2].indicator');
    expect(refusal(() => rowsFromJson({ rows: [], more: 1 }))).toMatchObject({ errors: [{ field: 'more' }] });
    expect(refusal(() => rowsFromJson({ rows: [] }))).toMatchObject({ errors: [{ field: 'rows' }] });
  });
});
