/**
 * The peer: docxtemplater + pizzip filling a .docx template with the same content as our document. The template is
 * built here once, from the house template (templates/proposal/house-style.docx: its cover, header, footer and styles,
 * whose `{{placeholders}}` docxtemplater fills as it is, with `{{ }}` as its delimiters) with the body written in
 * place of its `{{body}}` paragraph: one part per partial of templates/proposal/, in the same order, with the same
 * words, loops over rows for the tables and conditions where the partials have `{{#if}}`.
 *
 * What the peer cannot do the same way, with docxtemplater's open-source version:
 * - the bar chart of the budget by RPPO (and its caption) is left out: inserting images needs the paid image module;
 * - the contents list is a loop over the same headings, without page numbers (docxtemplater does not lay out pages);
 * - the draft sections' Markdown is shown as plain paragraphs and bullet items, without its emphasis (rendering
 *   Markdown or HTML needs the paid HTML module); the data step splits it into paragraphs and list items;
 * - the implementation-support matrix has one column per RPPO fixed in the template (looping over columns needs the
 *   paid table module): `supportColumns`, by default the ten RPPOs.
 */
import { readFile } from 'node:fs/promises';
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { coverFields } from '#documents/render-proposal.ts';
import { wholeNumber } from '#domain/money.ts';
import type { ProposalModel } from '#domain/proposals.ts';

const HOUSE_TEMPLATE = new URL('../templates/proposal/house-style.docx', import.meta.url);
/** The text width of the house template's pages, in twentieths of a point. */
const TEXT_WIDTH = 9638;
/** The house template's bullet list (numbering.xml). */
const BULLETS = 1;

// ---- WordprocessingML of the template --------------------------------------------------------------------------

/** Text of a run: template text, tags included; `{ bold }` for a bold run. */
type Inline = string | { readonly bold: string } | readonly Inline[];

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function runs(content: Inline): string {
  if (typeof content === 'string') {
    return content ? `<w:r><w:t xml:space="preserve">${escapeXml(content)}</w:t></w:r>` : '';
  }
  if ('bold' in content) {
    return `<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">${escapeXml(content.bold)}</w:t></w:r>`;
  }
  return content.map(runs).join('');
}

interface ParagraphOptions {
  readonly style?: string;
  readonly pageBreakBefore?: boolean;
  readonly bullet?: boolean;
  readonly align?: 'right' | 'center';
}

function paragraph(content: Inline, options: ParagraphOptions = {}): string {
  const properties = [
    options.style ? `<w:pStyle w:val="${options.style}"/>` : '',
    options.pageBreakBefore ? '<w:pageBreakBefore/>' : '',
    options.bullet ? `<w:numPr><w:ilvl w:val="0"/><w:numId w:val="${BULLETS}"/></w:numPr>` : '',
    options.align ? `<w:jc w:val="${options.align}"/>` : '',
  ].join('');
  return `<w:p>${properties ? `<w:pPr>${properties}</w:pPr>` : ''}${runs(content)}</w:p>`;
}

/** A paragraph holding only a loop or condition tag: `paragraphLoop` drops it from the output. */
const tag = (text: string) => paragraph(text);

const heading = (level: 1 | 2 | 3 | 4, text: Inline, pageBreakBefore = false) =>
  paragraph(text, { style: `Heading${level}`, pageBreakBefore });

/** A block repeated for each item of a list, or shown when a value is truthy (`{{#name}}`). */
const each = (name: string, ...content: string[]) =>
  [tag(`{{#${name}}}`), ...content, tag(`{{/${name}}}`)].join('');
/** A block shown when a value is falsy or an empty list (`{{^name}}`). */
const unless = (name: string, ...content: string[]) =>
  [tag(`{{^${name}}}`), ...content, tag(`{{/${name}}}`)].join('');

interface Column {
  readonly header: Inline;
  readonly align?: 'right' | 'center';
}

/**
 * A table in the house table style: a header row, then the rows. A row whose first cell starts with `{{#list}}`
 * and whose last cell ends with `{{/list}}` is repeated for each item of the list. An empty paragraph follows, as
 * after each of our tables.
 */
