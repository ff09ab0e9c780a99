import { Document, type FileChild, Packer } from 'docx';
import { describe, expect, it } from 'vitest';
import { barChart, chartParagraph } from '#documents/charts.ts';
import { markdownBlocks, markdownToDocx } from '#documents/markdown-to-docx.ts';
import { StreamedBlocks } from '#documents/streamed-body.ts';
import { documentStyles, numbering } from '#documents/styles.ts';
import { wordParts } from '../support/docx.ts';

const markdown = [
  '% The title',
  '# Heading & <more>',
  'Text with **bold**, *italics*, `code`, a [link](https://www.ippc.int/) and "quotes" \'n\' <tags>.',
  '- one\n  - nested\n- two',
  '1. first\n2. second',
  '> A note with <br> a break',
  '| A | B (USD) |\n|---|---:|\n| x \\| y | 1,000 |',
  '<!-- chart: bars -->',
  '```\ncode & <block>\n```',
  '---',
  'مراقبة الآفات 害虫监测 Perú \u0001 end',
].join('\n\n');

const charts = {
  bars: () => [
    chartParagraph(barChart([{ label: 'EPPO', value: 10 }], { width: 300, title: 'Bars' }), 'Bars', 1),
  ],
};

async function documentXml(children: readonly FileChild[]) {
  const doc = new Document({ styles: documentStyles, numbering, sections: [{ children }] });
  return (await wordParts(await Packer.toBuffer(doc))).document ?? '';
}

describe('StreamedBlocks', () => {
  it('writes the same XML as docx writes for the same blocks', async () => {
    // act
    const whole = await documentXml(markdownToDocx(markdown, { charts }));
    const streamed = await documentXml([new StreamedBlocks(markdownBlocks(markdown, { charts }))]);

    // assess
    expect(streamed).toBe(whole);
    expect(whole).toContain('Heading &amp; &lt;more&gt;');
    expect(whole).toContain('<w:numPr>');
    expect(whole).toContain('<w:drawing>');
  });

  it('takes the blocks from its generator only when the document is written', async () => {
    // prepare
    let taken = 0;
    function* blocks() {
      for (const block of markdownToDocx('one\n\ntwo')) {
        taken += 1;
        yield block;
      }
    }

    // act
    const child = new StreamedBlocks(blocks());
    const before = taken;
    await documentXml([child]);

    // assess
    expect(before).toBe(0);
    expect(taken).toBe(2);
  });
});
