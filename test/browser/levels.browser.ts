import { expect, test } from '@playwright/test';
import { Api, expectAccessible, screenshot, settled, signInWithToken, startApi, watchPage } from './support/server';

/**
 * Two approval levels (a district committee, then the province's steering committee): each
 * supervisor's queue holds what waits at their level; "all submitted" shows the rest of their
 * scope; the district approves in the browser and the report moves to the province's queue.
 * Set-up by other people (admin, the steering committee, a reporter) goes through the API.
 *
 *   bcd-lv (steering) ── huyen-lv ── xa-lv       levels: [huyen-lv, bcd-lv]
 */
test.describe.configure({ mode: 'serial' });

let api: Api;
const tokens: Record<string, string> = {};

test.beforeAll(async () => {
  api = await startApi();
  tokens.admin = api.token('admin-lv', ['admin']);
  tokens.rep = api.token('rep-xa', ['reporter:xa-lv']);
  tokens.dist = api.token('sup-huyen', ['supervisor:huyen-lv']);
  tokens.prov = api.token('sup-tinh', ['supervisor:bcd-lv']);
  const ok = async (method: string, path: string, body: unknown, token = tokens.admin) => {
    const res = await api.call(method, path, token, body);
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  };
  await ok('POST', '/api/units', { id: 'bcd-lv', name: 'Ban Chỉ đạo tỉnh (thử hai cấp)', kind: 'steering-committee' });
  await ok('POST', '/api/units', { id: 'huyen-lv', name: 'Ban Dân vận Huyện ủy (thử)', kind: 'party-committee', parentId: 'bcd-lv' });
  await ok('POST', '/api/units', { id: 'xa-lv', name: 'Đảng ủy xã (thử)', kind: 'party-committee', parentId: 'huyen-lv' });
  await ok('POST', '/api/programs', {
    id: 'ct-hai-cap', name: 'Chương trình duyệt hai cấp', parties: ['huyen-lv'], steeringUnitId: 'bcd-lv', fromYear: 2024, toYear: 2030,
    calendar: [{ periodType: 'month', deadlineDays: 15 }],
  });
  await ok('POST', '/api/programs/ct-hai-cap/approval-levels', { levels: [{ unitId: 'huyen-lv', name: 'Ban Dân vận Huyện ủy' }, { unitId: 'bcd-lv', name: 'Ban Chỉ đạo tỉnh' }] }, tokens.prov);
  await ok('POST', '/api/reports', { id: 'xa-lv-2025-03', unitId: 'xa-lv', period: '2025-03', programId: 'ct-hai-cap' }, tokens.rep);
  await ok('PUT', '/api/reports/xa-lv-2025-03/figures', { figures: [{ indicator: 'houses_supported', value: 4 }] }, tokens.rep);
  await settled(api, 'POST', '/api/reports/xa-lv-2025-03/submit', tokens.rep);
});

test.afterAll(async () => {
  await api?.stop();
});

