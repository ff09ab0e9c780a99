import { describe, expect, it } from 'vitest';
import { type Call, patchCall, updateCallSchema } from '#domain/calls.ts';

function makeCall(overrides: Partial<Call> = {}): Call {
  return {
    id: '01JCALL0000000000000000000',
    title: 'Input to the GEF proposal',
    deadline: '2030-03-31T23:59:00Z',
    draftSections: [{ id: 'rationale', title: 'Rationale', text: 'Plant pests threaten biodiversity.' }],
    proposalTitle: 'Protecting biodiversity from plant pests',
    targetPartner: 'GEF',
    durationMonths: 36,
    status: 'open',
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'secretariat@example.org',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('updateCallSchema', () => {
  it('accepts null for an optional fact, to clear it', () => {
    // act
    const parsed = updateCallSchema().safeParse({ targetPartner: null, durationMonths: null });

    // assess
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual({ targetPartner: null, durationMonths: null });
  });

  it('takes the budgets of Components 1 and 3, null to clear one, and refuses a negative one by its name', () => {
    // act
    const set = updateCallSchema().safeParse({
      globalToolsBudgetUsd: 1_500_000,
      knowledgeManagementBudgetUsd: null,
    });
    const negative = updateCallSchema().safeParse({ knowledgeManagementBudgetUsd: -1 });

    // assess
    expect(set.data).toEqual({ globalToolsBudgetUsd: 1_500_000, knowledgeManagementBudgetUsd: null });
    expect(negative.success).toBe(false);
    expect(negative.error?.issues.map((issue) => issue.path)).toEqual([['knowledgeManagementBudgetUsd']]);
  });

  it('refuses null for a required field', () => {
    // act
    const parsed = updateCallSchema().safeParse({ title: null });

    // assess
    expect(parsed.success).toBe(false);
  });
});

describe('patchCall', () => {
  it('removes the members a patch sets to null and keeps those it leaves out', () => {
    // prepare
    const call = makeCall();

    // act
    const patched = patchCall(call, { targetPartner: null, durationMonths: null, title: 'Revised title' });

    // assess
    expect(patched).not.toHaveProperty('targetPartner');
    expect(patched).not.toHaveProperty('durationMonths');
    expect(patched.proposalTitle).toBe('Protecting biodiversity from plant pests');
    expect(patched.title).toBe('Revised title');
  });
});
