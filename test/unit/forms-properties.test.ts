import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '#domain/errors.ts';
import { validateForm } from '#domain/forms.ts';
import { mutatedPilotActivities, validPilotActivities } from '../support/arbitraries.ts';
import { makeCall } from '../support/fixtures.ts';

const call = makeCall();

describe('validateForm properties', () => {
  it('accepts every generated valid form and returns it unchanged', () => {
    fc.assert(
      fc.property(validPilotActivities, (form) => {
        expect(validateForm('pilot-activities', 'complete', form, call)).toEqual(form);
      }),
      { numRuns: 300 },
    );
  });

  it('answers any hostile field with a typed 4xx error naming fields, never a crash', () => {
    fc.assert(
      fc.property(
        mutatedPilotActivities,
        fc.constantFrom('draft' as const, 'complete' as const),
        (form, mode) => {
          try {
            validateForm('pilot-activities', mode, form, call);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            const { status, errors } = error as DomainError;
            expect(status).toBeGreaterThanOrEqual(400);
            expect(status).toBeLessThan(500);
            if (status !== 413) expect(errors.length).toBeGreaterThan(0);
            for (const { path } of errors) expect(path).toMatch(/^activities/);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
