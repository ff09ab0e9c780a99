/**
 * `npm run demo`: one realistic round of the product on an in-memory local stack (the user's .data/
 * is not touched). The IPPC Secretariat opens a call for input on a GEF proposal, six RPPOs answer
 * the four forms, NEPPO only saves a draft and the others stay pending; the Secretariat assembles the
 * proposal and the Word document is written to out/. Everything goes over HTTP, exactly as the web
 * client does: sign-in tokens, PUT to save, POST .../submit with If-Match, a presigned download link.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DraftInput, FormData, FormName, PilotActivity } from '#domain/forms.ts';
import type { ProposalRecord } from '#domain/proposals.ts';
import type { RppoCode } from '#domain/rppos.ts';
import { type LocalStack, startLocalStack } from './stack.ts';

const OUT_DIR = resolve(import.meta.dirname, '..', 'out');
const DAY_MS = 24 * 60 * 60 * 1000;
const FORMS: readonly FormName[] = [
  'draft-input',
  'pilot-activities',
  'implementation-support',
  'guide-promotion',
];

// ---------------------------------------------------------------------------------------------------
// The Secretariat's draft

const draftSections = [
  {
    id: 'executive-summary',
    title: 'Executive summary',
    text:
      'Invasive alien species were a major factor in 60% of recorded global extinctions and cost the world more than USD 423 billion in 2019 (IPBES, 2023); many of them are **plant pests**. ' +
      'This project brings the International Plant Protection Convention (IPPC) and the Convention on Biological Diversity (CBD) together to prevent the introduction and spread of plant pests that threaten ecosystems, in support of **Target 6** of the Kunming-Montreal Global Biodiversity Framework.\n\n' +
      'It combines global phytosanitary tools with **regional pilot sub-projects** led by the Regional Plant Protection Organizations (RPPOs), and a knowledge-management component that makes the results available to all 185 contracting parties.',
  },
  {
    id: 'rationale',
    title: 'Rationale',
    text:
      'Trade, travel and a changing climate move plant pests into new ecosystems faster than national plant protection organizations (NPPOs) can detect them. *Xylella fastidiosa*, the fall armyworm and Huanglongbing of citrus show how an incursion in one country soon becomes a regional problem, for farmers and natural ecosystems alike.\n\n' +
      'The barriers are well known:\n\n' +
      '- surveillance rarely covers forests, wetlands and other natural areas;\n' +
      '- diagnostic capacity and pest reporting differ widely between the countries of a region;\n' +
      '- phytosanitary and environmental authorities seldom plan together.\n\n' +
      'Without the project, NPPOs will keep focusing on cultivated plants and trade, and the environmental mandate of the IPPC will remain under-resourced.',
  },
  {
    id: 'strategic-alignment',
    title: 'Strategic alignment',
    text:
      'The project serves **strategic objective B** of the IPPC Strategic Framework 2020–2030 (protect the environment from the impacts of plant pests) and contributes to objectives A and C. ' +
      'It advances the development agenda items on pest outbreak alert and response (DAI-5), climate-change impacts on plant health (DAI-6) and diagnostic laboratory networking (DAI-8).\n\n' +
      'Under the Kunming-Montreal Global Biodiversity Framework it contributes to Target 6 (headline indicator 6.1, rate of establishment of invasive alien species) and to Targets 10, 20 and 21. It falls within the GEF **Biodiversity** focal area.',
  },
  {
    id: 'objectives-and-components',
    title: 'Objective and components',
    text:
      '**Objective:** to reduce the introduction and impact of plant pests that are invasive alien species on ecosystems, through global tools and regional action led by the RPPOs.\n\n' +
      '1. **Global tools and guidance**: guidance on pest risk analysis for environmental hazards (ISPM 11), surveillance of natural areas and joint IPPC–CBD awareness material.\n' +
      '2. **Regional and national pilots**: one sub-project per RPPO, built from the activities the RPPOs suggest in this call.\n' +
      '3. **Knowledge management, monitoring and evaluation**: sharing results across regions and measuring progress against GBF Target 6.',
  },
  {
    id: 'knowledge-management',
    title: 'Knowledge management and monitoring',
    text:
      'Results of the regional pilots will be published on the International Phytosanitary Portal (IPP) and shared through the CBD clearing-house mechanism. ' +
      'Each RPPO reports twice a year on a common set of indicators; a mid-term review after 24 months and a terminal evaluation follow the GEF monitoring and evaluation policy. ' +
      'Lessons learned feed the IPPC Guide to Resource Mobilization, so that contracting parties can replicate the pilots with other resource partners.',
  },
  {
    id: 'budget-approach',
    title: 'Budget approach',
    text:
      'The GEF finances the *incremental* cost of generating global environmental benefits. The amount requested covers the three components: the Secretariat’s estimates for Components 1 and 3, and the estimated cost of the regional pilot activities suggested by the RPPOs (Component 2), to be refined after this consultation.\n\n' +
      'RPPOs and their member countries are invited to state their in-kind contributions and co-financing, which the GEF weighs when it reviews a project.',
  },
] as const;

type SectionId = (typeof draftSections)[number]['id'];

// ---------------------------------------------------------------------------------------------------
// What each RPPO says

type SectionComment = DraftInput['comments'][number] & { readonly sectionId: SectionId };

/** Complete forms; comments may only name sections of the draft above. */
type SeedForms = {
  readonly [F in FormName]?: F extends 'draft-input' ? { comments: SectionComment[] } : FormData[F];
};

type DeepPartial<T> = T extends readonly (infer Item)[]
  ? DeepPartial<Item>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

interface RppoSeed {
  readonly rppo: RppoCode;
  /** Forms the focal point saves and then submits. */
  readonly submitted?: SeedForms;
  /** Forms the focal point only saves: drafts never reach the proposal. */
  readonly drafts?: { readonly [F in FormName]?: DeepPartial<FormData[F]> };
}

