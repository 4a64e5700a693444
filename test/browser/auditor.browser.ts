import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { Api, expectAccessible, expectNoHorizontalScroll, screenshot, signInWithToken, startApi, watchPage, settled } from './support/server';

/** An auditor follows one figure of the demo's 2020 report through its corrections, as a timeline. */
test.describe.configure({ mode: 'serial' });

let api: Api;
let auditor: string;
/** A whole second after the demo was written and before the correction below: the as-of moment of the totals test. */
let beforeCorrection: Date;

test.beforeAll(async () => {
  api = await startApi();
  auditor = api.token('aud-1', ['auditor']);
  const sup = api.token('sup-1', ['supervisor:daklak-bcd']);
  const sup2 = api.token('sup-2', ['supervisor:daklak-bcd']);
  const rep = api.token('rep-bcd', ['reporter:daklak-bcd']);
  beforeCorrection = new Date(Math.ceil((Date.now() + 1) / 1000) * 1000);
  await new Promise((r) => setTimeout(r, beforeCorrection.getTime() - Date.now() + 50));
  expect((await api.call('POST', '/api/reports/daklak-bcd-2020/reopen', sup, { reason: 'Bổ sung số nhà ở' })).status).toBe(200);
  expect((await api.call('PUT', '/api/reports/daklak-bcd-2020/figures', rep, { figures: [{ indicator: 'houses_supported', value: 560 }], reason: 'Cộng 20 nhà của Trung đoàn 66' })).status).toBe(200);
  await settled(api, 'POST', '/api/reports/daklak-bcd-2020/submit', rep);
  expect((await api.call('POST', '/api/reports/daklak-bcd-2020/approve', sup2, { comment: 'Đồng ý' })).status).toBe(200);
});

test.afterAll(async () => {
  await api?.stop();
});

test('an auditor follows one figure\'s trail from the report to the timeline, and filters it', async ({ page }) => {
  const problems = watchPage(page);
  await signInWithToken(page, api.url, auditor);
  // An auditor lands on the trail; the approval queue is not theirs, the audit trail is in the menu.
  await expect(page.getByRole('heading', { name: 'Truy vết số liệu' })).toBeVisible();
  await page.goto(`${api.url}/app/#/reports/daklak-bcd-2020`);
  await expect(page.getByTestId('report-status')).toHaveText('Đã duyệt');
  // An auditor reviews nothing: no review buttons.
  await expect(page.getByRole('button', { name: 'Mở lại để sửa đổi' })).toHaveCount(0);
  await page.locator('table.figures tr[data-indicator="houses_supported"]').getByRole('link', { name: 'Truy vết' }).click();

  await expect(page.getByRole('heading', { name: 'Truy vết số liệu' })).toBeVisible();
  await expect(page.getByLabel('Mã báo cáo')).toHaveValue('daklak-bcd-2020');
  const timeline = page.getByTestId('timeline');
  const entries = timeline.locator('li');
  // The same entries, in the same order, as the API's trail for that figure.
  const trail = (await api.call('GET', '/api/audit?reportId=daklak-bcd-2020&indicator=houses_supported', auditor)).body.items as { action: string; actor: string }[];
  expect(trail.map((e) => e.action)).toEqual(['figure_recorded', 'figure_corrected']);
  await expect(entries).toHaveCount(trail.length);
  await expect(entries.nth(0)).toHaveAttribute('data-action', 'figure_recorded');
  await expect(entries.nth(0)).toContainText('Ghi số liệu');
  await expect(entries.nth(0)).toContainText('demo:clerk');
  await expect(entries.nth(0).locator('ins')).toHaveText('hơn 540');
  await expect(entries.nth(1)).toHaveAttribute('data-action', 'figure_corrected');
  await expect(entries.nth(1)).toContainText('Sửa số liệu');
  await expect(entries.nth(1)).toContainText('rep-bcd');
  await expect(entries.nth(1).locator('del')).toHaveText('hơn 540');
  await expect(entries.nth(1).locator('ins')).toHaveText('560');
  await expect(entries.nth(1)).toContainText('Cộng 20 nhà của Trung đoàn 66');
  await expectAccessible(page, 'audit');
  await screenshot(page, 'audit');

  // The same trail as CSV, from the API's export of the same filter, with Vietnamese headings.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Tải CSV/ }).click()]);
  expect(csv.suggestedFilename()).toBe('audit-trail.csv');
  const text = readFileSync((await csv.path())!, 'utf8');
  expect(text.split('\r\n').filter(Boolean)).toHaveLength(1 + trail.length);
  expect(text).toContain('Cộng 20 nhà của Trung đoàn 66');
  expect(text).not.toContain('mobilization_participants');

  // By actor: only the reporter's correction.
  await page.getByLabel('Người thực hiện').fill('rep-bcd');
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(entries).toHaveCount(1);
  await expect(entries.nth(0)).toContainText('rep-bcd');
  expect(page.url()).toContain('actor=rep-bcd');

  // By dates: a day after today has nothing yet.
  const tomorrow = new Date(Date.now() + 36 * 3600_000);
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(tomorrow).split('-');
  await page.getByLabel('Từ ngày').fill(`${d}/${m}/${y}`);
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page.getByText('Không có mục nào khớp bộ lọc.')).toBeVisible();

  // What the API would refuse is refused here, field by field, before any call.
  await page.getByLabel('Từ ngày').fill('31/02/2024');
  await page.getByLabel('Mã đơn vị').fill('không hợp lệ');
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page.locator('#a-from-error')).toHaveText('Ngày dạng dd/mm/yyyy (năm 1945–2100).');
  await expect(page.locator('#a-unitId-error')).toContainText('Chỉ chữ, số');
  await expect(page.getByLabel('Từ ngày')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'audit-errors');

  // By unit and indicator, the whole report's approvals are in the trail too.
  await page.goto(`${api.url}/app/#/audit?unitId=daklak-bcd`);
  await expect(timeline.locator('li[data-action="approved"]')).toHaveCount(2);
  await expect(timeline.locator('li[data-action="reopened"]')).toContainText('Bổ sung số nhà ở');
  // The paper report's creation, entered afterwards: the date it happened, and when it was recorded.
  const created = timeline.locator('li[data-action="created"]').filter({ hasText: 'daklak-bcd-2020' });
  await expect(created).toContainText('19/01/2021');
  await expect(created).toContainText('Ghi sổ');
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalScroll(page);
  await expectAccessible(page, 'audit (phone)');
  await screenshot(page, 'phone-audit');
  expect(problems).toEqual([]);
});