function table(columns: readonly Column[], rows: readonly (readonly Inline[])[]): string {
  const width = Math.floor(TEXT_WIDTH / columns.length);
  const cell = (content: Inline, column: Column | undefined, style: string) =>
    `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/></w:tcPr>${paragraph(content, { style, ...(column?.align ? { align: column.align } : {}) })}</w:tc>`;
  const header = `<w:tr><w:trPr><w:tblHeader/></w:trPr>${columns.map((column) => cell(column.header, column, 'TableHeader')).join('')}</w:tr>`;
  const body = rows
    .map(
      (row) =>
        `<w:tr>${row.map((content, index) => cell(content, columns[index], 'TableText')).join('')}</w:tr>`,
    )
    .join('');
  return [
    '<w:tbl><w:tblPr><w:tblStyle w:val="ProposalTable"/>',
    `<w:tblW w:w="${TEXT_WIDTH}" w:type="dxa"/><w:tblLayout w:type="fixed"/>`,
    '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>',
    `</w:tblPr><w:tblGrid>${columns.map(() => `<w:gridCol w:w="${width}"/>`).join('')}</w:tblGrid>`,
    header,
    body,
    '</w:tbl>',
    paragraph('', { style: 'TableText' }),
  ].join('');
}

/** A row repeated for each item of `list`. */
function rowOf(list: string, ...cells: Inline[]): Inline[] {
  const first = cells[0] ?? '';
  const last = cells.at(-1) ?? '';
  return cells.length === 1
    ? [[`{{#${list}}}`, first, `{{/${list}}}`]]
    : [[`{{#${list}}}`, first], ...cells.slice(1, -1), [last, `{{/${list}}}`]];
}

const right = (header: string): Column => ({ header, align: 'right' });
const left = (header: string): Column => ({ header });
const bold = (text: string) => ({ bold: text });

// ---- The body, partial by partial (templates/proposal/partials/*.md.hbs) ----------------------------------------

function contents(): string {
  return [
    paragraph('Contents', { style: 'TOCHeading' }),
    each(
      'contents',
      each('level1', paragraph('{{text}}', { style: 'TOC1' })),
      unless('level1', paragraph('{{text}}', { style: 'TOC2' })),
    ),
  ].join('');
}

function draftSections(): string {
  return [
    heading(1, 'Project description', true),
    each(
      'draftSections',
      heading(2, '{{title}}'),
      each(
        'blocks',
        each('bullet', paragraph('{{text}}', { style: 'ListParagraph', bullet: true })),
        unless('bullet', paragraph('{{text}}')),
      ),
    ),
  ].join('');
}

