import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { Api, expectAccessible, expectNoHorizontalScroll, screenshot, signInWithToken, startApi, watchPage, settled } from './support/server';

/**
 * A supervisor of the Đắk Lắk steering committee works through the web app on the demo: the
 * queue, a report with its changed figure highlighted, approval, the totals chart moving.
 * Set-up acts of other people (a reporter's amendment, another supervisor) go through the API.
 */
test.describe.configure({ mode: 'serial' });

let api: Api;
const tokens: Record<string, string> = {};

test.beforeAll(async () => {
  api = await startApi();
  tokens.sup = api.token('sup-1', ['supervisor:daklak-bcd']);
  tokens.sup2 = api.token('sup-2', ['supervisor:daklak-bcd']);
  tokens.rep = api.token('rep-bcd', ['reporter:daklak-bcd']);
  tokens.td66 = api.token('rep-td66', ['reporter:td66']);

  // The approved 2020 report is reopened and one figure corrected (540 → 560 houses), then resubmitted.
  expect((await api.call('POST', '/api/reports/daklak-bcd-2020/reopen', tokens.sup2, { reason: 'Bổ sung số nhà ở của các đơn vị quân đội' })).status).toBe(200);
  const put = await api.call('PUT', '/api/reports/daklak-bcd-2020/figures', tokens.rep, {
    figures: [{ indicator: 'houses_supported', value: 560 }],
    reason: 'Cộng thêm 20 nhà do Trung đoàn 66 xây dựng',
  });
  expect(put.status).toBe(200);
  await settled(api, 'POST', '/api/reports/daklak-bcd-2020/submit', tokens.rep);
});

test.afterAll(async () => {
  await api?.stop();
});

test('a supervisor signs in, sees the queue, opens the amended report and sees the changed figure highlighted', async ({ page }) => {
  const problems = watchPage(page);
  await page.goto(`${api.url}/app/`);
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
  await expect(page.getByText('npm run --silent token')).toBeVisible();
  await expectAccessible(page, 'sign-in');
  await screenshot(page, 'sign-in');

  // Something that is not a token is refused before any call.
  await page.getByLabel('Mã truy cập (JWT)').fill('not a token');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(page.getByText('Mã không hợp lệ')).toBeVisible();

  await signInWithToken(page, api.url, tokens.sup);
  // The token is in the session, never in the address.
  expect(page.url()).not.toContain(tokens.sup);
  await expect(page.getByRole('heading', { name: 'Báo cáo chờ duyệt' })).toBeVisible();
  const row = page.locator('tr[data-report="daklak-bcd-2020"]');
  await expect(row).toBeVisible();
  await expect(row).toContainText('Năm 2020');
  await expect(row).toContainText('Bản sửa đổi của báo cáo đã duyệt');
  await expectAccessible(page, 'queue');
  await screenshot(page, 'queue');

  await row.getByRole('link', { name: 'daklak-bcd-2020' }).click();
  await expect(page.getByRole('heading', { name: 'Báo cáo daklak-bcd-2020' })).toBeVisible();
  await expect(page.getByTestId('report-status')).toHaveText('Chờ duyệt');
  const changed = page.locator('table.figures tr[data-indicator="houses_supported"]');
  await expect(changed).toHaveAttribute('data-change', 'changed');
  await expect(changed).toHaveClass(/change-changed/);
  // The demo's figure is "hơn 540" (over 540); the amendment is an exact 560.
  await expect(changed.locator('del')).toHaveText('hơn 540');
  await expect(changed.locator('ins')).toHaveText('560');
  await expect(page.getByTestId('changes-summary')).toHaveText('1 thay đổi so với bản đã duyệt');
  // Only that one row is highlighted; money reads as Vietnamese writes it.
  await expect(page.locator('table.figures tr[data-change="changed"]')).toHaveCount(1);
  await expect(page.locator('table.figures tr[data-indicator="support_value_vnd"]')).toContainText('15,3 tỷ đồng');
  await expect(page.locator('table.figures tr[data-indicator="mobilization_participants"]')).toContainText('416.000');
  // The history: version 2 (the amendment) on top, its one change with the reporter's reason, who
  // and when; version 1 below it with the decision that made it official.
  const history = page.getByTestId('history');
  await expect(history.locator(':scope > li')).toHaveCount(2);
  const v2 = history.locator('li[data-version="2"]');
  await expect(v2.locator('h3')).toContainText('rep-bcd');
  const corrected = v2.locator('tr[data-indicator="houses_supported"]');
  await expect(corrected).toHaveAttribute('data-action', 'figure_corrected');
  await expect(corrected.locator('del')).toHaveText('hơn 540');
  await expect(corrected.locator('ins')).toHaveText('560');
  await expect(corrected).toContainText('Cộng thêm 20 nhà do Trung đoàn 66 xây dựng');
  await expect(corrected).toContainText('rep-bcd');
  await expect(v2.locator('tbody tr')).toHaveCount(1);
  await expect(history.locator('li[data-version="1"] ul.decisions li[data-action="approved"]')).toBeVisible();
  await expect(history.locator('li[data-version="1"] ul.decisions li[data-action="reopened"]')).toContainText('Bổ sung số nhà ở của các đơn vị quân đội');
  await expectAccessible(page, 'report');
  await screenshot(page, 'report');
  expect(problems).toEqual([]);
});