test('the district sees the report at its level, approves it, and it moves to the province\'s queue', async ({ page }) => {
  const problems = watchPage(page);
  await signInWithToken(page, api.url, tokens.dist);
  await expect(page.getByRole('heading', { name: 'Báo cáo chờ duyệt' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Chờ tôi duyệt' })).toHaveAttribute('aria-current', 'page');
  const row = page.locator('tr[data-report="xa-lv-2025-03"]');
  await expect(row.getByTestId('level')).toHaveText('Cấp 1/2: Ban Dân vận Huyện ủy (thử)');
  await expectAccessible(page, 'queue-levels');
  await screenshot(page, 'queue-levels');

  await row.getByRole('link', { name: 'xa-lv-2025-03' }).click();
  const levels = page.getByTestId('levels');
  await expect(levels.locator('li[data-level="0"]')).toHaveAttribute('data-state', 'waiting');
  await expect(levels.locator('li[data-level="1"]')).toHaveAttribute('data-state', 'later');
  await page.getByLabel('Ý kiến (không bắt buộc)').fill('Huyện đã thẩm định');
  await page.getByRole('button', { name: 'Duyệt', exact: true }).click();
  // One level of two: still awaiting approval, the district's approval recorded with its comment.
  await expect(page.getByTestId('report-status')).toHaveText('Chờ duyệt');
  await expect(levels.locator('li[data-level="0"]')).toHaveAttribute('data-state', 'approved');
  await expect(levels.locator('li[data-level="0"]')).toContainText('sup-huyen');
  await expect(levels.locator('li[data-level="1"]')).toHaveAttribute('data-state', 'waiting');
  await expect(page.getByTestId('history').locator('li[data-version="1"] ul.decisions li[data-action="level_approved"]')).toContainText('Huyện đã thẩm định');
  // The district's level is done: no approve button for it on this version (the API would refuse).
  await expect(page.getByRole('button', { name: 'Duyệt', exact: true })).toHaveCount(0);
  // The confirmation outlives that refresh (the actions card it came from is gone now).
  await expect(page.getByRole('status').filter({ hasText: 'Đã duyệt ở cấp của bạn' })).toBeVisible();
  await expectAccessible(page, 'report-levels');
  await screenshot(page, 'report-levels');

  // Nothing waits at the district's level any more.
  await page.getByRole('link', { name: 'Chờ duyệt', exact: true }).click();
  await expect(page.getByText('Không có báo cáo nào đang chờ duyệt.')).toBeVisible();
  expect(problems).toEqual([]);
});

test('the province finds it in its own queue at level 2; the district\'s approval is shown', async ({ page }) => {
  const problems = watchPage(page);
  await signInWithToken(page, api.url, tokens.prov);
  const row = page.locator('tr[data-report="xa-lv-2025-03"]');
  await expect(row.getByTestId('level')).toContainText('Cấp 2/2: Ban Chỉ đạo tỉnh (thử hai cấp)');
  await expect(row.getByTestId('level')).toContainText('Cấp 1: sup-huyen');
  await row.getByRole('link', { name: 'xa-lv-2025-03' }).click();
  await expect(page.getByTestId('levels').locator('li[data-level="1"]')).toHaveAttribute('data-state', 'waiting');
  await expect(page.getByRole('button', { name: 'Duyệt', exact: true })).toBeVisible();
  expect(problems).toEqual([]);
});

test('"all submitted" shows what waits at another level; "awaiting me" does not', async ({ page }) => {
  // A second report, submitted, waiting at the district's level; one of its figures is outside
  // its indicator's plausible range (a warning, not a refusal).
  expect((await api.call('POST', '/api/indicators', tokens.admin, { code: 'ty_le_thu', name: 'tỷ lệ hộ được thăm', unit: 'percent', aggregation: 'latest', scale: 1 })).status).toBe(201);
  expect((await api.call('PUT', '/api/indicators/ty_le_thu/rules', tokens.admin, { rules: [], range: { min: 0, max: 100 } })).status).toBe(200);
  await api.call('POST', '/api/reports', tokens.rep, { id: 'xa-lv-2025-04', unitId: 'xa-lv', period: '2025-04', programId: 'ct-hai-cap' });
  await api.call('PUT', '/api/reports/xa-lv-2025-04/figures', tokens.rep, { figures: [{ indicator: 'houses_supported', value: 2 }, { indicator: 'ty_le_thu', value: 120 }] });
  await settled(api, 'POST', '/api/reports/xa-lv-2025-04/submit', tokens.rep);

  const problems = watchPage(page);
  await signInWithToken(page, api.url, tokens.prov);
  await expect(page.locator('tr[data-report="xa-lv-2025-03"]')).toBeVisible();
  await expect(page.locator('tr[data-report="xa-lv-2025-04"]')).toHaveCount(0);
  await page.getByRole('link', { name: 'Tất cả báo cáo đã nộp' }).click();
  await expect(page.getByRole('link', { name: 'Tất cả báo cáo đã nộp' })).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('tr[data-report="xa-lv-2025-04"] [data-testid="level"]')).toHaveText('Cấp 1/2: Ban Dân vận Huyện ủy (thử)');
  // The submission's checks, as the API found them, among the row's warnings and on the report.
  await expect(page.locator('tr[data-report="xa-lv-2025-04"] ul.warnings')).toContainText('tỷ lệ hộ được thăm: 0 <= ty_le_thu <= 100');
  await expect(page.locator('tr[data-report="xa-lv-2025-03"] ul.warnings')).not.toContainText('tỷ lệ hộ được thăm');
  await expect(page.locator('tr[data-report="xa-lv-2025-03"]')).toBeVisible();
  await expectAccessible(page, 'queue-all');
  await page.locator('tr[data-report="xa-lv-2025-04"]').getByRole('link', { name: 'xa-lv-2025-04' }).click();
  await expect(page.getByTestId('figure-warnings')).toContainText('tỷ lệ hộ được thăm: 0 <= ty_le_thu <= 100');
  await expectAccessible(page, 'report-warnings');
  expect(problems).toEqual([]);
});