function regionalOutlines(): string {
  const activityDetails = each(
    'activities',
    heading(4, 'Activity {{number}}: {{title}}'),
    paragraph('{{description}}'),
    paragraph([bold('Expected results:'), ' {{expectedResults}}']),
    each(
      'pestsPathwaysEcosystems',
      paragraph([bold('Pests, pathways or ecosystems:'), ' {{pestsPathwaysEcosystems}}']),
    ),
    each('partners', paragraph([bold('Proposed partners:'), ' {{partners}}'])),
    each('risks', paragraph([bold('Risks:'), ' {{risks}}'])),
    each('inKindOffer', paragraph([bold('In-kind offer:'), ' {{inKindOffer}}'])),
    paragraph([bold('Alignment:'), ' {{alignment}}']),
  );
  const activities = [
    paragraph('{{code}} suggests the activities below, with an estimated total cost of {{budgetUsd}}.'),
    table(
      [
        right('No.'),
        left('Title'),
        left('Type'),
        left('Level'),
        left('Countries'),
        right('Months'),
        right('Cost (USD)'),
      ],
      [
        rowOf(
          'activities',
          '{{number}}',
          '{{title}}',
          '{{type}}',
          '{{level}}',
          '{{countries}}',
          '{{durationMonths}}',
          '{{cost}}',
        ),
        ['', bold('Total'), '', '', '', '', bold('{{budget}}')],
      ],
    ),
    activityDetails,
    heading(3, 'Indicators'),
    table(
      [
        right('No.'),
        left('Indicator'),
        left('Unit'),
        left('Baseline'),
        left('Target'),
        left('Means of verification'),
      ],
      [
        rowOf(
          'indicators',
          '{{number}}',
          '{{description}}',
          '{{unit}}',
          '{{baseline}}',
          '{{target}}',
          '{{meansOfVerification}}',
        ),
      ],
    ),
    heading(3, 'Alignment'),
    paragraph(
      'The activities of the {{code}} sub-project contribute to the following objectives of the IPPC Strategic Framework 2020–2030 and targets of the Kunming-Montreal Global Biodiversity Framework (GBF):',
    ),
    table(
      [left('Framework'), left('Objective, agenda item or target')],
      [
        rowOf('ippcObjectives', 'IPPC strategic objective {{code}}', '{{label}}'),
        rowOf('developmentAgendaItems', 'IPPC development agenda item {{code}}', '{{label}}'),
        rowOf('gbfTargets', 'GBF Target {{code}}', '{{label}}'),
      ],
    ),
  ];
  const support = [
    paragraph(
      '{{code}} commits the following support to the implementation of the sub-project, valued at {{committedUsd}} in total.',
    ),
    table(
      [
        left('Support'),
        left('Scope'),
        left('Description'),
        right('Person-days'),
        right('Value (USD)'),
        left('Period'),
        left('Status'),
      ],
      [
        rowOf(
          'commitments',
          '{{type}}',
          '{{scope}}',
          '{{description}}',
          '{{personDays}}',
          '{{value}}',
          '{{period}}',
          '{{status}}',
        ),
      ],
    ),
  ];
  const budget = table(
    [left('{{code}} sub-project'), right('USD')],
    [
      ['Estimated cost of the activities (requested)', bold('{{budget}}')],
      ['In-kind contributions offered', '{{inKind}}'],
      ['Support committed', '{{committed}}'],
      ['Co-financing, in kind and committed', '{{coFinancing}}'],
    ],
  );
  return [
    heading(1, 'Component 2: Regional pilot sub-projects', true),
    paragraph(
      'Component 2 consists of one pilot sub-project in each region, designed and carried out with the Regional Plant Protection Organization (RPPO) of that region. The outlines below are assembled from the activities each RPPO suggested and the support it committed for implementation. So far {{includedCount}} of {{rppoCount}} RPPOs have provided input; the outlines of the others will be completed as their input arrives.',
    ),
    each(
      'rppos',
      heading(2, '{{code}}: {{name}}'),
      paragraph([bold('Region:'), ' {{region}}']),
      each(
        'pending',
        paragraph([bold('Member countries:'), ' {{memberCountries}}']),
        paragraph(
          [
            bold('Pending: no input received.'),
            ' {{code}} has not submitted input to this call yet; its sub-project outline will be added when it does.',
          ],
          { style: 'Quote' },
        ),
      ),
      unless(
        'pending',
        each(
          'hasParticipating',
          paragraph([
            bold('Participating countries:'),
            ' {{participatingCountries}} ({{participatingCount}} of its {{memberCount}} members)',
          ]),
        ),
        unless('hasParticipating', paragraph([bold('Member countries:'), ' {{memberCountries}}'])),
        heading(3, 'Suggested activities'),
        each('hasActivities', ...activities),
        unless('hasActivities', paragraph('{{code}} has not suggested activities yet.')),
        heading(3, 'Support committed'),
        each('hasCommitments', ...support),
        unless('hasCommitments', paragraph('{{code}} has not committed support yet.')),
        heading(3, 'Budget'),
        budget,
      ),
    ),
  ].join('');
}