test('an auditor reads the totals as the ledger stood before the correction, then the figures now', async ({ page }) => {
  const problems = watchPage(page);
  const houses = (body: { indicators: { indicator: string; approved: string | null }[] }) => body.indicators.find((i) => i.indicator === 'houses_supported')?.approved;
  const then = await api.call('GET', `/api/summaries/2020?asOfTime=${beforeCorrection.toISOString()}`, auditor);
  const now = await api.call('GET', '/api/summaries/2020', auditor);
  expect(then.status).toBe(200);
  // The correction moved the 2020 total: the screen below can only show the earlier one by asking for it.
  expect(houses(then.body)).toBeTruthy();
  expect(houses(then.body)).not.toEqual(houses(now.body));
  const digits = (text: string | null | undefined) => (text ?? '').replace(/\D/g, '');

  await signInWithToken(page, api.url, auditor);
  await page.goto(`${api.url}/app/#/totals?indicator=houses_supported&grain=year&year=2020`);
  const cell = page.getByTestId('totals-by-period').locator('tr[data-period="2020"] td[data-col="approved"]');
  await expect(cell).toBeVisible();
  expect(digits(await cell.textContent())).toBe(digits(houses(now.body)));
  await expect(page.getByTestId('as-of')).toHaveCount(0);

  // The moment, in the browser's own wall time to the second, as a person would type it.
  const local = await page.evaluate((iso) => {
    const d = new Date(iso);
    const two = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  }, beforeCorrection.toISOString());
  await page.getByLabel('Tại thời điểm').fill(local);
  await page.getByRole('button', { name: 'Xem', exact: true }).click();
  await expect(page.getByTestId('as-of')).toContainText(then.headers.get('x-as-of-position')!);
  expect(page.url()).toContain(`at=${encodeURIComponent(beforeCorrection.toISOString())}`);
  await expect.poll(async () => digits(await cell.textContent())).toBe(digits(houses(then.body)));
  await expectAccessible(page, 'totals as of');

  // Back to the figures now.
  await page.getByRole('link', { name: 'Xem số liệu hiện tại' }).click();
  await expect(page.getByTestId('as-of')).toHaveCount(0);
  await expect.poll(async () => digits(await cell.textContent())).toBe(digits(houses(now.body)));
  expect(problems).toEqual([]);
});

test('the API shows the auditor\'s problem answers as they are: a supervisor gets 403 on the trail', async ({ page }) => {
  const problems = watchPage(page);
  await signInWithToken(page, api.url, api.token('sup-1', ['supervisor:daklak-bcd']));
  await page.goto(`${api.url}/app/#/audit?reportId=daklak-bcd-2020`);
  await expect(page.getByRole('alert')).toContainText('Bạn không có quyền xem mục này.');
  await expect(page.getByRole('alert')).toContainText('403');
  expect(problems).toEqual([]);
});
