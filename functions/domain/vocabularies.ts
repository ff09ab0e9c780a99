/**
 * Controlled vocabularies of the forms, with their English labels. The codes are the contract
 * (they are stored); labels are for people and may be reworded or translated freely.
 */

type Vocabulary = Readonly<Record<string, string>>;

/** The codes of a vocabulary as a non-empty tuple, the shape `z.enum` wants. */
export function codesOf<V extends Vocabulary>(vocabulary: V): [keyof V & string, ...(keyof V & string)[]] {
  return Object.keys(vocabulary) as [keyof V & string, ...(keyof V & string)[]];
}

export const commentTypes = {
  substantive: 'Substantive',
  technical: 'Technical',
  editorial: 'Editorial',
  translation: 'Translation',
} as const satisfies Vocabulary;

export const activityTypes = {
  surveillance: 'Surveillance',
  'pest-risk-analysis': 'Pest risk analysis',
  diagnostics: 'Diagnostics',
  legislation: 'Legislation and regulation',
  training: 'Training and capacity development',
  awareness: 'Awareness raising',
  'information-systems': 'Information systems',
  'early-warning': 'Early warning',
  'eradication-containment': 'Eradication and containment',
  research: 'Research',
  coordination: 'Coordination',
  'resource-mobilization': 'Resource mobilization',
} as const satisfies Vocabulary;

export const levels = { regional: 'Regional', national: 'National' } as const satisfies Vocabulary;

/** IPPC Strategic Framework 2020–2030 strategic objectives. */
export const ippcObjectives = {
  'SO-A': 'Enhance global food security and increase sustainable agricultural productivity',
  'SO-B': 'Protect the environment from the impacts of plant pests',
  'SO-C': 'Facilitate safe trade, development and economic growth',
} as const satisfies Vocabulary;

/** IPPC Strategic Framework 2020–2030 development agenda items. */
export const developmentAgendaItems = {
  'DAI-1': 'ePhyto',
  'DAI-2': 'Commodity- and pathway-specific ISPMs',
  'DAI-3': 'E-commerce and postal and courier pathways',
  'DAI-4': 'Third-party entities',
  'DAI-5': 'Pest outbreak alert and response systems',
  'DAI-6': 'Assessment and management of climate change impacts on plant health',
  'DAI-7': 'Research coordination',
  'DAI-8': 'Diagnostic laboratory networking',
} as const satisfies Vocabulary;

/** Kunming-Montreal Global Biodiversity Framework targets (short titles). */
export const gbfTargets = {
  T1: 'Plan and manage all areas to reduce biodiversity loss',
  T2: 'Restore 30% of all degraded ecosystems',
  T3: 'Conserve 30% of land, waters and seas',
  T4: 'Halt species extinction and protect genetic diversity',
  T5: 'Ensure sustainable, safe and legal harvesting and trade of wild species',
  T6: 'Reduce the introduction of invasive alien species and minimize their impact',
  T7: 'Reduce pollution to levels that are not harmful to biodiversity',
  T8: 'Minimize the impacts of climate change on biodiversity',
  T9: 'Manage wild species sustainably to benefit people',
  T10: 'Enhance biodiversity and sustainability in agriculture, aquaculture, fisheries and forestry',
  T11: "Restore, maintain and enhance nature's contributions to people",
  T12: 'Enhance green spaces and urban planning for human well-being and biodiversity',
  T13: 'Increase the sharing of benefits from genetic resources and traditional knowledge',
  T14: 'Integrate biodiversity in decision-making at every level',
  T15: 'Businesses assess, disclose and reduce biodiversity-related risks',
  T16: 'Enable sustainable consumption choices',
  T17: 'Strengthen biosafety and distribute the benefits of biotechnology',
  T18: 'Reduce harmful incentives and scale up positive incentives',
  T19: 'Mobilize financial resources for biodiversity from all sources',
  T20: 'Strengthen capacity-building, technology transfer and cooperation',
  T21: 'Ensure that knowledge is available and accessible to guide action',
  T22: 'Ensure participation, justice and information for all',
  T23: 'Ensure gender equality in biodiversity action',
} as const satisfies Vocabulary;

export const supportTypes = {
  coordination: 'Coordination and convening',
  'technical-experts': 'Technical experts',
  'hosting-meetings': 'Hosting meetings',
  'in-kind-staff': 'In-kind staff time',
  'cash-cofinancing': 'Cash co-financing',
  'data-sharing': 'Data sharing',
  outreach: 'Outreach',
  'monitoring-evaluation': 'Monitoring and evaluation',
  'national-endorsements': 'Facilitating national endorsements',
  translation: 'Translation',
} as const satisfies Vocabulary;

export const scopes = { regional: 'Regional', national: 'National' } as const satisfies Vocabulary;

export const commitmentStatuses = {
  indicative: 'Indicative',
  confirmed: 'Confirmed',
} as const satisfies Vocabulary;

export const promotionEventTypes = {
  'governing-body-session': 'Governing body session',
  workshop: 'Workshop',
  webinar: 'Webinar',
  publication: 'Publication (newsletter or web post)',
  translation: 'Translation',
  'distribution-to-nppos': 'Distribution to NPPOs',
  'advisory-visit': 'Advisory visit',
} as const satisfies Vocabulary;

export const eventStatuses = { planned: 'Planned', done: 'Done' } as const satisfies Vocabulary;
