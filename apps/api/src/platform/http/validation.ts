import { ValidationPipe } from '@nestjs/common';
import { fieldErrors, problem } from './problem';

/** Whitelisting: unknown fields are refused (400), not silently dropped. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  exceptionFactory: (errors) => {
    const list = fieldErrors(errors);
    return problem(400, 'Invalid input', list.map((e) => `${e.field} ${e.message}`).join('; ') || 'Invalid input.', list);
  },
});
