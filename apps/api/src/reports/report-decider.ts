import { decideReport, evolveReport, initialReportState } from '@app/domain';

export const reportDecider = { decide: decideReport, evolve: evolveReport, initialState: initialReportState };