test('approving moves the official total in the chart from 540 to 560', async ({ page }) => {
  const problems = watchPage(page);
  await signInWithToken(page, api.url, tokens.sup);
  await page.goto(`${api.url}/app/#/totals?indicator=houses_supported&grain=year&year=2021`);
  const y2020 = page.locator('[data-testid="totals-by-period"] tr[data-period="2020"]');
  // ≈: the official total includes a qualified figure ("hơn 540"); the proposed one is exact.
  await expect(y2020.locator('[data-col="approved"]')).toHaveText('540 ≈');
  await expect(y2020.locator('[data-col="proposed"]')).toHaveText('560');
  const chart = page.locator('figure.chart');
  const series = async () => JSON.parse((await chart.getAttribute('data-series'))!) as { label: string; values: number[] }[];
  expect((await series()).map((s) => s.values)).toEqual([
    [0, 0, 0, 540, 0],
    [0, 0, 0, 560, 0],
  ]);
  await expect(page.locator('figure.chart canvas')).toHaveAttribute('aria-label', /Biểu đồ/);
  // The breakdown by unit of the committee: its own figures are its row.
  await page.getByLabel('Theo đơn vị').check();
  await page.locator('#b-period').selectOption('2020');
  await expect(page.locator('[data-testid="breakdown-unit"] tr[data-key="daklak-bcd"]')).toContainText('540');
  await expectAccessible(page, 'totals');
  await screenshot(page, 'totals-before');

  await page.goto(`${api.url}/app/#/reports/daklak-bcd-2020`);
  await page.getByLabel('Ý kiến (không bắt buộc)').fill('Đồng ý số liệu bổ sung');
  await page.getByRole('button', { name: 'Duyệt', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã duyệt báo cáo.' })).toBeVisible();
  await expect(page.getByTestId('report-status')).toHaveText('Đã duyệt');
  await expect(page.locator('table.figures tr[data-change="changed"]')).toHaveCount(0);

  await page.goto(`${api.url}/app/#/totals?indicator=houses_supported&grain=year&year=2021`);
  await expect(y2020.locator('[data-col="approved"]')).toHaveText('560');
  expect((await series()).map((s) => s.values)).toEqual([
    [0, 0, 0, 560, 0],
    [0, 0, 0, 560, 0],
  ]);
  await screenshot(page, 'totals');

  // Quarter grain, as a line chart: a year report counts in no quarter.
  await page.getByLabel('Theo', { exact: true }).selectOption('quarter');
  await page.getByLabel('Năm', { exact: true }).fill('2020');
  await page.getByLabel('Dạng biểu đồ').selectOption('line');
  await page.getByRole('button', { name: 'Xem' }).click();
  await expect(page.locator('[data-testid="totals-by-period"] tr[data-period="2020-Q1"]')).toBeVisible();
  expect((await series()).map((s) => s.values)).toEqual([
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ]);
  // A year the API would refuse is refused here, with the reason.
  await page.getByLabel('Năm', { exact: true }).fill('1900');
  await page.getByRole('button', { name: 'Xem' }).click();
  await expect(page.getByText('Năm từ 1945 đến 2100.')).toBeVisible();
  expect(problems).toEqual([]);
});

test('a stale approve shows the conflict message and records nothing', async ({ page }) => {
  const problems = watchPage(page);
  expect((await api.call('POST', '/api/reports', tokens.td66, { id: 'td66-2022-h1', unitId: 'td66', period: '2022-H1' })).status).toBe(201);
  expect((await api.call('PUT', '/api/reports/td66-2022-h1/figures', tokens.td66, { figures: [{ indicator: 'work_days', value: 722 }] })).status).toBe(200);
  await settled(api, 'POST', '/api/reports/td66-2022-h1/submit', tokens.td66);

  await signInWithToken(page, api.url, tokens.sup);
  await page.goto(`${api.url}/app/#/reports/td66-2022-h1`);
  await expect(page.getByTestId('report-status')).toHaveText('Chờ duyệt');

  // Meanwhile another supervisor rejects it and the regiment corrects and resubmits.
  expect((await api.call('POST', '/api/reports/td66-2022-h1/reject', tokens.sup2, { reason: 'Thiếu số liệu km đường' })).status).toBe(200);
  expect((await api.call('PUT', '/api/reports/td66-2022-h1/figures', tokens.td66, { figures: [{ indicator: 'rural_road_km', value: '12.5' }], reason: 'Bổ sung km đường' })).status).toBe(200);
  await settled(api, 'POST', '/api/reports/td66-2022-h1/submit', tokens.td66);
  const before = (await api.call('GET', '/api/reports/td66-2022-h1', tokens.sup)).body;

  await page.getByRole('button', { name: 'Duyệt', exact: true }).click();
  const conflict = page.getByTestId('conflict');
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('Báo cáo đã thay đổi');
  await expect(conflict).toContainText('thao tác của bạn chưa được ghi');
  await expectAccessible(page, 'report-conflict');
  await screenshot(page, 'report-conflict');
  const after = (await api.call('GET', '/api/reports/td66-2022-h1', tokens.sup)).body;
  expect(after.revision).toBe(before.revision);
  expect(after.status).toBe('submitted');

  // Reloaded, the page shows the new figure and the approval goes through.
  await conflict.getByRole('button', { name: 'Tải lại báo cáo' }).click();
  await expect(page.locator('table.figures tr[data-indicator="rural_road_km"]')).toContainText('12,5');
  await page.getByRole('button', { name: 'Duyệt', exact: true }).click();
  await expect(page.getByTestId('report-status')).toHaveText('Đã duyệt');
  expect(problems).toEqual([]);
});

test('a reporter sees no approve button, and the API refuses the call anyway', async ({ page }) => {
  const problems = watchPage(page);
  expect((await api.call('POST', '/api/reports', tokens.td66, { id: 'td66-2022-h2', unitId: 'td66', period: '2022-H2' })).status).toBe(201);
  expect((await api.call('PUT', '/api/reports/td66-2022-h2/figures', tokens.td66, { figures: [{ indicator: 'work_days', value: 100 }] })).status).toBe(200);
  await settled(api, 'POST', '/api/reports/td66-2022-h2/submit', tokens.td66);

  await signInWithToken(page, api.url, tokens.td66);
  await expect(page.getByTestId('who')).toHaveText('rep-td66');
  await page.goto(`${api.url}/app/#/reports/td66-2022-h2`);
  await expect(page.getByTestId('report-status')).toHaveText('Chờ duyệt');
  await expect(page.getByRole('button', { name: 'Duyệt', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Trả lại' })).toHaveCount(0);
  await screenshot(page, 'report-as-reporter');
  // The same call from the reporter's own browser session, with the token the page holds.
  const answer = await page.evaluate(async () => {
    const token = sessionStorage.getItem('danvan.token');
    const res = await fetch('/api/reports/td66-2022-h2/approve', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' });
    return { status: res.status, type: res.headers.get('content-type') };
  });
  expect(answer.status).toBe(403);
  expect(answer.type).toContain('application/problem+json');
  expect((await api.call('GET', '/api/reports/td66-2022-h2', tokens.sup)).body.status).toBe('submitted');
  expect(problems).toEqual([]);
});

test('program completeness as progress bars', async ({ page }) => {
  const problems = watchPage(page);
  await signInWithToken(page, api.url, tokens.sup);
  await page.goto(`${api.url}/app/#/completeness?programId=daklak-dv-2021&period=2021`);
  const completeness = (await api.call('GET', '/api/programs/daklak-dv-2021/completeness?period=2021', tokens.sup)).body;
  await expect(page.getByText(`${completeness.expected}`, { exact: false }).first()).toBeVisible();
  await expect(page.getByTestId('progress-received')).toHaveAttribute('value', String(completeness.received));
  await expect(page.getByTestId('progress-received')).toHaveAttribute('max', String(Math.max(completeness.expected, 1)));
  await expect(page.getByTestId('progress-approved')).toHaveAttribute('value', String(completeness.approved));
  // A period the API would refuse is refused here, with the reason.
  await page.getByLabel('Kỳ').fill('2021-H3');
  await page.getByRole('button', { name: 'Xem' }).click();
  await expect(page.getByRole('alert')).toContainText('Kỳ dạng 2021');
  await page.getByLabel('Kỳ').fill('2021');
  await expectAccessible(page, 'completeness');
  await screenshot(page, 'completeness');
  expect(problems).toEqual([]);
});

test('every screen fits a phone, and English is one click away', async ({ page }) => {
  const problems = watchPage(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await signInWithToken(page, api.url, tokens.sup);
  for (const [name, path] of [
    ['queue', '#/queue'],
    ['report', '#/reports/daklak-bcd-2020'],
    ['totals', '#/totals?indicator=support_value_vnd&grain=year&year=2021'],
    ['completeness', '#/completeness?programId=daklak-dv-2021&period=2021'],
  ]) {
    await page.goto(`${api.url}/app/${path}`);
    await expect(page.locator('h1')).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Đang tải' })).toHaveCount(0);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page, `${name} (phone)`);
    await screenshot(page, `phone-${name}`);
  }
  await page.goto(`${api.url}/app/#/totals?indicator=support_value_vnd&grain=year&year=2021`);
  await expect(page.locator('[data-testid="totals-by-period"] tr[data-period="2020"] [data-col="approved"]')).toHaveText('15,3 tỷ đồng ≈');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Totals', exact: true })).toBeVisible();
  await expect(page.locator('[data-testid="totals-by-period"] tr[data-period="2020"] [data-col="approved"]')).toHaveText('15.3 billion VND ≈');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await expect(page.getByRole('heading', { name: 'Tổng hợp số liệu' })).toBeVisible();
  expect(problems).toEqual([]);
});

test('keyboard only: sign in, open the queue\'s report, approve', async ({ page }) => {
  const problems = watchPage(page);
  expect((await api.call('POST', '/api/reports', tokens.td66, { id: 'td66-2023', unitId: 'td66', period: '2023' })).status).toBe(201);
  expect((await api.call('PUT', '/api/reports/td66-2023/figures', tokens.td66, { figures: [{ indicator: 'work_days', value: 300 }] })).status).toBe(200);
  await settled(api, 'POST', '/api/reports/td66-2023/submit', tokens.td66);

  await page.goto(`${api.url}/app/`);
  const tabTo = async (predicate: string, limit = 40) => {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(predicate)) return;
    }
    throw new Error(`Tab never reached ${predicate}`);
  };
  await tabTo(`document.activeElement?.id === 'token'`);
  await page.keyboard.insertText(tokens.sup);
  await tabTo(`document.activeElement?.textContent === 'Đăng nhập'`);
  await page.keyboard.press('Enter');
  await expect(page.locator('tr[data-report="td66-2023"]')).toBeVisible();
  await tabTo(`document.activeElement?.textContent === 'td66-2023'`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('report-status')).toHaveText('Chờ duyệt');
  await tabTo(`document.activeElement?.textContent === 'Duyệt'`);
  // A visible focus ring on the focused button.
  expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('report-status')).toHaveText('Đã duyệt');
  expect(problems).toEqual([]);
});

test('totals by area: the province\'s districts, with huyện Lắk\'s 2023 money as the seeds write it, and drill-down', async ({ page }) => {
  const problems = watchPage(page);
  await signInWithToken(page, api.url, tokens.sup);
  await page.goto(`${api.url}/app/#/totals?indicator=support_value_vnd&grain=year&year=2023`);
  await expect(page.locator('[data-testid="totals-by-period"] tr[data-period="2023"] [data-col="approved"]')).toHaveText('2,631 tỷ đồng ≈');
  await page.locator('#b-root').selectOption('tinh-dak-lak');
  await page.locator('#b-period').selectOption('2023');
  const lak = page.locator('[data-testid="breakdown-area"] tr[data-key="huyen-lak"]');
  await expect(lak).toContainText('2,631 tỷ đồng ≈');
  await expect(page.locator('[data-testid="breakdown-area"] tfoot')).toContainText('2,631 tỷ đồng ≈');
  await lak.getByRole('button', { name: 'Xem chi tiết Lắk' }).click();
  await expect(page.locator('nav.crumbs')).toContainText('Đắk Lắk › Lắk');
  await expect(page.locator('[data-testid="breakdown-area"] caption')).toContainText('Lắk, Năm 2023');
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Tải Excel/ }).click()]);
  expect(xlsx.suggestedFilename()).toBe('support_value_vnd-2023-area-huyen-lak.xlsx');
  expect(readFileSync((await xlsx.path())!).subarray(0, 2).toString()).toBe('PK');
  await expectAccessible(page, 'totals-breakdown');
  await screenshot(page, 'totals-breakdown');
  await page.getByRole('button', { name: '← Quay lại' }).click();
  await expect(lak).toBeVisible();
  expect(problems).toEqual([]);
});