/** A date `days` from today (negative: in the past), as YYYY-MM-DD. */
function dateIn(days: number): string {
  return new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
}

function indicator(
  description: string,
  unit: string,
  baseline: string,
  target: string,
  meansOfVerification: string,
): PilotActivity['indicators'][number] {
  return { description, unit, baseline, target, meansOfVerification };
}

/** An RPPO's own text that must reach the document literally (Markdown and HTML characters). */
const LITERAL_TITLE = 'Xylella fastidiosa *ST53* surveillance <olive, almond & grapevine> | Mediterranean';

const rppoSeeds: readonly RppoSeed[] = [
  {
    rppo: 'EPPO',
    submitted: {
      'draft-input': {
        comments: [
          {
            sectionId: 'rationale',
            type: 'substantive',
            comment:
              'Make the environmental damage concrete: in Apulia, Xylella fastidiosa has killed millions of olive trees and changed landscapes that are centuries old.',
            proposedChange:
              'Add after the first sentence: "In southern Italy alone, Xylella fastidiosa has killed millions of olive trees since 2013."',
            rationale: 'Resource partners respond to documented impacts.',
          },
          {
            sectionId: 'knowledge-management',
            type: 'technical',
            comment:
              'Pest findings of the pilots should also be recorded in the EPPO Global Database, so that EPPO members do not report through two channels.',
          },
          {
            sectionId: 'executive-summary',
            type: 'editorial',
            comment: 'Write "plant pests" rather than "pests" throughout, as in the IPPC glossary.',
          },
        ],
      },
      'pilot-activities': {
        activities: [
          {
            title: LITERAL_TITLE,
            description:
              'Harmonised, risk-based surveillance of Xylella fastidiosa and its vector Philaenus spumarius in olive groves, almond orchards, vineyards and the surrounding maquis, using EPPO Standard PM 7/24 for diagnosis and ISPM 6 for surveillance.',
            activityType: 'surveillance',
            level: 'regional',
            countries: ['IT', 'ES', 'FR', 'PT', 'GR', 'MA', 'TN'],
            pestsPathwaysEcosystems:
              'Xylella fastidiosa (subspecies fastidiosa, multiplex, pauca); plants for planting; Mediterranean maquis',
            expectedResults:
              'One surveillance design and dataset for the Mediterranean basin; outbreaks detected in the year of introduction rather than after symptoms spread.',
            indicators: [
              indicator('Countries applying the harmonised protocol', 'countries', '2', '7', 'EPPO survey'),
              indicator(
                'Samples tested with validated protocols',
                'samples/year',
                '15,000',
                '40,000',
                'Laboratory records',
              ),
            ],
            durationMonths: 36,
            estimatedCostUsd: 685_000,
            inKindOfferUsd: 120_000,
            partners: 'Euphresco, EFSA, CIHEAM Bari, national reference laboratories',
            ippcObjectives: ['SO-B', 'SO-C'],
            developmentAgendaItems: ['DAI-5', 'DAI-8'],
            gbfTargets: ['T6', 'T21'],
            risks: 'Sampling in natural areas depends on the consent of landowners.',
          },
          {
            title:
              'Pest risk analysis and management of invasive alien aquatic plants in Mediterranean wetlands',
            description:
              'Update the pest risk analyses of Ludwigia spp. and Hydrocotyle ranunculoides, and test management plans with wetland managers at three Ramsar sites.',
            activityType: 'pest-risk-analysis',
            level: 'regional',
            countries: ['ES', 'FR', 'IT', 'MA', 'DZ', 'TN', 'IL'],
            pestsPathwaysEcosystems: 'Aquarium and ornamental plant trade; freshwater wetlands',
            expectedResults: 'Six updated pest risk analyses and three tested wetland management plans.',
            indicators: [
              indicator('Pest risk analyses published', 'PRAs', '0', '6', 'EPPO PM 5 series'),
              indicator('Wetland area under management plans', 'ha', '0', '2,500', 'Site reports'),
            ],
            durationMonths: 24,
            estimatedCostUsd: 210_000,
            inKindOfferUsd: 45_000,
            ippcObjectives: ['SO-B'],
            developmentAgendaItems: ['DAI-2'],
            gbfTargets: ['T6', 'T11'],
          },
          {
            title: 'Containment of Popillia japonica along transport corridors',
            description:
              'Delimiting surveys, adult trapping and treatment of turf and soil around the outbreaks in northern Italy and Switzerland, with joint checks on road and rail freight leaving the infested zone.',
            activityType: 'eradication-containment',
            level: 'national',
            countries: ['IT', 'CH', 'DE'],
            expectedResults: 'No establishment of Popillia japonica beyond the current infested zones.',
            indicators: [
              indicator('New foci eradicated within two years', '%', '40', '80', 'NPPO outbreak reports'),
            ],
            durationMonths: 30,
            estimatedCostUsd: 340_000,
            inKindOfferUsd: 60_000,
            ippcObjectives: ['SO-B', 'SO-A'],
            developmentAgendaItems: ['DAI-5', 'DAI-6'],
            gbfTargets: ['T6'],
          },
        ],
      },
      'implementation-support': {
        commitments: [
          {
            supportType: 'hosting-meetings',
            scope: 'regional',
            description:
              'Hosts the steering meetings and two regional workshops at EPPO Headquarters, Paris.',
            valueUsd: 45_000,
            period: '2027–2030',
            status: 'confirmed',
          },
          {
            supportType: 'data-sharing',
            scope: 'regional',
            description: 'Opens the pest distribution data of the EPPO Global Database to the project.',
            valueUsd: 30_000,
            status: 'confirmed',
          },
          {
            supportType: 'technical-experts',
            scope: 'national',
            countries: ['MA', 'TN'],
            description: 'EPPO panel experts train the diagnosticians of the NPPOs of Morocco and Tunisia.',
            personDays: 90,
            valueUsd: 72_000,
            period: '2027–2028',
            status: 'indicative',
          },
        ],
      },
      'guide-promotion': {
        events: [
          {
            eventType: 'governing-body-session',
            title: 'Presentation of the Guide to the EPPO Council',
            date: dateIn(-60),
            status: 'done',
            languages: ['en', 'fr', 'ru'],
            countriesReached: ['FR', 'DE', 'IT', 'ES', 'PL', 'UA', 'KZ', 'MA', 'TR', 'GB'],
            participants: 110,
            outcomes:
              'The Council asked for the Guide to be circulated to all NPPOs in English, French and Russian.',
          },
          {
            eventType: 'webinar',
            title: 'Mobilizing resources for plant health in the Mediterranean',
            date: dateIn(45),
            status: 'planned',
            languages: ['en', 'fr'],
            countriesReached: ['ES', 'FR', 'IT', 'GR', 'MA', 'DZ', 'TN'],
            participants: 150,
          },
        ],
        feedbackOnGuide:
          'Clear and practical. A Russian version and examples from environmental funds (GEF, the EU LIFE programme) would help our eastern members.',
      },
    },
  },
  {
    rppo: 'NAPPO',
    submitted: {
      'draft-input': {
        comments: [
          {
            sectionId: 'objectives-and-components',
            type: 'substantive',
            comment:
              'Component 1 should cover hitchhiker pests on sea containers and conveyances, a pathway where NAPPO has long-standing work.',
            proposedChange: 'Add "pathway guidance for sea containers and conveyances" to Component 1.',
          },
          {
            sectionId: 'budget-approach',
            type: 'technical',
            comment:
              'State whether the amounts include the GEF Agency fee and the date of currency conversion.',
          },
        ],
      },
      'pilot-activities': {
        activities: [
          {
            title:
              'Tri-national surveillance and pathway analysis for spotted lanternfly (Lycorma delicatula)',
            description:
              'Joint detection surveys along the rail, road and port pathways leading from the infested area of the eastern United States to Canada and Mexico, with egg-mass inspection of regulated articles and a shared mapping platform.',
            activityType: 'surveillance',
            level: 'regional',
            countries: ['US', 'CA', 'MX'],
            pestsPathwaysEcosystems:
              'Lycorma delicatula; tree of heaven (Ailanthus altissima), grapevine, eastern hardwood forests',
            expectedResults:
              'Early detection of any spread beyond the infested area; inspection guidance shared by the three NPPOs.',
            indicators: [
              indicator('Pathway sites surveyed', 'sites', '120', '600', 'NAPPO survey database'),
              indicator(
                'Days from detection to notification of the other NPPOs',
                'days',
                '30',
                '7',
                'Alert records',
              ),
            ],
            durationMonths: 36,
            estimatedCostUsd: 450_000,
            inKindOfferUsd: 150_000,
            partners: 'USDA APHIS, CFIA, SENASICA, state departments of agriculture',
            ippcObjectives: ['SO-B', 'SO-C'],
            developmentAgendaItems: ['DAI-5'],
            gbfTargets: ['T6'],
            risks: 'Late reporting of detections in newly infested states.',
          },
          {
            title: 'Sea container cleanliness and hitchhiker pests (flighted spongy moth complex)',
            description:
              'Outreach to shipping lines and ports on container cleanliness, with joint inspection campaigns at the main ports of entry of the three countries.',
            activityType: 'awareness',
            level: 'regional',
            countries: ['US', 'CA', 'MX'],
            expectedResults: 'Fewer contaminated containers arriving at North American ports.',
            indicators: [
              indicator(
                'Inspected containers free of contamination',
                '%',
                '88',
                '95',
                'Port inspection data',
              ),
            ],
            durationMonths: 24,
            estimatedCostUsd: 176_500,
            inKindOfferUsd: 40_000,
            ippcObjectives: ['SO-B', 'SO-C'],
            developmentAgendaItems: ['DAI-2'],
            gbfTargets: ['T6'],
          },
        ],
      },
      'implementation-support': {
        commitments: [
          {
            supportType: 'coordination',
            scope: 'regional',
            description:
              'The NAPPO Secretariat convenes the tri-national project team and reports to the Executive Committee.',
            valueUsd: 60_000,
            period: '2027–2031',
            status: 'confirmed',
          },
          {
            supportType: 'technical-experts',
            scope: 'national',
            countries: ['MX'],
            description: 'Entomologists of USDA APHIS and CFIA support SENASICA surveys in northern Mexico.',
            personDays: 80,
            valueUsd: 64_000,
            status: 'indicative',
          },
        ],
      },
      'guide-promotion': {
        events: [
          {
            eventType: 'publication',
            title: 'NAPPO newsletter: the IPPC Guide to Resource Mobilization',
            date: dateIn(-30),
            status: 'done',
            languages: ['en', 'es'],
            countriesReached: ['US', 'CA', 'MX'],
          },
          {
            eventType: 'workshop',
            title: 'Resource mobilization session at the NAPPO Annual Meeting',
            date: dateIn(300),
            status: 'planned',
            languages: ['en', 'es'],
            countriesReached: ['US', 'CA', 'MX'],
            participants: 80,
          },
        ],
      },
    },
  },
  {
    rppo: 'OIRSA',
    submitted: {
      'draft-input': {
        comments: [
          {
            sectionId: 'rationale',
            type: 'substantive',
            comment:
              'La justificación debe reconocer que OIRSA participó en la reunión de expertos de mayo de 2017 y que la región ya cuenta con programas de vigilancia del HLB y de moscas de la fruta que sirven de línea de base.',
            proposedChange:
              'Añadir un párrafo sobre los programas regionales existentes (HLB, moscas de la fruta, Fusarium R4T) como línea de base.',
            rationale: 'El GEF financia costos incrementales: la línea de base debe quedar clara.',
          },
          {
            sectionId: 'executive-summary',
            type: 'translation',
            comment:
              'Se solicita una versión en español del documento final para la consulta con los ministerios de ambiente y de agricultura.',
          },
        ],
      },
      'pilot-activities': {
        activities: [
          {
            title: 'Vigilancia regional del Huanglongbing (HLB) y de su vector Diaphorina citri',
            description:
              'Red regional de trampeo y muestreo del psílido asiático de los cítricos, con diagnóstico molecular de Candidatus Liberibacter asiaticus y mapas de riesgo compartidos entre las ONPF.',
            activityType: 'surveillance',
            level: 'regional',
            countries: ['GT', 'HN', 'SV', 'NI', 'CR', 'PA', 'BZ'],
            pestsPathwaysEcosystems:
              'Candidatus Liberibacter asiaticus; Diaphorina citri; cítricos comerciales y de traspatio',
            expectedResults:
              'Detección temprana de nuevos focos y menor dispersión del HLB hacia las zonas libres.',
            indicators: [
              indicator(
                'Sitios de monitoreo activos',
                'sitios',
                '350',
                '900',
                'Informes trimestrales de las ONPF',
              ),
            ],
            durationMonths: 36,
            estimatedCostUsd: 520_000,
            inKindOfferUsd: 90_000,
            partners: 'ONPF de los países miembros, IICA, universidades de la región',
            ippcObjectives: ['SO-A', 'SO-B'],
            developmentAgendaItems: ['DAI-5', 'DAI-8'],
            gbfTargets: ['T6', 'T10'],
            risks: 'Rotación del personal técnico de las ONPF.',
          },
          {
            title: 'Manejo integrado del gusano cogollero (Spodoptera frugiperda) con control biológico',
            description:
              'Escuelas de campo con pequeños productores de maíz para el uso de parasitoides (Telenomus remus) y bioplaguicidas, reduciendo los insecticidas de amplio espectro.',
            activityType: 'training',
            level: 'national',
            countries: ['GT', 'HN', 'NI'],
            pestsPathwaysEcosystems: 'Spodoptera frugiperda; maíz y sorgo; agroecosistemas de ladera',
            expectedResults: 'Productores capaces de manejar la plaga con menos insecticidas.',
            indicators: [
              indicator('Productores capacitados', 'productores', '0', '2,500', 'Listas de asistencia'),
              indicator('Reducción del uso de insecticidas', '%', '0', '30', 'Encuestas inicial y final'),
            ],
            durationMonths: 24,
            estimatedCostUsd: 260_000,
            inKindOfferUsd: 35_000,
            ippcObjectives: ['SO-A', 'SO-B'],
            developmentAgendaItems: ['DAI-6'],
            gbfTargets: ['T7', 'T10'],
          },
          {
            title:
              'Prevención del ingreso de Fusarium oxysporum f. sp. cubense raza 4 tropical (R4T) en banano',
            description:
              'Planes de contingencia, simulacros, desinfección en los puntos de ingreso y comunicación con productores ante el riesgo de ingreso de Foc R4T desde Sudamérica.',
            activityType: 'early-warning',
            level: 'regional',
            countries: ['GT', 'HN', 'CR', 'PA', 'DO'],
            expectedResults: 'Cinco países preparados para detectar y contener un foco de Foc R4T.',
            indicators: [
              indicator(
                'Países con plan de contingencia probado',
                'países',
                '2',
                '5',
                'Informes de simulacro',
              ),
            ],
            durationMonths: 24,
            estimatedCostUsd: 300_000,
            inKindOfferUsd: 50_000,
            ippcObjectives: ['SO-A', 'SO-C'],
            developmentAgendaItems: ['DAI-5', 'DAI-8'],
            gbfTargets: ['T6'],
          },
        ],
      },
      'implementation-support': {
        commitments: [
          {
            supportType: 'in-kind-staff',
            scope: 'national',
            countries: ['GT', 'HN', 'SV'],
            description: 'Técnicos de OIRSA en los países apoyan la vigilancia y el diagnóstico del HLB.',
            personDays: 600,
            valueUsd: 150_000,
            period: '2027–2030',
            status: 'confirmed',
          },
          {
            supportType: 'national-endorsements',
            scope: 'regional',
            description: 'OIRSA facilita las cartas de respaldo de los puntos focales operativos del GEF.',
            status: 'indicative',
          },
        ],
      },
      'guide-promotion': {
        events: [
          {
            eventType: 'workshop',
            title: 'Taller regional sobre movilización de recursos para la sanidad vegetal',
            date: dateIn(-150),
            status: 'done',
            languages: ['es'],
            countriesReached: ['BZ', 'CR', 'DO', 'SV', 'GT', 'HN', 'MX', 'NI', 'PA'],
            participants: 42,
            outcomes: 'Tres perfiles de proyecto elaborados; uno presentado a un socio ambiental.',
          },
          {
            eventType: 'distribution-to-nppos',
            title: 'Distribución de la Guía a las ONPF de la región',
            date: dateIn(-140),
            status: 'done',
            languages: ['es'],
            countriesReached: ['BZ', 'CR', 'DO', 'SV', 'GT', 'HN', 'MX', 'NI', 'PA'],
          },
        ],
        feedbackOnGuide:
          'La Guía es útil; se sugiere añadir ejemplos de proyectos financiados en América Latina y una lista de fondos ambientales.',
      },
    },
  },
  {
    rppo: 'COSAVE',
    submitted: {
      'draft-input': {
        comments: [
          {
            sectionId: 'strategic-alignment',
            type: 'substantive',
            comment:
              'Sugerimos mencionar também a Meta 7 do Quadro Global de Biodiversidade (redução do risco dos agrotóxicos), relevante para o manejo integrado de Tuta absoluta na região.',
            proposedChange: 'Incluir a Meta 7 (T7) na lista de metas do GBF.',
          },
          {
            sectionId: 'objectives-and-components',
            type: 'technical',
            comment:
              'El componente 2 debería prever actividades compartidas entre COSAVE y la CAN, ya que Bolivia y Perú son miembros de ambas organizaciones.',
          },
        ],
      },
      'pilot-activities': {
        activities: [
          {
            title: 'Programa regional de contención del HLB en el Cono Sur',
            description:
              'Coordinación de la eliminación de plantas enfermas, control del vector en zonas de frontera y certificación de material de propagación sano de cítricos.',
            activityType: 'eradication-containment',
            level: 'regional',
            countries: ['AR', 'BR', 'PY', 'UY'],
            pestsPathwaysEcosystems:
              'Candidatus Liberibacter asiaticus y Diaphorina citri; cítricos; viveros',
            expectedResults: 'Frontera del HLB estabilizada y viveros certificados en los cuatro países.',
            indicators: [
              indicator(
                'Viveros certificados con plantas madre sanas',
                'viveros',
                '140',
                '300',
                'Registros de las ONPF',
              ),
            ],
            durationMonths: 48,
            estimatedCostUsd: 480_000,
            inKindOfferUsd: 110_000,
            ippcObjectives: ['SO-A', 'SO-B'],
            developmentAgendaItems: ['DAI-5'],
            gbfTargets: ['T6', 'T10'],
          },
          {
            title: 'Manejo integrado de Tuta absoluta en tomate con reducción de plaguicidas',
            description:
              'Parcelas demostrativas con feromonas, control biológico y monitoreo, y capacitación de técnicos de extensión.',
            activityType: 'training',
            level: 'national',
            countries: ['AR', 'BO', 'CL', 'PE', 'PY'],
            pestsPathwaysEcosystems: 'Tuta absoluta; tomate en invernadero y a campo',
            expectedResults: 'Menos aplicaciones de insecticidas con rendimientos iguales.',
            indicators: [
              indicator(
                'Aplicaciones de insecticidas por ciclo',
                'aplicaciones',
                '12',
                '6',
                'Registros de campo',
              ),
            ],
            durationMonths: 24,
            estimatedCostUsd: 220_000,
            inKindOfferUsd: 30_000,
            ippcObjectives: ['SO-A', 'SO-B'],
            gbfTargets: ['T7', 'T10'],
          },
          {
            title: 'Rede de alerta precoce para Lobesia botrana e outras pragas quarentenárias da videira',
            description:
              'Rede de armadilhas de feromônio e intercâmbio de dados entre as ONPF, com alertas semanais sobre capturas próximas às áreas livres.',
            activityType: 'early-warning',
            level: 'regional',
            countries: ['AR', 'BR', 'CL', 'UY'],
            expectedResults: 'Áreas livres de Lobesia botrana mantidas no Brasil e no Uruguai.',
            indicators: [
              indicator(
                'Armadilhas georreferenciadas em operação',
                'armadilhas',
                '400',
                '1,200',
                'Sistema regional',
              ),
            ],
            durationMonths: 36,
            estimatedCostUsd: 195_000,
            inKindOfferUsd: 25_000,
            ippcObjectives: ['SO-C', 'SO-B'],
            developmentAgendaItems: ['DAI-5', 'DAI-6'],
            gbfTargets: ['T6'],
          },
        ],
      },
      'implementation-support': {
        commitments: [
          {
            supportType: 'cash-cofinancing',
            scope: 'regional',
            description: 'Cofinanciamiento en efectivo de la vigilancia del HLB, a través de las ONPF.',
            valueUsd: 100_000,
            period: '2027–2030',
            status: 'indicative',
          },
          {
            supportType: 'translation',
            scope: 'regional',
            description:
              'Traducción al portugués de los documentos del proyecto y de los materiales de capacitación.',
            valueUsd: 15_000,
            status: 'confirmed',
          },
        ],
      },
      'guide-promotion': {
        events: [
          {
            eventType: 'distribution-to-nppos',
            title: 'Distribución de la Guía a las ONPF del COSAVE',
            date: dateIn(-120),
            status: 'done',
            languages: ['es', 'pt'],
            countriesReached: ['AR', 'BO', 'BR', 'CL', 'PY', 'PE', 'UY'],
          },
          {
            eventType: 'translation',
            title: 'Tradução do Guia de Mobilização de Recursos para o português',
            date: dateIn(60),
            status: 'planned',
            languages: ['pt'],
            countriesReached: ['BR'],
          },
        ],
        feedbackOnGuide:
          'O Guia seria mais útil em português e com um capítulo sobre fundos ambientais como o GEF.',
      },
    },
  },
  {
    rppo: 'IAPSC',
    submitted: {
      'draft-input': {
        comments: [
          {
            sectionId: 'budget-approach',
            type: 'substantive',
            comment:
              'Préciser comment les coûts incrémentaux seront calculés pour les pays les moins avancés, et réserver une part du budget à la coordination régionale.',
            proposedChange:
              'Ajouter : « Au moins 10 % du budget de chaque sous-projet régional est réservé à la coordination. »',
          },
          {
            sectionId: 'knowledge-management',
            type: 'translation',
            comment:
              'Knowledge products should be issued in English, French and Portuguese for our Lusophone members.',
          },
        ],
      },
      'pilot-activities': {
        activities: [
          {
            title:
              "Surveillance et lutte contre la mouche orientale des fruits (Bactrocera dorsalis) en Afrique de l'Ouest",
            description:
              'Réseau régional de piégeage, technique d’annihilation des mâles et assainissement des vergers de manguiers, en lien avec le dispositif régional de lutte contre les mouches des fruits de la CEDEAO.',
            activityType: 'surveillance',
            level: 'regional',
            countries: ['SN', 'ML', 'BF', 'CI', 'GH', 'BJ', 'NG'],
            pestsPathwaysEcosystems: 'Bactrocera dorsalis ; manguiers, agrumes ; vergers et forêts galeries',
            expectedResults:
              'Baisse des pertes de mangues et des interceptions à l’exportation ; données de piégeage partagées entre ONPV.',
            indicators: [
              indicator(
                'Interceptions de mangues pour mouches des fruits',
                'par an',
                '45',
                '15',
                'Notifications UE',
              ),
              indicator('Pièges relevés chaque semaine', 'pièges', '300', '1 500', 'Rapports des ONPV'),
            ],
            durationMonths: 36,
            estimatedCostUsd: 560_000,
            inKindOfferUsd: 80_000,
            partners: 'CEDEAO, CIRAD, IITA, icipe',
            ippcObjectives: ['SO-A', 'SO-C'],
            developmentAgendaItems: ['DAI-2', 'DAI-5'],
            gbfTargets: ['T6', 'T10'],
            risks: 'Insécurité dans certaines zones de production du Sahel.',
          },
          {
            title:
              'Fall armyworm (Spodoptera frugiperda) biological control and farmer field schools in East Africa',
            description:
              'Farmer field schools on push-pull, conservation of natural enemies and biopesticides, replacing broad-spectrum insecticides in smallholder maize.',
            activityType: 'training',
            level: 'national',
            countries: ['KE', 'TZ', 'UG', 'ET', 'RW'],
            pestsPathwaysEcosystems: 'Spodoptera frugiperda; smallholder maize systems',
            expectedResults: 'Smallholders manage fall armyworm with fewer and safer pesticides.',
            indicators: [indicator('Farmers trained', 'farmers', '0', '10,000', 'Training records')],
            durationMonths: 30,
            estimatedCostUsd: 390_000,
            inKindOfferUsd: 60_000,
            partners: 'icipe, CABI, FAO country offices',
            ippcObjectives: ['SO-A', 'SO-B'],
            developmentAgendaItems: ['DAI-6'],
            gbfTargets: ['T7', 'T10', 'T20'],
          },
          {
            title: 'Renforcement des laboratoires de diagnostic phytosanitaire d’Afrique centrale',
            description:
              'Équipement, protocoles de diagnostic et essais interlaboratoires pour les ONPV de la CEEAC, préparant l’accréditation ISO/IEC 17025.',
            activityType: 'diagnostics',
            level: 'national',
            countries: ['CM', 'GA', 'CG', 'CD', 'TD'],
            expectedResults:
              'Cinq laboratoires capables de confirmer les organismes de quarantaine prioritaires.',
            indicators: [
              indicator('Laboratoires accrédités ou en cours', 'laboratoires', '1', '5', 'Certificats'),
            ],
            durationMonths: 36,
            estimatedCostUsd: 280_000,
            inKindOfferUsd: 40_000,
            ippcObjectives: ['SO-B', 'SO-C'],
            developmentAgendaItems: ['DAI-8'],
            gbfTargets: ['T6', 'T20'],
          },
        ],
      },
      'implementation-support': {
        commitments: [
          {
            supportType: 'coordination',
            scope: 'regional',
            description:
              'Le CPI-UA coordonne les sous-projets africains depuis Yaoundé et rend compte au comité de pilotage.',
            valueUsd: 70_000,
            period: '2027–2031',
            status: 'confirmed',
          },
          {
            supportType: 'national-endorsements',
            scope: 'national',
            countries: ['KE', 'UG', 'TZ'],
            description: 'Facilitates the endorsement letters of the GEF operational focal points.',
            status: 'indicative',
          },
        ],
      },
      'guide-promotion': {
        events: [
          {
            eventType: 'workshop',
            title: 'Atelier régional sur la mobilisation des ressources pour la protection des végétaux',
            date: dateIn(-200),
            status: 'done',
            languages: ['fr', 'en'],
            countriesReached: ['CM', 'GA', 'CG', 'CD', 'TD', 'CF', 'GQ'],
            participants: 38,
            outcomes: 'Deux notes conceptuelles nationales rédigées (Cameroun, Gabon).',
          },
          {
            eventType: 'translation',
            title: 'Portuguese translation of the Guide for Lusophone member states',
            date: dateIn(120),
            status: 'planned',
            languages: ['pt'],
            countriesReached: ['AO', 'MZ', 'GW', 'CV', 'ST'],
          },
        ],
        feedbackOnGuide:
          'Le Guide est clair ; il faudrait des exemples africains et un modèle de note conceptuelle.',
      },
    },
  },
  {
    // Answers two of the four forms: it is included, with no support or promotion yet.
    rppo: 'APPPC',
    submitted: {
      'draft-input': {
        comments: [
          {
            sectionId: 'executive-summary',
            type: 'substantive',
            comment:
              'Cite the fall armyworm, which spread across South and Southeast Asia within two years of its first report in India in 2018.',
          },
          {
            sectionId: 'strategic-alignment',
            type: 'technical',
            comment:
              'Add DAI-1 (ePhyto): the pilots can build on the IPPC ePhyto Hub that many members already use.',
            proposedChange:
              'Add "electronic phytosanitary certification (DAI-1)" to the development agenda items.',
          },
        ],
      },
      'pilot-activities': {
        activities: [
          {
            title: 'Regional surveillance and integrated management of fall armyworm (Spodoptera frugiperda)',
            description:
              'A shared monitoring network with pheromone traps and scouting protocols, and integrated pest management packages for maize farmers.',
            activityType: 'surveillance',
            level: 'regional',
            countries: ['IN', 'BD', 'LK', 'MM', 'TH', 'VN', 'ID', 'PH'],
            expectedResults: 'Comparable monitoring data across the region and lower insecticide use.',
            indicators: [
              indicator(
                'Countries reporting to the regional platform',
                'countries',
                '3',
                '8',
                'APPPC reports',
              ),
            ],
            durationMonths: 36,
            estimatedCostUsd: 470_000,
            inKindOfferUsd: 70_000,
            ippcObjectives: ['SO-A', 'SO-B'],
            developmentAgendaItems: ['DAI-5', 'DAI-6'],
            gbfTargets: ['T6', 'T7'],
          },
          {
            title: 'Containment of Fusarium wilt Tropical Race 4 of banana in the Mekong subregion',
            description:
              'Quarantine of infested plantations, clean planting material and farm-gate biosecurity for smallholders.',
            activityType: 'eradication-containment',
            level: 'national',
            countries: ['LA', 'KH', 'VN', 'MM'],
            pestsPathwaysEcosystems:
              'Fusarium oxysporum f. sp. cubense TR4; banana plantations; planting material',
            expectedResults: 'Spread of TR4 to new districts stopped.',
            indicators: [
              indicator('Infested plantations under quarantine', '%', '20', '90', 'NPPO inspections'),
            ],
            durationMonths: 36,
            estimatedCostUsd: 310_000,
            inKindOfferUsd: 40_000,
            ippcObjectives: ['SO-A', 'SO-B'],
            developmentAgendaItems: ['DAI-8'],
            gbfTargets: ['T6', 'T10'],
          },
          {
            title: 'ePhyto and pathway risk management for wood packaging and plants for planting',
            description: 'Help NPPOs join the ePhyto Hub and apply ISPM 15 and ISPM 36 at their borders.',
            activityType: 'information-systems',
            level: 'national',
            countries: ['KH', 'LA', 'BT', 'NP', 'MM'],
            expectedResults: 'Five more countries exchange electronic certificates.',
            indicators: [
              indicator('Countries exchanging ePhyto', 'countries', '2', '5', 'ePhyto Hub statistics'),
            ],
            durationMonths: 24,
            estimatedCostUsd: 150_000,
            ippcObjectives: ['SO-C', 'SO-B'],
            developmentAgendaItems: ['DAI-1', 'DAI-2'],
            gbfTargets: ['T6'],
          },
        ],
      },
    },
  },
  {
    // Saves an incomplete draft and never submits it: NEPPO stays pending in the proposal.
    rppo: 'NEPPO',
    drafts: {
      'pilot-activities': {
        activities: [
          {
            title: 'Integrated management of red palm weevil (Rhynchophorus ferrugineus) in date palm oases',
            activityType: 'eradication-containment',
            level: 'regional',
            countries: ['EG', 'JO', 'MA', 'OM', 'TN'],
          },
        ],
      },
    },
  },
  // CAHFSA, CAN and PPPO have not answered yet.
];

