/**
 * The benchmark proposal, generated deterministically: N contributors (the ten RPPOs, then synthetic
 * ones standing for the NPPOs of the 185 contracting parties) × M activities each, comments on six
 * draft sections, support commitments and promotion events.
 */
import type { Call } from '#domain/calls.ts';
import type { FormData, FormName, PilotActivity } from '#domain/forms.ts';
import { type Rppo, type RppoCode, rppoSeed } from '#domain/rppos.ts';
import type { Revision } from '#domain/submissions.ts';
import { seeded } from '../test/support/seeded.ts';

const sectionIds = ['executive-summary', 'rationale', 'alignment', 'components', 'knowledge', 'budget'];
const activityTypes = ['surveillance', 'diagnostics', 'training', 'early-warning', 'research'] as const;
const pests = [
  'Xylella fastidiosa',
  'Bactrocera dorsalis',
  'Spodoptera frugiperda',
  'Tuta absoluta',
  'Huanglongbing',
];

export interface BenchmarkInput {
  readonly call: Call;
  readonly rppos: Rppo[];
  readonly revisions: Revision[];
}

export function benchmarkInput(contributors: number, activitiesEach: number): BenchmarkInput {
  const next = seeded(contributors * 1000 + activitiesEach);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const rppos: Rppo[] = Array.from({ length: contributors }, (_, index) => {
    const seed = rppoSeed[index];
    if (seed) return seed;
    const code = `NPPO${String(index).padStart(3, '0')}` as RppoCode;
    return {
      code,
      name: `National Plant Protection Organization ${index}`,
      region: 'National',
      seat: '',
      languages: ['en'],
      members: ['FR'],
    };
  });
  const at = '2027-02-01T12:00:00.000Z';
  const revision = <F extends FormName>(rppo: Rppo, form: F, data: FormData[F]): Revision => ({
    callId: 'bench',
    rppo: rppo.code,
    form,
    version: 2,
    status: 'submitted',
    data,
    createdAt: at,
    createdBy: { subject: `user-${rppo.code}`, email: `focal.point@${rppo.code.toLowerCase()}.example.org` },
  });
  const activity = (rppo: Rppo, index: number): PilotActivity => {
    const pest = pick(pests);
    return {
      title: `${pick(['Regional', 'National', 'Joint'])} ${pick(['surveillance', 'diagnostics', 'training'])} for ${pest} (${rppo.code} ${index + 1})`,
      description: `Builds the capacity of national plant protection organizations to detect and respond to ${pest}, with shared protocols, field work and reporting to the IPPC.`,
      activityType: pick(activityTypes),
      level: pick(['regional', 'national'] as const),
      countries: rppo.members.slice(0, 3),
      expectedResults: 'Earlier detection, faster response and fewer introductions of regulated pests.',
      indicators: [
        {
          description: 'Surveillance sites operating',
          unit: 'sites',
          baseline: '0',
          target: String(10 + Math.floor(next() * 40)),
        },
        {
          description: 'Staff trained',
          unit: 'people',
          baseline: '0',
          target: String(20 + Math.floor(next() * 80)),
        },
      ],
      durationMonths: 6 + Math.floor(next() * 42),
      estimatedCostUsd: 1000 * (20 + Math.floor(next() * 480)),
      inKindOfferUsd: 1000 * Math.floor(next() * 50),
      ippcObjectives: ['SO-B'],
      gbfTargets: ['T6', pick(['T10', 'T20', 'T21'] as const)],
    };
  };
  const revisions = rppos.flatMap((rppo) => [
    revision(rppo, 'pilot-activities', {
      activities: Array.from({ length: activitiesEach }, (_, i) => activity(rppo, i)),
    }),
    revision(rppo, 'draft-input', {
      comments: sectionIds.map((sectionId) => ({
        sectionId,
        type: 'substantive' as const,
        comment: `The ${sectionId} section should name the regional priorities of ${rppo.name}.`,
      })),
    }),
    revision(rppo, 'implementation-support', {
      commitments: [
        {
          supportType: 'hosting-meetings',
          scope: 'regional',
          description: 'Hosts the regional inception meeting.',
          valueUsd: 25_000,
          status: 'confirmed',
        },
        {
          supportType: 'technical-experts',
          scope: 'regional',
          description: 'Two diagnosticians.',
          personDays: 60,
          valueUsd: 30_000,
          status: 'indicative',
        },
      ],
    }),
    revision(rppo, 'guide-promotion', {
      events: [
        {
          eventType: 'workshop',
          title: 'Regional workshop on the Guide',
          date: '2027-05-12',
          status: 'planned',
          languages: ['en', 'fr'],
          countriesReached: rppo.members.slice(0, 5),
          participants: 40,
        },
      ],
    }),
  ]);
  const call: Call = {
    id: 'bench',
    title: 'Benchmark call for input',
    proposalTitle: 'Protecting biodiversity from plant pests',
    targetPartner: 'Global Environment Facility (GEF)',
    durationMonths: 48,
    globalToolsBudgetUsd: 1_500_000,
    knowledgeManagementBudgetUsd: 650_000,
    deadline: '2027-03-31T23:59:00Z',
    status: 'open',
    version: 1,
    createdAt: '2027-01-10T09:00:00.000Z',
    createdBy: 'secretariat@example.org',
    updatedAt: '2027-01-10T09:00:00.000Z',
    draftSections: sectionIds.map((id) => ({
      id,
      title: id.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase()),
      text: 'Invasive alien species are a leading driver of biodiversity loss. **Regional pilots** test what works.\n\n- Surveillance\n- Diagnostics\n- Response',
    })),
  };
  return { call, rppos, revisions };
}
