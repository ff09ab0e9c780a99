/**
 * A call for input: the Secretariat's draft proposal, sent to the RPPOs with a deadline.
 */
import * as z from 'zod';
import { ConflictError } from './errors.ts';
import { codedMessage, codedPattern, fieldKit } from './fields.ts';
import { lazy } from './lazy.ts';

const SECTION_ID = codedPattern(/^[a-z0-9][a-z0-9-]{0,63}$/, 'sectionIdFormat');

function callSchemas() {
  const k = fieldKit('complete');
  const draftSection = z.strictObject({
    id: z
      .string()
      .regex(SECTION_ID, { error: 'Lower-case letters, digits and hyphens, such as "rationale"' })
      .meta({ title: 'Section id' }),
    title: k.text({ max: 200, label: 'Section title' }),
    text: k.text({
      max: 10_000,
      multiline: true,
      label: 'Section text',
      hint: 'Paragraphs, lists and emphasis in Markdown',
    }),
  });

  const draftSections = z
    .array(draftSection)
    .min(1, { error: 'Add at least one draft section' })
    .max(20, { error: 'At most 20 draft sections' })
    .refine((sections) => new Set(sections.map((section) => section.id)).size === sections.length, {
      error: 'Section ids must be unique',
      params: { code: 'duplicateSectionId' },
    });

  const deadline = z.iso
    .datetime({
      offset: true,
      error: codedMessage(
        'Must be an ISO 8601 date-time with a time zone, such as 2027-03-31T23:59:00Z',
        'dateTime',
      ),
    })
    .meta({ title: 'Deadline' });

  /** Facts a proposal needs beyond the draft; all optional so a call can start small. */
  const proposalFacts = {
    proposalTitle: k.optionalText({ max: 300, label: 'Proposal title' }),
    targetPartner: k.optionalText({ max: 200, label: 'Target resource partner', hint: 'For example: GEF' }),
    durationMonths: z.number().int().min(1).max(120).meta({ title: 'Project duration (months)' }).optional(),
    // Components 1 and 3 are the Secretariat's to cost; Component 2 is the sum of the RPPOs' pilot activities.
    globalToolsBudgetUsd: k.optionalUsd({
      label: 'Budget of Component 1, global tools and guidance (USD)',
      hint: 'Component 2 is the sum of the activities the RPPOs suggest',
    }),
    knowledgeManagementBudgetUsd: k.optionalUsd({
      label: 'Budget of Component 3, knowledge management and monitoring (USD)',
    }),
  };

  const title = k.text({ min: 3, max: 300, label: 'Title of the call' });
  // In a patch, null clears an optional fact (absence leaves it as it is).
  const clearableFacts = {
    proposalTitle: proposalFacts.proposalTitle.unwrap().nullable().optional(),
    targetPartner: proposalFacts.targetPartner.unwrap().nullable().optional(),
    durationMonths: proposalFacts.durationMonths.unwrap().nullable().optional(),
    globalToolsBudgetUsd: proposalFacts.globalToolsBudgetUsd.unwrap().nullable().optional(),
    knowledgeManagementBudgetUsd: proposalFacts.knowledgeManagementBudgetUsd.unwrap().nullable().optional(),
  };
  const create = z.strictObject({ title, deadline, draftSections, ...proposalFacts });
  const update = z
    .strictObject({
      title: title.optional(),
      deadline: deadline.optional(),
      status: z.enum(['open', 'closed']).optional(),
      draftSections: draftSections.optional(),
      ...clearableFacts,
    })
    .refine((patch) => Object.keys(patch).length > 0, {
      error: 'Nothing to change',
      params: { code: 'nothingToChange' },
    });
  return { draftSection, create, update };
}

// Built on first use (cold start): only the routes that create or change a call need them.
const schemas = lazy(callSchemas);

/** The body of `POST /api/calls`. */
export const createCallSchema = () => schemas().create;
/** The body of `PATCH /api/calls/{callId}`: any of the call's fields, and its status; null clears an optional one. */
export const updateCallSchema = () => schemas().update;

export type CreateCall = z.output<ReturnType<typeof createCallSchema>>;
export type UpdateCall = z.output<ReturnType<typeof updateCallSchema>>;
export type DraftSection = z.output<ReturnType<typeof callSchemas>['draftSection']>;

export interface Call extends CreateCall {
  readonly id: string;
  readonly status: 'open' | 'closed';
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
}

/** The call with `patch` applied: a member set to null is removed, an absent one kept. */
export function patchCall(call: Call, patch: UpdateCall): Call {
  const patched: Record<string, unknown> = { ...call };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete patched[key];
    else if (value !== undefined) patched[key] = value;
  }
  return patched as unknown as Call;
}

/** Refuses a write to a closed call or after its deadline. */
export function assertAcceptsInput(call: Call, now: Date): void {
  if (call.status !== 'open') {
    throw new ConflictError(`The call "${call.title}" is closed`).coded({
      code: 'callClosed',
      params: { title: call.title },
    });
  }
  if (now.getTime() > Date.parse(call.deadline)) {
    throw new ConflictError(`The deadline of the call "${call.title}" (${call.deadline}) has passed`).coded({
      code: 'deadlinePassed',
      params: { title: call.title, deadline: call.deadline },
    });
  }
}
