import { Module } from '@nestjs/common';
import { ChangeProgramHandler } from './changing-program/change-program.command';
import { ChangeProgramController } from './changing-program/change-program.controller';
import { CreateProgramHandler } from './creating-program/create-program.command';
import { CreateProgramController } from './creating-program/create-program.controller';
import { RecordReviewHandler } from './recording-review/record-review.command';
import { RecordReviewController } from './recording-review/record-review.controller';
import { ReviewsController } from './reading-reviews/reviews.controller';
import { GetReviewHandler, ListReviewsHandler } from './reading-reviews/reviews.query';
import { ProgramsController } from './reading-programs/programs.controller';
import { GetCompletenessHandler, GetProgramHandler, ListProgramsHandler } from './reading-programs/programs.query';

const controllers = [CreateProgramController, ChangeProgramController, RecordReviewController, ProgramsController, ReviewsController];
const commandHandlers = [CreateProgramHandler, ChangeProgramHandler, RecordReviewHandler];
const queryHandlers = [ListProgramsHandler, GetProgramHandler, GetCompletenessHandler, ListReviewsHandler, GetReviewHandler];

@Module({ controllers, providers: [...commandHandlers, ...queryHandlers] })
export class ProgramsModule {}