// ---------------------------------------------------------------------------------------------------
// A small client of the API

interface Reply<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

interface RequestOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly ifMatch?: string;
}

type Who = 'secretariat' | RppoCode;

function apiClient(baseUrl: string) {
  const tokens = new Map<Who, string>();

  /** Sends a request; any answer other than 2xx throws with its status and body. */
  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered HTTP ${response.status}: ${text}`);
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : undefined) as T,
    };
  }

  /** A sign-in token of the local stand-in for Cognito, one per user. */
  async function tokenFor(who: Who): Promise<string> {
    const known = tokens.get(who);
    if (known) return known;
    const login = who === 'secretariat' ? { role: 'secretariat' } : { role: 'rppo', rppo: who };
    const { body } = await request<{ token: string }>('POST', '/local/login', { body: login });
    tokens.set(who, body.token);
    return body.token;
  }

  return { request, tokenFor };
}

type Api = ReturnType<typeof apiClient>;

interface CallView {
  readonly id: string;
  readonly title: string;
  readonly deadline: string;
}

interface FormState {
  readonly state: 'missing' | 'draft' | 'submitted';
  readonly version: number | null;
}

interface CallStatus {
  readonly rppos: readonly { rppo: RppoCode; forms: Record<FormName, FormState> }[];
}

type ProposalView = Omit<ProposalRecord, 'objectKey'> & { readonly downloadUrl: string };

// ---------------------------------------------------------------------------------------------------
// The steps of the demo

async function openCall(api: Api): Promise<CallView> {
  const deadline = new Date(Date.now() + 90 * DAY_MS);
  deadline.setUTCHours(23, 59, 0, 0);
  const { body } = await api.request<CallView>('POST', '/api/calls', {
    token: await api.tokenFor('secretariat'),
    body: {
      title: 'Call for RPPO input: IPPC–CBD proposal on plant pests as invasive alien species',
      deadline: deadline.toISOString(),
      draftSections,
      proposalTitle:
        'Protecting biodiversity from plant pests: regional action on invasive alien species for GBF Target 6',
      targetPartner: 'Global Environment Facility (GEF)',
      durationMonths: 48,
      globalToolsBudgetUsd: 1_450_000,
      knowledgeManagementBudgetUsd: 620_000,
    },
  });
  return body;
}

/** Saves a form (PUT) and returns the ETag of the saved version. */
async function saveForm(api: Api, callId: string, rppo: RppoCode, form: FormName, data: unknown) {
  const saved = await api.request<{ version: number }>('PUT', formPath(callId, rppo, form), {
    token: await api.tokenFor(rppo),
    body: data,
  });
  const etag = saved.headers.get('etag');
  if (!etag) throw new Error(`PUT ${form} of ${rppo} gave no ETag`);
  return etag;
}

/** Submits the version the ETag names; returns the submitted version. */
async function submitForm(api: Api, callId: string, rppo: RppoCode, form: FormName, etag: string) {
  const { body } = await api.request<{ version: number; status: string }>(
    'POST',
    `${formPath(callId, rppo, form)}/submit`,
    { token: await api.tokenFor(rppo), ifMatch: etag },
  );
  if (body.status !== 'submitted') throw new Error(`${rppo} ${form}: status ${body.status} after submit`);
  return body.version;
}

function formPath(callId: string, rppo: RppoCode, form: FormName): string {
  return `/api/calls/${callId}/submissions/${rppo}/${form}`;
}

/** Everything one RPPO focal point does; returns a line for the log. */
async function answerCall(api: Api, callId: string, seed: RppoSeed): Promise<string> {
  const done: string[] = [];
  for (const form of FORMS) {
    const data = seed.submitted?.[form];
    if (data) {
      const etag = await saveForm(api, callId, seed.rppo, form, data);
      done.push(`${form} submitted (v${await submitForm(api, callId, seed.rppo, form, etag)})`);
    }
    const draft = seed.drafts?.[form];
    if (draft) {
      await saveForm(api, callId, seed.rppo, form, draft);
      done.push(`${form} saved as draft`);
    }
  }
  return `  ${seed.rppo.padEnd(7)} ${done.join(', ')}`;
}

async function assemble(api: Api, callId: string): Promise<Reply<ProposalView>> {
  return api.request<ProposalView>('POST', `/api/calls/${callId}/proposals`, {
    token: await api.tokenFor('secretariat'),
  });
}

/** Fetches the document through its presigned link and checks it against the record. */
async function download(proposal: ProposalView): Promise<{ bytes: Buffer; sha256: string }> {
  const response = await fetch(proposal.downloadUrl);
  if (!response.ok) {
    throw new Error(`Downloading the proposal answered HTTP ${response.status}: ${await response.text()}`);
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length !== proposal.bytes || sha256 !== proposal.sha256) {
    throw new Error(
      `The downloaded document (${bytes.length} bytes, sha256 ${sha256}) is not the one recorded (${proposal.bytes} bytes, sha256 ${proposal.sha256})`,
    );
  }
  return { bytes, sha256 };
}

// ---------------------------------------------------------------------------------------------------
// The report

const usd = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const integer = new Intl.NumberFormat('en-US');

function formsColumn(forms: Record<FormName, FormState> | undefined): string {
  const states = Object.values(forms ?? {}).map((form) => form.state);
  const submitted = states.filter((state) => state === 'submitted').length;
  const drafts = states.filter((state) => state === 'draft').length;
  return `${submitted} of ${FORMS.length}${drafts ? ` (+${drafts} draft)` : ''}`;
}

function summaryTable(proposal: ProposalView, status: CallStatus, regionNames: Map<string, string>): string {
  const header = ['RPPO', 'Region', 'Forms submitted', 'Status', 'Activities', 'Budget (USD)'];
  const rows = proposal.summary.regions.map((region) => [
    region.rppo,
    regionNames.get(region.rppo) ?? '',
    formsColumn(status.rppos.find((entry) => entry.rppo === region.rppo)?.forms),
    region.status,
    integer.format(region.activities),
    usd.format(region.budgetUsd),
  ]);
  const activities = proposal.summary.regions.reduce((total, region) => total + region.activities, 0);
  const total = [
    'Total',
    '',
    '',
    '',
    integer.format(activities),
    usd.format(proposal.summary.totalBudgetUsd),
  ];
  const table = [header, ...rows, total];
  const widths = header.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  const rightAligned = new Set([4, 5]);
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...rows.map(line), rule, line(total)].map((text) => `  ${text}`).join('\n');
}

// ---------------------------------------------------------------------------------------------------

async function runDemo(stack: LocalStack): Promise<void> {
  const api = apiClient(stack.url);

  const call = await openCall(api);
  console.log(
    `Secretariat opened call ${call.id}: ${draftSections.length} draft sections, deadline ${call.deadline}`,
  );

  console.log('RPPO focal points answer:');
  for (const seed of rppoSeeds) console.log(await answerCall(api, call.id, seed));

  const assembled = await assemble(api, call.id);
  if (assembled.status !== 201) throw new Error(`Assembling answered HTTP ${assembled.status}, expected 201`);
  const proposal = assembled.body;
  const again = await assemble(api, call.id);
  if (again.status !== 200 || again.body.id !== proposal.id) {
    throw new Error('Assembling again with unchanged input did not return the existing proposal');
  }
  console.log(
    `Secretariat assembled proposal ${proposal.id} (assembling again with no new input returns it: HTTP 200)`,
  );

  const { bytes, sha256 } = await download(proposal);
  await mkdir(OUT_DIR, { recursive: true });
  const file = join(OUT_DIR, `proposal-${proposal.createdAt.slice(0, 10)}.docx`);
  await writeFile(file, bytes);

  const [status, reference] = await Promise.all([
    api.request<CallStatus>('GET', `/api/calls/${call.id}/status`, {
      token: await api.tokenFor('secretariat'),
    }),
    api.request<{ rppos: { code: string; region: string }[] }>('GET', '/api/rppos'),
  ]);
  const regionNames = new Map(reference.body.rppos.map((rppo) => [rppo.code, rppo.region]));
  console.log(`
Proposal written to ${file}
  bytes   ${integer.format(bytes.length)}
  sha256  ${sha256}

${summaryTable(proposal, status.body, regionNames)}`);
}

const started = Date.now();
let stack: LocalStack | undefined;
const stop = async () => {
  const running = stack;
  stack = undefined;
  await running?.stop();
};
process.once('SIGINT', () => {
  console.error('\nInterrupted: stopping the local stack...');
  stop().finally(() => process.exit(130));
});

try {
  console.log('Starting an in-memory local stack (DynamoDB Local, s3rver, API)...');
  stack = await startLocalStack({ port: 0 });
  console.log(`Local API at ${stack.url}`);
  await runDemo(stack);
  console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
  console.error(`\nThe demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await stop();
}
// When startLocalStack fails part-way it leaves the emulator it did start running: do not wait for it.
if (process.exitCode) process.exit();