function implementationSupport(supportColumns: number): string {
  const rppoColumns = Array.from({ length: supportColumns }, (_, index) => index + 1);
  return [
    heading(1, 'Implementation support by region', true),
    each(
      'hasMatrix',
      paragraph(
        'The RPPOs commit the following types of support to the implementation of the project. In the matrix, ● marks support that is confirmed and ○ support that is indicative.',
      ),
      table(
        [
          left('Type of support'),
          ...rppoColumns.map((column): Column => ({ header: `{{matrixRppo${column}}}`, align: 'center' })),
          right('RPPOs'),
          right('Value (USD)'),
        ],
        [
          rowOf(
            'matrixRows',
            '{{type}}',
            ...rppoColumns.map((column) => `{{cell${column}}}`),
            '{{rppoCount}}',
            '{{value}}',
          ),
          [bold('Total'), ...rppoColumns.map(() => ''), '', bold('{{matrixTotal}}')],
        ],
      ),
    ),
    unless('hasMatrix', paragraph('No RPPO has committed support to the implementation yet.')),
    heading(2, 'Co-financing'),
    each(
      'hasIncluded',
      paragraph(
        'Alongside the amount requested, the RPPOs offer in-kind contributions to their activities and commit support to the implementation: {{totalCoFinancingUsd}} in all, of which {{totalInKindUsd}} in kind and {{totalCommittedUsd}} in committed support.',
      ),
      table(
        [
          left('RPPO'),
          left('Region'),
          right('In kind (USD)'),
          right('Support committed (USD)'),
          right('Co-financing (USD)'),
        ],
        [
          rowOf('included', '{{code}}', '{{region}}', '{{inKind}}', '{{committed}}', '{{coFinancing}}'),
          [
            bold('Total'),
            '',
            bold('{{totalInKind}}'),
            bold('{{totalCommitted}}'),
            bold('{{totalCoFinancing}}'),
          ],
        ],
      ),
    ),
    unless('hasIncluded', paragraph('No RPPO has offered in-kind contributions or committed support yet.')),
  ].join('');
}

function guidePromotion(): string {
  return [
    heading(1, 'Promotion of the IPPC Guide to Resource Mobilization', true),
    paragraph(
      'The RPPOs were asked to promote the IPPC Guide to Resource Mobilization ("Promoting contracting party partnerships", 2017) among their members. This part reports, by region, the events they have held or plan and their feedback on the Guide.',
    ),
    each(
      'hasPromotion',
      table(
        [
          left('RPPO'),
          left('Region'),
          right('Events'),
          right('Held'),
          right('Planned'),
          right('Countries reached'),
          right('Participants'),
        ],
        [
          rowOf(
            'promotionRows',
            '{{code}}',
            '{{region}}',
            '{{events}}',
            '{{done}}',
            '{{planned}}',
            '{{countriesReached}}',
            '{{participants}}',
          ),
          [
            bold('Total'),
            '',
            bold('{{promotionEvents}}'),
            bold('{{promotionDone}}'),
            bold('{{promotionPlanned}}'),
            bold('{{promotionCountries}}'),
            bold('{{promotionParticipants}}'),
          ],
        ],
      ),
      paragraph('A country reached in several regions counts once in the total.'),
    ),
    unless('hasPromotion', paragraph('No RPPO has reported promotion events yet.')),
    each(
      'included',
      heading(2, '{{code}}: {{region}}'),
      each(
        'hasEvents',
        table(
          [
            left('Event'),
            left('Type'),
            left('Date'),
            left('Status'),
            left('Languages'),
            right('Countries reached'),
            right('Participants'),
          ],
          [
            rowOf(
              'events',
              '{{title}}',
              '{{type}}',
              '{{date}}',
              '{{status}}',
              '{{languages}}',
              '{{countriesReached}}',
              '{{participants}}',
            ),
          ],
        ),
        each(
          'events',
          each(
            'outcomes',
            paragraph([bold('Outcomes of {{title}}:'), ' {{outcomes}}'], {
              style: 'ListParagraph',
              bullet: true,
            }),
          ),
        ),
      ),
      unless('hasEvents', paragraph('{{code}} has not reported promotion events yet.')),
      each('feedbackOnGuide', paragraph([bold('Feedback on the Guide:'), ' {{feedbackOnGuide}}'])),
    ),
    each('hasPending', paragraph('No input has been received yet from {{pendingList}}.')),
  ].join('');
}

