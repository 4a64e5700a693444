import { DomainError, DomainErrorKind, FieldError } from '../errors';

/** given(events).when(command).then(events) | .thenFails(kind), in the style of Emmett's DeciderSpecification. */
export function deciderSpecification<C, E, S>(decider: {
  decide: (command: C, state: S) => E[];
  evolve: (state: S, event: E) => S;
  initialState: S;
}) {
  return {
    given(events: E[]) {
      const state = events.reduce(decider.evolve, decider.initialState);
      return {
        when(command: C) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenFails(kind: DomainErrorKind, field?: string) {
              let error: unknown;
              try {
                run();
              } catch (e) {
                error = e;
              }
              expect(error).toBeInstanceOf(DomainError);
              expect((error as DomainError).kind).toBe(kind);
              if (field) expect((error as DomainError).errors.map((f) => f.field)).toContain(field);
            },
            /** The whole refusal: its kind, its sentence (the problem's detail) and every field error, word for word. */
            thenRefuses(kind: DomainErrorKind, message: string, errors: FieldError[] = []) {
              let error: unknown;
              try {
                run();
              } catch (e) {
                error = e;
              }
              expect(error).toBeInstanceOf(DomainError);
              const { kind: k, message: m, errors: f } = error as DomainError;
              expect({ kind: k, message: m, errors: f }).toEqual({ kind, message, errors });
            },
          };
        },
      };
    },
  };
}
