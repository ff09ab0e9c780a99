/**
 * The peer: docxtemplater + pizzip filling a .docx template with the same content. The template is
 * generated here with `docx` (tags such as `{#regions}`), so both sides write equivalent documents.
 */

import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, WidthType } from 'docx';
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import type { ProposalModel } from '#domain/proposals.ts';

const cell = (text: string) =>
  new TableCell({ children: [new Paragraph(text)], width: { size: 1600, type: WidthType.DXA } });

/** Builds the peer's template once. */
export async function peerTemplate(): Promise<Buffer> {
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: '{title}', heading: HeadingLevel.TITLE }),
          new Paragraph('Target partner: {targetPartner}. Amount requested: {budget}.'),
          new Paragraph('{#draftSections}'),
          new Paragraph({ text: '{title}', heading: HeadingLevel.HEADING_2 }),
          new Paragraph('{text}'),
          new Paragraph('{/draftSections}'),
          new Paragraph('{#regions}'),
          new Paragraph({ text: '{code}: {name}', heading: HeadingLevel.HEADING_2 }),
          new Paragraph('Member countries: {memberCountries}'),
          new Table({
            rows: [
              new TableRow({
                children: ['No.', 'Title', 'Type', 'Level', 'Countries', 'Months', 'Cost'].map(cell),
              }),
              new TableRow({
                children: [
                  cell('{#activities}{number}'),
                  cell('{title}'),
                  cell('{type}'),
                  cell('{level}'),
                  cell('{countries}'),
                  cell('{durationMonths}'),
                  cell('{cost}{/activities}'),
                ],
              }),
            ],
          }),
          new Paragraph('{#activities}'),
          new Paragraph({ text: 'Activity {number}: {title}', heading: HeadingLevel.HEADING_3 }),
          new Paragraph('{description}'),
          new Paragraph('Expected results: {expectedResults}'),
          new Paragraph('{/activities}'),
          new Paragraph('{#commitments}'),
          new Paragraph('{type}: {description} ({value})'),
          new Paragraph('{/commitments}'),
          new Paragraph('Budget: {budget}'),
          new Paragraph('{/regions}'),
          new Paragraph('{#commentsBySection}'),
          new Paragraph({ text: '{title}', heading: HeadingLevel.HEADING_2 }),
          new Paragraph('{#comments}'),
          new Paragraph('{rppo}: {comment}'),
          new Paragraph('{/comments}'),
          new Paragraph('{/commentsBySection}'),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

const usd = (value: number) => `USD ${Math.round(value).toLocaleString('en-US')}`;

/** Fills the template with the model's content and zips the document. */
export function renderWithPeer(template: Buffer, model: ProposalModel): Buffer {
  const doc = new Docxtemplater(new PizZip(template), { paragraphLoop: true, linebreaks: true });
  doc.render({
    title: model.title,
    targetPartner: model.targetPartner,
    budget: usd(model.totals.budgetUsd),
    draftSections: model.draftSections.map((section) => ({
      title: section.title,
      text: section.text.source,
    })),
    regions: model.regions.map((region) => ({
      code: region.code,
      name: region.name,
      memberCountries: region.memberCountries,
      budget: usd(region.budgetUsd),
      activities: region.activities.map((activity) => ({
        ...activity,
        type: activity.activityType.label,
        level: activity.level.label,
        cost: usd(activity.estimatedCostUsd),
      })),
      commitments: region.commitments.map((commitment) => ({
        type: commitment.supportType.label,
        description: commitment.description,
        value: usd(commitment.valueUsd),
      })),
    })),
    commentsBySection: model.commentsBySection,
  });
  return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}