function budgetSummary(): string {
  return [
    heading(1, 'Budget summary', true),
    heading(2, 'Budget by component'),
    paragraph(
      'The IPPC Secretariat costs the global tools and guidance (Component 1) and knowledge management and monitoring (Component 3); the regional pilot sub-projects (Component 2) cost what the activities suggested by the RPPOs are estimated to cost.',
    ),
    table(
      [left('Component'), right('Budget (USD)'), right('Share')],
      [
        rowOf('components', '{{title}}', '{{budget}}', '{{share}}'),
        [
          bold('Total requested'),
          bold('{{totalRequested}}'),
          bold('{{#hasRequested}}100.0%{{/hasRequested}}'),
        ],
      ],
    ),
    each('hasUncosted', paragraph('The total leaves out {{uncosted}}, not costed yet.')),
    heading(2, 'Budget by RPPO'),
    paragraph(
      'The amounts below are the estimated costs of the regional pilot sub-projects (Component 2), as suggested by the RPPOs.',
    ),
    // Our document has the bar chart of the budget by RPPO and its caption here: see the comment at the top.
    table(
      [
        left('RPPO'),
        left('Region'),
        left('Status'),
        right('Activities'),
        right('Budget (USD)'),
        right('Share'),
      ],
      [
        rowOf(
          'rppos',
          '{{code}}',
          '{{region}}',
          '{{status}}',
          '{{activityCount}}',
          '{{budget}}',
          '{{share}}',
        ),
        [
          bold('Total'),
          '',
          '',
          bold('{{totalActivities}}'),
          bold('{{totalBudget}}'),
          bold('{{#hasBudget}}100.0%{{/hasBudget}}'),
        ],
      ],
    ),
    heading(2, 'Budget by type of activity'),
    each(
      'hasActivityTypes',
      table(
        [
          left('Type of activity'),
          right('Activities'),
          right('Budget (USD)'),
          right('Share'),
          right('In kind (USD)'),
        ],
        [
          rowOf(
            'budgetByActivityType',
            '{{type}}',
            '{{activities}}',
            '{{budget}}',
            '{{share}}',
            '{{inKind}}',
          ),
          [
            bold('Total'),
            bold('{{totalActivities}}'),
            bold('{{totalBudget}}'),
            bold('100.0%'),
            bold('{{totalInKind}}'),
          ],
        ],
      ),
    ),
    unless('hasActivityTypes', paragraph('No activities have been suggested yet.')),
  ].join('');
}

function annexComments(): string {
  return [
    heading(1, 'Annex A: RPPO input on the draft sections', true),
    paragraph(
      "This annex compiles the comments the RPPOs made on each section of the Secretariat's draft, with the changes they propose and their rationale.",
    ),
    each(
      'commentsBySection',
      heading(2, '{{title}}'),
      each(
        'hasComments',
        table(
          [left('RPPO'), left('Type'), left('Comment'), left('Proposed change'), left('Rationale')],
          [rowOf('comments', '{{rppo}}', '{{type}}', '{{comment}}', '{{proposedChange}}', '{{rationale}}')],
        ),
      ),
      unless('hasComments', paragraph('No comments received.')),
    ),
  ].join('');
}

function annexProvenance(): string {
  return [
    heading(1, 'Annex B: Provenance of the regional input'),
    paragraph(
      'Each regional part of this proposal is assembled from the latest submitted version of each form of its RPPO. The tables below record the version used, who submitted it and when, so that every figure can be traced to its source.',
    ),
    each(
      'included',
      heading(2, '{{code}}: {{name}}'),
      table(
        [left('Form'), right('Version'), left('Submitted by'), left('Submitted at')],
        [rowOf('sources', '{{formTitle}}', '{{version}}', '{{by}}', '{{at}}')],
      ),
    ),
    each('hasPending', paragraph('No input has been received yet from {{pendingList}}.')),
  ].join('');
}

/**
 * The core properties, filled like ours (docx-package.ts) but for the dates: docxtemplater fills the text properties
 * of docProps/core.xml only, so the peer's created and modified dates stay the house template's.
 */
