import { SeedFigure } from './demo-catalogue';

/**
 * Joint work in a shared commune. Seed 000 gives Ia Lốp (and Ia R'vê) to both the border guards
 * and Đoàn KT-QP 737 but reports no joint figure: these two 2022 reports are an illustration, not
 * seed figures. The border guards report the activity first (300 work-days), 737 reports it with
 * its own count (280) beside 50 work-days of its own in Ia R'vê: Ia Lốp counts the activity once,
 * at the border guards' figure, and each unit's totals show its part as `joint`.
 */
export const DEMO_JOINT_ACTIVITY = 'ia-lop-2022-duong-lien-thon';

type JointSeedFigure = SeedFigure & { activityRef?: string; partners?: string[] };

const NOTE = 'Minh họa (không có trong seed 000): làm đường liên thôn ở xã Ia Lốp, phối hợp giữa hai đơn vị cùng phụ trách địa bàn';

export const DEMO_JOINT_REPORTS: { reportId: string; unitId: string; period: string; figures: JointSeedFigure[] }[] = [
  {
    reportId: 'daklak-bdbp-2022', unitId: 'daklak-bdbp', period: '2022',
    figures: [{ indicator: 'work_days', areaCode: 'xa-ia-lop', value: '300', note: NOTE, activityRef: DEMO_JOINT_ACTIVITY, partners: ['doan737'] }],
  },
  {
    reportId: 'doan737-2022', unitId: 'doan737', period: '2022',
    figures: [
      { indicator: 'work_days', areaCode: 'xa-ia-lop', value: '280', note: NOTE, activityRef: DEMO_JOINT_ACTIVITY, partners: ['daklak-bdbp'] },
      { indicator: 'work_days', areaCode: 'xa-ia-rve', value: '50', note: 'Minh họa (không có trong seed 000)' },
    ],
  },
];
