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
          /** The refusal the decision throws (failing the test when it throws none, or something else). */
          const refusal = (): DomainError => {
            let error: unknown;
            try {
              run();
            } catch (e) {
              error = e;
            }
            expect(error).toBeInstanceOf(DomainError);
            return error as DomainError;
          };
          return {
            then(expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenFails(kind: DomainErrorKind, field?: string) {
              const error = refusal();
              expect(error.kind).toBe(kind);
              if (field) expect(error.errors.map((f) => f.field)).toContain(field);
            },
            /** The whole refusal: its kind, its sentence (the problem's detail) and every field error, word for word. */
            thenRefuses(kind: DomainErrorKind, message: string, errors: FieldError[] = []) {
              const { kind: k, message: m, errors: f } = refusal();
              expect({ kind: k, message: m, errors: f }).toEqual({ kind, message, errors });
            },
          };
        },
      };
    },
  };
}