const CORE_PROPERTIES = [
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
  '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"',
  ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"',
  ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
  '<dc:title>{{title}}</dc:title><dc:subject>{{callTitle}}</dc:subject><dc:creator>IPPC Secretariat</dc:creator>',
  '<dc:description>{{description}}</dc:description><cp:lastModifiedBy>IPPC Secretariat</cp:lastModifiedBy>',
  '<cp:revision>1</cp:revision>',
  '<dcterms:created xsi:type="dcterms:W3CDTF">2027-01-01T00:00:00.000Z</dcterms:created>',
  '<dcterms:modified xsi:type="dcterms:W3CDTF">2027-01-01T00:00:00.000Z</dcterms:modified>',
  '</cp:coreProperties>',
].join('');

/**
 * Builds the peer's template once: the house template with the body in place of its `{{body}}` paragraph and
 * placeholders in its core properties. `supportColumns`: the RPPO columns of the implementation-support matrix.
 */
export async function peerTemplate(supportColumns = 10): Promise<Buffer> {
  const zip = new PizZip(await readFile(HOUSE_TEMPLATE));
  const documentXml = zip.file('word/document.xml')?.asText() ?? '';
  const placeholder = documentXml.indexOf('{{body}}');
  const start = documentXml.lastIndexOf('<w:p>', placeholder);
  const end = documentXml.indexOf('</w:p>', placeholder) + '</w:p>'.length;
  if (placeholder < 0 || start < 0) throw new Error('The house template has no {{body}} paragraph');
  const body = [
    contents(),
    draftSections(),
    regionalOutlines(),
    implementationSupport(supportColumns),
    guidePromotion(),
    budgetSummary(),
    annexComments(),
    annexProvenance(),
  ].join('');
  zip.file('word/document.xml', documentXml.slice(0, start) + body + documentXml.slice(end));
  zip.file('docProps/core.xml', CORE_PROPERTIES);
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

// ---- The data ---------------------------------------------------------------------------------------------------

const usd = (value: number) => `USD ${wholeNumber(value)}`;
const percentage = new Intl.NumberFormat('en-US', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const codes = (items: readonly { readonly code: string }[]) => items.map((item) => item.code).join(', ');

const BULLET = /^\s*(?:[-*+]|\d+[.)])\s+/;
const EMPHASIS = /\*\*|__|(?<!\w)[*_]|[*_](?!\w)|`/g;

/**
 * Markdown as the peer can show it: paragraphs and bullet items of plain text, without emphasis. (Our document
 * shows the same words, with their formatting.)
 */
function plainBlocks(source: string): { bullet: boolean; text: string }[] {
  const blocks: { bullet: boolean; text: string }[] = [];
  let open: { bullet: boolean; text: string } | undefined;
  for (const line of source.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') {
      open = undefined;
      continue;
    }
    const bullet = BULLET.test(line);
    const text = line
      .replace(BULLET, '')
      .replace(/^#+\s+/, '')
      .replace(EMPHASIS, '')
      .trim();
    if (open && !bullet && !open.bullet) {
      open.text += ` ${text}`;
    } else {
      open = { bullet, text };
      blocks.push(open);
    }
  }
  return blocks;
}

/** The model as the peer's template reads it: every value a string, a flag or a list, formatted as ours. */
function peerData(model: ProposalModel, supportColumns: number) {
  const { totals } = model;
  const rppos = model.regions.map((region) => ({
    code: region.code,
    name: region.name,
    region: region.region,
    pending: region.pending,
    status: region.pending ? 'Pending' : 'Included',
    memberCountries: region.memberCountries,
    memberCount: String(region.memberCount),
    hasParticipating: region.participatingCount > 0,
    participatingCountries: region.participatingCountries,
    participatingCount: String(region.participatingCount),
    hasActivities: region.activities.length > 0,
    activityCount: String(region.activities.length),
    activities: region.activities.map((activity) => ({
      number: String(activity.number),
      title: activity.title,
      description: activity.description,
      type: activity.activityType.label,
      level: activity.level.label,
      countries: activity.countries,
      durationMonths: String(activity.durationMonths),
      cost: wholeNumber(activity.estimatedCostUsd),
      expectedResults: activity.expectedResults,
      pestsPathwaysEcosystems: activity.pestsPathwaysEcosystems,
      partners: activity.partners,
      risks: activity.risks,
      inKindOffer: activity.inKindOfferUsd ? usd(activity.inKindOfferUsd) : '',
      alignment: [
        codes(activity.ippcObjectives),
        ...(activity.developmentAgendaItems.length ? [codes(activity.developmentAgendaItems)] : []),
        codes(activity.gbfTargets),
      ].join('; '),
    })),
    indicators: region.activities.flatMap((activity) =>
      activity.indicators.map((indicator) => ({ number: String(activity.number), ...indicator })),
    ),
    ippcObjectives: region.alignment.ippcObjectives,
    developmentAgendaItems: region.alignment.developmentAgendaItems,
    gbfTargets: region.alignment.gbfTargets,
    hasCommitments: region.commitments.length > 0,
    commitments: region.commitments.map((commitment) => ({
      type: commitment.supportType.label,
      scope: commitment.countries
        ? `${commitment.scope.label}: ${commitment.countries}`
        : commitment.scope.label,
      description: commitment.description,
      personDays: commitment.personDays ? wholeNumber(commitment.personDays) : '',
      value: commitment.valueUsd ? wholeNumber(commitment.valueUsd) : '',
      period: commitment.period,
      status: commitment.status.label,
    })),
    hasEvents: region.promotion.events.length > 0,
    events: region.promotion.events.map((event) => ({
      title: event.title,
      type: event.eventType.label,
      date: event.date,
      status: event.status.label,
      languages: event.languages,
      countriesReached: String(event.countriesReached),
      participants: event.participants ? wholeNumber(event.participants) : '',
      outcomes: event.outcomes,
    })),
    feedbackOnGuide: region.promotion.feedbackOnGuide,
    sources: region.sources.map((source) => ({ ...source, version: String(source.version) })),
    budgetUsd: usd(region.budgetUsd),
    committedUsd: usd(region.committedUsd),
    budget: wholeNumber(region.budgetUsd),
    inKind: wholeNumber(region.inKindUsd),
    committed: wholeNumber(region.committedUsd),
    coFinancing: wholeNumber(region.coFinancingUsd),
    share: region.pending ? '' : percentage.format(region.budgetShare),
  }));
  const included = rppos.filter((region) => !region.pending);
  const matrix = model.supportMatrix;
  if (matrix.rppos.length > supportColumns) {
    throw new RangeError(
      `The peer's template has ${supportColumns} RPPO columns, not ${matrix.rppos.length}`,
    );
  }
  const matrixColumns = Array.from({ length: supportColumns }, (_, index) => index + 1);
  const promotion = model.promotionSummary;
  const headings = [
    { text: 'Project description', level1: true },
    ...model.draftSections.map((section) => ({ text: section.title, level1: false })),
    { text: 'Component 2: Regional pilot sub-projects', level1: true },
    ...rppos.map((region) => ({ text: `${region.code}: ${region.name}`, level1: false })),
    { text: 'Implementation support by region', level1: true },
    { text: 'Co-financing', level1: false },
    { text: 'Promotion of the IPPC Guide to Resource Mobilization', level1: true },
    ...included.map((region) => ({ text: `${region.code}: ${region.region}`, level1: false })),
    { text: 'Budget summary', level1: true },
    { text: 'Budget by component', level1: false },
    { text: 'Budget by RPPO', level1: false },
    { text: 'Budget by type of activity', level1: false },
    { text: 'Annex A: RPPO input on the draft sections', level1: true },
    ...model.commentsBySection.map((section) => ({ text: section.title, level1: false })),
    { text: 'Annex B: Provenance of the regional input', level1: true },
    ...included.map((region) => ({ text: `${region.code}: ${region.name}`, level1: false })),
  ];
  return {
    ...coverFields(model),
    description: `Funding proposal assembled from the input of ${model.includedCount} of ${model.regions.length} RPPOs, version as of ${model.asOf}`,
    contents: headings,
    draftSections: model.draftSections.map((section) => ({
      title: section.title,
      blocks: plainBlocks(section.text.source),
    })),
    includedCount: String(model.includedCount),
    rppoCount: String(model.regions.length),
    rppos,
    included,
    hasIncluded: included.length > 0,
    hasPending: model.pendingCount > 0,
    pendingList: model.pendingRegions.join(', '),
    hasMatrix: matrix.rows.length > 0,
    ...Object.fromEntries(
      matrixColumns.map((column) => [`matrixRppo${column}`, matrix.rppos[column - 1] ?? '']),
    ),
    matrixRows: matrix.rows.map((row) => ({
      type: row.supportType.label,
      ...Object.fromEntries(
        matrixColumns.map((column) => {
          const cell = row.cells[column - 1];
          return [`cell${column}`, cell?.confirmed ? '●' : cell?.indicative ? '○' : ''];
        }),
      ),
      rppoCount: String(row.rppoCount),
      value: wholeNumber(row.valueUsd),
    })),
    matrixTotal: wholeNumber(matrix.totalValueUsd),
    totalCoFinancingUsd: usd(totals.coFinancingUsd),
    totalInKindUsd: usd(totals.inKindUsd),
    totalCommittedUsd: usd(totals.committedUsd),
    totalInKind: wholeNumber(totals.inKindUsd),
    totalCommitted: wholeNumber(totals.committedUsd),
    totalCoFinancing: wholeNumber(totals.coFinancingUsd),
    hasPromotion: promotion.rows.length > 0,
    promotionRows: promotion.rows.map((row) => ({
      code: row.code,
      region: row.region,
      events: String(row.events),
      done: String(row.done),
      planned: String(row.planned),
      countriesReached: String(row.countriesReached),
      participants: wholeNumber(row.participants),
    })),
    promotionEvents: String(promotion.totals.events),
    promotionDone: String(promotion.totals.done),
    promotionPlanned: String(promotion.totals.planned),
    promotionCountries: String(promotion.totals.countriesReached),
    promotionParticipants: wholeNumber(promotion.totals.participants),
    totalActivities: String(totals.activities),
    totalBudget: wholeNumber(totals.budgetUsd),
    hasBudget: totals.budgetUsd > 0,
    components: model.budgetByComponent.map((entry) => ({
      title: `${entry.component}. ${entry.title}`,
      budget: entry.costed ? wholeNumber(entry.budgetUsd) : 'To be costed',
      share: entry.costed ? percentage.format(entry.share) : '',
    })),
    totalRequested: wholeNumber(totals.requestedUsd),
    hasRequested: totals.requestedUsd > 0,
    hasUncosted: model.uncostedComponents !== '',
    uncosted: model.uncostedComponents,
    hasActivityTypes: model.budgetByActivityType.length > 0,
    budgetByActivityType: model.budgetByActivityType.map((row) => ({
      type: row.activityType.label,
      activities: String(row.activities),
      budget: wholeNumber(row.budgetUsd),
      share: percentage.format(row.share),
      inKind: wholeNumber(row.inKindUsd),
    })),
    commentsBySection: model.commentsBySection.map((section) => ({
      title: section.title,
      hasComments: section.comments.length > 0,
      comments: section.comments.map((comment) => ({
        rppo: comment.rppo,
        type: comment.type.label,
        comment: comment.comment,
        proposedChange: comment.proposedChange,
        rationale: comment.rationale,
      })),
    })),
  };
}

/** Fills the template with the model's content and zips the document. */
export function renderWithPeer(template: Buffer, model: ProposalModel, supportColumns = 10): Buffer {
  const doc = new Docxtemplater(new PizZip(template), {
    delimiters: { start: '{{', end: '}}' },
    paragraphLoop: true,
    linebreaks: true,
    // A tag without a value is a mistake in this file, not an empty field: every value is given, '' when empty.
    nullGetter: (part) => {
      throw new Error(`The peer's data has no value for {{${part.value}}}`);
    },
  });
  doc.render(peerData(model, supportColumns));
  return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}
