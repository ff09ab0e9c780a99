import { Document, Packer, Paragraph } from 'docx';
import { describe, expect, it } from 'vitest';
import { textUnits } from '../../functions/documents/font-metrics.ts';
import {
  type DocxBlock,
  type HeadingEntry,
  markdownBlocks,
  markdownToDocx,
} from '../../functions/documents/markdown-to-docx.ts';
import { documentStyles, numbering, PAGE_CONTENT_WIDTH } from '../../functions/documents/styles.ts';
import { paragraphsOf, textOf, wordParts } from '../support/docx.ts';

type Parts = { document: string; styles: string; numbering: string };

async function pack(children: DocxBlock[]): Promise<Parts> {
  const doc = new Document({ styles: documentStyles, numbering, sections: [{ children }] });
  const parts = await wordParts(await Packer.toBuffer(doc));
  return { document: parts.document ?? '', styles: parts.styles ?? '', numbering: parts.numbering ?? '' };
}

async function render(markdown: string | DocxBlock[]): Promise<string> {
  return (await pack(typeof markdown === 'string' ? markdownToDocx(markdown) : markdown)).document;
}

/** The only paragraph whose text is exactly `text`. */
function paragraphWithText(xml: string, text: string): string {
  const found = paragraphsOf(xml).filter((paragraph) => textOf(paragraph) === text);
  expect(found).toHaveLength(1);
  return found[0] ?? '';
}

/** Each `<w:r>` element holding a `<w:t>` whose text is exactly `text`. */
function runsWithText(xml: string, text: string): string[] {
  return (xml.match(/<w:r>[\s\S]*?<\/w:r>/g) ?? []).filter((run) => textOf(run) === text);
}

function numIdOf(paragraph: string): string | undefined {
  return /<w:numId w:val="(\d+)"\/>/.exec(paragraph)?.[1];
}

function gridColumns(xml: string): number[] {
  return [...xml.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((match) => Number(match[1]));
}

describe('markdownToDocx', () => {
  describe('headings', () => {
    it('maps # to #### onto the Heading1 to Heading4 styles that a table of contents collects', async () => {
      // prepare
      const markdown = '# One\n\n## Two\n\n### Three\n\n#### Four';

      // act
      const xml = await render(markdown);

      // assess
      expect(paragraphWithText(xml, 'One')).toContain('<w:pStyle w:val="Heading1"/>');
      expect(paragraphWithText(xml, 'Two')).toContain('<w:pStyle w:val="Heading2"/>');
      expect(paragraphWithText(xml, 'Three')).toContain('<w:pStyle w:val="Heading3"/>');
      expect(paragraphWithText(xml, 'Four')).toContain('<w:pStyle w:val="Heading4"/>');
    });

    it('renders deeper headings as Heading4, the deepest style the document defines', async () => {
      const xml = await render('###### Six');

      expect(paragraphWithText(xml, 'Six')).toContain('<w:pStyle w:val="Heading4"/>');
    });

    it('writes a heading as plain text, leaving its look to the heading style', async () => {
      const xml = await render('# Budget **and** `plan`');

      const heading = paragraphWithText(xml, 'Budget and plan');
      expect(heading).not.toContain('<w:b/>');
      expect(heading).not.toContain('<w:rFonts');
    });
  });

  describe('inline formatting', () => {
    it('renders strong, emphasis, nested strong emphasis and strikethrough as run properties', async () => {
      const xml = await render('**bold** *italic* ***both*** ~~gone~~');

      expect(runsWithText(xml, 'bold')[0]).toContain('<w:b/>');
      expect(runsWithText(xml, 'bold')[0]).not.toContain('<w:i/>');
      expect(runsWithText(xml, 'italic')[0]).toContain('<w:i/>');
      expect(runsWithText(xml, 'italic')[0]).not.toContain('<w:b/>');
      expect(runsWithText(xml, 'both')[0]).toMatch(/<w:b\/>[\s\S]*<w:i\/>/);
      expect(runsWithText(xml, 'gone')[0]).toContain('<w:strike/>');
    });

    it('renders a code span in a monospace font with its characters as written', async () => {
      const xml = await render('Run `npm &amp; <x>` now');

      const [run] = runsWithText(xml, 'npm &amp; <x>');
      expect(run).toContain('<w:rFonts w:ascii="Consolas"');
    });

    it('turns hard breaks and <br>, <br/> and <br /> into line breaks within one paragraph', async () => {
      const xml = await render('one  \ntwo\\\nthree<br>four<br/>five<br />six');

      const paragraphs = paragraphsOf(xml);
      expect(paragraphs).toHaveLength(1);
      expect(paragraphs[0]?.match(/<w:br\/>/g)).toHaveLength(5);
      expect(textOf(xml)).toBe('onetwothreefourfivesix');
    });

    it('joins the lines of a paragraph with a space', async () => {
      const xml = await render('first line\nsecond line');

      expect(textOf(xml)).toBe('first line second line');
      expect(xml).not.toContain('<w:br/>');
    });

    it('shows a link as its text followed by its decoded address', async () => {
      const xml = await render('See [the IPPC](https://www.ippc.int/?a=1&amp;b=2).');

      expect(textOf(xml)).toBe('See the IPPC (https://www.ippc.int/?a=1&b=2).');
    });

    it('shows a bare address once', async () => {
      const xml = await render('Visit https://www.ippc.int/en/ today.');

      expect(textOf(xml)).toBe('Visit https://www.ippc.int/en/ today.');
    });
  });

  describe('escapes, the defence against Markdown in user text', () => {
    it('keeps backslash-escaped asterisks as literal text without bold or italics', async () => {
      const xml = await render('Say \\*not bold\\* and \\*\\*not strong\\*\\*');

      expect(textOf(xml)).toBe('Say *not bold* and **not strong**');
      expect(xml).toContain('<w:t xml:space="preserve">Say *not bold* and **not strong**</w:t>');
      expect(xml).not.toContain('<w:b/>');
      expect(xml).not.toContain('<w:i/>');
    });

    it('keeps an escaped # at the start of a line as text, not a heading', async () => {
      const xml = await render('\\# Not a heading');

      expect(textOf(xml)).toBe('# Not a heading');
      expect(xml).not.toContain('<w:pStyle');
    });

    it('keeps escaped list, link and code markers as text', async () => {
      const xml = await render(
        '\\- not a list\n\n1\\. not ordered\n\n\\[label\\](https://evil.example) \\`x\\`',
      );

      expect(textOf(xml)).toBe('- not a list1. not ordered[label](https://evil.example) `x`');
      expect(xml).not.toContain('<w:numPr>');
      expect(xml).not.toContain('Consolas');
    });

    it('keeps escaped HTML tags as literal text', async () => {
      const xml = await render('\\<b\\>bold?\\</b\\> \\<br\\>');

      expect(textOf(xml)).toBe('<b>bold?</b> <br>');
      expect(xml).toContain('&lt;b&gt;bold?&lt;/b&gt;');
      expect(xml).not.toContain('<w:b/>');
      expect(xml).not.toContain('<w:br/>');
    });

    it('keeps an escaped pipe inside a table cell as text in the same cell', async () => {
      const xml = await render('| Item | Note |\n|---|---|\n| a \\| b | c |');

      expect(gridColumns(xml)).toHaveLength(2);
      expect(xml.match(/<w:tc>/g)).toHaveLength(4);
      expect(paragraphWithText(xml, 'a | b')).toContain('<w:pStyle w:val="TableText"/>');
    });

    it('shows unescaped inline HTML other than <br> as literal text', async () => {
      const xml = await render('a <span class="x">b</span> <img src=x onerror=alert(1)> c');

      expect(textOf(xml)).toBe('a <span class="x">b</span> <img src=x onerror=alert(1)> c');
    });
  });

  describe('character references', () => {
    it('shows &, quotes, apostrophes and angle brackets as typed', async () => {
      const xml = await render('R&D "quoted" it\'s <tag>');

      expect(textOf(xml)).toBe('R&D "quoted" it\'s <tag>');
      expect(xml).toContain('R&amp;D &quot;quoted&quot; it&apos;s &lt;tag&gt;');
    });

    it('decodes named and numeric references without double-encoding a bare &', async () => {
      // marked 18 returns "R&amp;D" for a text that also holds a numeric reference.
      const xml = await render('R&D &#39;x&#39; &#x41; &amp; &lt;b&gt; &copy; &unknown; &amp;#39;');

      expect(textOf(xml)).toBe("R&D 'x' A & <b> © &unknown; &#39;");
    });

    it('decodes references inside list items, table cells and headings', async () => {
      const xml = await render('# A &amp; B\n\n- it&#39;s R&D\n\n| H &amp; I |\n|---|\n| &quot;c&quot; |');

      expect(textOf(xml)).toBe('A & Bit\'s R&DH & I"c"');
    });
  });

  describe('lists', () => {
    it('renders a bullet list nested three levels deep on the bullets numbering', async () => {
      const xml = await render('- one\n  - two\n    - three\n      - four');

      const levels = ['one', 'two', 'three', 'four'].map(
        (text) => /<w:ilvl w:val="(\d)"\/>/.exec(paragraphWithText(xml, text))?.[1],
      );
      expect(levels).toEqual(['0', '1', '2', '2']);
      const numIds = new Set(
        ['one', 'two', 'three', 'four'].map((text) => numIdOf(paragraphWithText(xml, text))),
      );
      expect(numIds.size).toBe(1);
    });

    it('defines bullet symbols and decimal numbers for the two list references', async () => {
      const parts = await pack(markdownToDocx('- a\n\n1. b'));

      expect(parts.numbering).toContain('<w:numFmt w:val="bullet"/><w:lvlText w:val="•"/>');
      expect(parts.numbering).toContain('<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>');
      expect(numIdOf(paragraphWithText(parts.document, 'a'))).not.toBe(
        numIdOf(paragraphWithText(parts.document, 'b')),
      );
    });

    it('restarts each separate ordered list at 1 with a numbering instance of its own', async () => {
      const parts = await pack(markdownToDocx('1. first\n2. second\n\nBetween.\n\n3. again'));

      const first = numIdOf(paragraphWithText(parts.document, 'first'));
      expect(numIdOf(paragraphWithText(parts.document, 'second'))).toBe(first);
      const again = numIdOf(paragraphWithText(parts.document, 'again'));
      expect(again).not.toBe(first);
      expect(parts.numbering).toMatch(
        new RegExp(
          `<w:num w:numId="${again}"><w:abstractNumId w:val="\\d+"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>`,
        ),
      );
    });

    it('numbers a nested ordered list apart from its parent, which carries on counting', async () => {
      const xml = await render('1. one\n   1. one-a\n2. two');

      const parent = numIdOf(paragraphWithText(xml, 'one'));
      expect(numIdOf(paragraphWithText(xml, 'two'))).toBe(parent);
      expect(numIdOf(paragraphWithText(xml, 'one-a'))).not.toBe(parent);
      expect(paragraphWithText(xml, 'one-a')).toContain('<w:ilvl w:val="1"/>');
    });

    it('keeps ordered lists of separate calls apart when each call gets its own firstListInstance', async () => {
      const shared = await pack([...markdownToDocx('1. a'), ...markdownToDocx('1. b')]);
      const apart = await pack([
        ...markdownToDocx('1. a'),
        ...markdownToDocx('1. b', { firstListInstance: 100 }),
      ]);

      expect(numIdOf(paragraphWithText(shared.document, 'b'))).toBe(
        numIdOf(paragraphWithText(shared.document, 'a')),
      );
      expect(numIdOf(paragraphWithText(apart.document, 'b'))).not.toBe(
        numIdOf(paragraphWithText(apart.document, 'a')),
      );
    });

    it('renders inline formatting, task boxes and continuation paragraphs in list items', async () => {
      const xml = await render('- [x] **done**\n- [ ] open\n\n  more about open');

      expect(runsWithText(xml, 'done')[0]).toContain('<w:b/>');
      expect(textOf(paragraphsOf(xml)[0] ?? '')).toBe('☒ done');
      expect(textOf(paragraphsOf(xml)[1] ?? '')).toBe('☐ open');
      const more = paragraphWithText(xml, 'more about open');
      expect(more).not.toContain('<w:numPr>');
      expect(more).toContain('<w:ind w:left="720"/>');
    });
  });

  describe('tables', () => {
    const budget = [
      '| Item | Cost (EUR) |',
      '|------|-----------:|',
      '| Travel to the regional workshop | **12,000** |',
      '| Printing<br>and postage | 3,500 |',
    ].join('\n');

    it('renders a GFM table with explicit column widths summing to the page width', async () => {
      const xml = await render(budget);

      const columns = gridColumns(xml);
      expect(columns).toHaveLength(2);
      expect(columns.reduce((sum, width) => sum + width, 0)).toBe(PAGE_CONTENT_WIDTH);
      expect(PAGE_CONTENT_WIDTH).toBe(9638);
      expect(xml).toContain(`<w:tblW w:type="dxa" w:w="${PAGE_CONTENT_WIDTH}"/>`);
      expect(xml).toContain('<w:tblLayout w:type="fixed"/>');
    });

    it('gives every cell the width of its grid column', async () => {
      const xml = await render(budget);

      const [item, cost] = gridColumns(xml);
      const cellWidths = [...xml.matchAll(/<w:tcW w:type="dxa" w:w="(\d+)"\/>/g)].map((match) =>
        Number(match[1]),
      );
      expect(cellWidths).toEqual([item, cost, item, cost, item, cost]);
    });

    it('sizes columns by the width of their longest line in the document font, capped, summing to the content width', async () => {
      const short = await render('| A | B |\n|---|---|\n| x | twelve chars |');
      const capped = await render(`| # | Text |\n|---|---|\n| 1 | ${'y'.repeat(100)} |`);

      // Calibri widths in average characters (550 font units, 110 twips), plus 230 twips of cell margins, scaled
      // up to the page: "A" (579 units, bold: 6% wider) and "twelve chars" (5,120 units); a line of 100 y's
      // counts as 40 characters.
      expect(gridColumns(short)).toEqual([2117, 7521]);
      expect(gridColumns(capped)).toEqual([652, 8986]);
    });

    it('makes a column of capitals wider than one of as many small letters', async () => {
      const xml = await render('| CAHFSA | cahfsa |\n|:---:|:---:|\n| ● | ○ |');

      const [capitals, small] = gridColumns(xml);
      expect(capitals).toBeGreaterThan(small ?? 0);
    });

    it('keeps each column at least as wide as its longest word in a crowded table', async () => {
      const crowded = await render(
        `| No. | Title | Type | Level | Countries | Months | Cost (USD) |\n|---|---|---|---|---|---|---:|\n| 1 | ${'Regional surveillance network '.repeat(3)} | Surveillance | Regional | Colombia, Peru, Ecuador | 24 | 120,000 |`,
      );

      const widths = gridColumns(crowded);
      expect(widths.reduce((sum, width) => sum + width, 0)).toBe(9638);
      // "Surveillance", "Regional", "Months" (bold) and "120,000" fit unbroken.
      const fits = (word: string, bold = false) => ((textUnits(word) * (bold ? 1.06 : 1)) / 550) * 110 + 230;
      expect(widths[2]).toBeGreaterThanOrEqual(fits('Surveillance'));
      expect(widths[3]).toBeGreaterThanOrEqual(fits('Regional'));
      expect(widths[5]).toBeGreaterThanOrEqual(fits('Months', true));
      expect(widths[6]).toBeGreaterThanOrEqual(fits('120,000'));
    });

    it('marks the header row to repeat on each page and shades it with the header fill', async () => {
      const xml = await render(budget);

      expect(xml.match(/<w:tblHeader\/>/g)).toHaveLength(1);
      expect(xml).not.toContain('<w:tblHeader w:val="off"/>');
      expect(xml.match(/<w:shd w:fill="1F4E3D" w:color="auto" w:val="clear"\/>/g)).toHaveLength(2);
      expect(paragraphWithText(xml, 'Item')).toContain('<w:pStyle w:val="TableHeader"/>');
      expect(paragraphWithText(xml, '3,500')).toContain('<w:pStyle w:val="TableText"/>');
    });

    it('right-aligns the cells of a column aligned right in the Markdown', async () => {
      const xml = await render(budget);

      expect(paragraphWithText(xml, 'Cost (EUR)')).toContain('<w:jc w:val="right"/>');
      expect(paragraphWithText(xml, '12,000')).toContain('<w:jc w:val="right"/>');
      expect(paragraphWithText(xml, '3,500')).toContain('<w:jc w:val="right"/>');
      expect(paragraphWithText(xml, 'Item')).not.toContain('<w:jc');
    });

    it('renders bold and <br> inside cells', async () => {
      const xml = await render(budget);

      expect(runsWithText(xml, '12,000')[0]).toContain('<w:b/>');
      expect(paragraphWithText(xml, 'Printingand postage')).toContain('<w:br/>');
    });
  });

  describe('blocks', () => {
    it('starts the paragraph after a <!-- page-break --> line on a new page, without a paragraph of its own', async () => {
      const xml = await render('Before\n\n<!-- page-break -->\n\n# After');

      const paragraphs = paragraphsOf(xml);
      expect(paragraphs).toHaveLength(2);
      expect(paragraphs[1]).toContain('<w:pageBreakBefore/>');
      expect(paragraphs[1]).toContain('<w:pStyle w:val="Heading1"/>');
      expect(xml).not.toContain('w:type="page"');
    });

    it('starts a table after a page break on a new page with an empty paragraph before it', async () => {
      const xml = await render('Before\n\n<!-- page-break -->\n\n| A |\n|---|\n| b |');

      expect(paragraphsOf(xml)[1]).toBe('<w:p><w:pPr><w:pageBreakBefore/></w:pPr></w:p>');
    });

    it('turns a paragraph starting with "% " into the title, in the Title style, without the mark', async () => {
      const xml = await render('% Protecting *plants*\n\n100 % sure');

      expect(paragraphWithText(xml, 'Protecting plants')).toContain('<w:pStyle w:val="Title"/>');
      expect(paragraphWithText(xml, '100 % sure')).not.toContain('<w:pStyle');
    });

    it('puts a table of contents of the level 1 and 2 headings under its title for a table-of-contents line', async () => {
      const xml = await render('<!-- table-of-contents: Contents -->\n\n# One\n\n## Two\n\n### Three');

      expect(paragraphWithText(xml, 'Contents')).toContain('<w:pStyle w:val="TOCHeading"/>');
      const toc = /<w:sdt>[\s\S]*<\/w:sdt>/.exec(xml)?.[0] ?? '';
      expect(toc).toContain('TOC \\h \\o &quot;1-2&quot;');
      expect(paragraphsOf(toc).map(textOf)).toEqual(['One', 'Two', '']);
    });

    it('gives the table-of-contents line its headings for a table of contents made by the caller', () => {
      let listed: readonly HeadingEntry[] = [];
      markdownToDocx('<!-- table-of-contents -->\n\n# One *a*\n\n## Two\n\n### Three', {
        tableOfContents: (headings) => {
          listed = headings;
          return new Paragraph('contents');
        },
      });

      expect(listed).toEqual([
        { title: 'One a', level: 1 },
        { title: 'Two', level: 2 },
      ]);
    });

    it('puts the blocks of a chart where a chart line names it, and refuses a name it does not know', async () => {
      const charts = { 'budget-by-rppo': () => [new Paragraph('the chart')] };

      const xml = await render(
        markdownToDocx('Before\n\n<!-- chart: budget-by-rppo -->\n\nAfter', { charts }),
      );

      expect(paragraphsOf(xml).map(textOf)).toEqual(['Before', 'the chart', 'After']);
      expect(() => markdownToDocx('<!-- chart: pie -->', { charts })).toThrow(
        'There is no chart named "pie" (charts: budget-by-rppo)',
      );
    });

    it('translates blocks one at a time as they are asked for', () => {
      const calls: string[] = [];
      const chart = (name: string) => () => {
        calls.push(name);
        return [new Paragraph(name)];
      };
      const charts = { first: chart('first'), second: chart('second') };
      const blocks = markdownBlocks('<!-- chart: first -->\n\n<!-- chart: second -->', { charts });

      blocks.next();

      expect(calls).toEqual(['first']);
    });

    it('drops other HTML comments and shows other block HTML as text', async () => {
      const xml = await render('<!-- note for template authors -->\n\n<div class="x">Block & more</div>');

      expect(textOf(xml)).toBe('<div class="x">Block & more</div>');
      expect(xml).not.toContain('note for template authors');
    });

    it('renders a block quote as paragraphs in the indented italic Quote style', async () => {
      const parts = await pack(markdownToDocx('> Quoted **text**\n> goes on.'));

      expect(paragraphWithText(parts.document, 'Quoted text goes on.')).toContain(
        '<w:pStyle w:val="Quote"/>',
      );
      expect(parts.styles).toMatch(
        /w:styleId="Quote">[\s\S]*?<w:ind w:left="567" w:right="567"\/>[\s\S]*?<w:i\/>/,
      );
    });

    it('renders a horizontal rule as an empty paragraph with a bottom border', async () => {
      const xml = await render('Above\n\n---\n\nBelow');

      expect(paragraphsOf(xml)[1]).toMatch(
        /^<w:p><w:pPr><w:pBdr><w:bottom w:val="single"[^>]*\/><\/w:pBdr><\/w:pPr><\/w:p>$/,
      );
    });

    it('renders fenced code in the monospace CodeBlock style, keeping lines, indentation and characters', async () => {
      const xml = await render('```\nif (a &amp;& b) {\n  go();\n}\n```');

      const paragraph = paragraphWithText(xml, 'if (a &amp;& b) {  go();}');
      expect(paragraph).toContain('<w:pStyle w:val="CodeBlock"/>');
      expect(paragraph.match(/<w:br\/>/g)).toHaveLength(2);
      expect(paragraph).toContain('<w:t xml:space="preserve">  go();</w:t>');
    });

    it('ignores blank lines between blocks', async () => {
      const xml = await render('one\n\n\n\n\ntwo');

      expect(paragraphsOf(xml).map(textOf)).toEqual(['one', 'two']);
    });

    it('returns the same document for the same input', async () => {
      const markdown = `# T\n\n1. a\n\n| A | B |\n|---|--:|\n| x | 1 |\n\n- b`;

      const [first, second] = [await render(markdown), await render(markdown)];

      expect(second).toBe(first);
    });
  });
});

describe('documentStyles', () => {
  it('defines Calibri 11 pt body text, green bold headings and the table styles', async () => {
    const { styles } = await pack([]);

    expect(styles).toMatch(
      /<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri"[^>]*\/><w:sz w:val="22"\/>/,
    );
    expect(styles).toMatch(/w:styleId="Heading1">[\s\S]*?<w:b\/>[\s\S]*?<w:color w:val="1F4E3D"\/>/);
    expect(styles).toContain('w:styleId="Title"');
    expect(styles).toMatch(/w:styleId="TableText">[\s\S]*?<w:sz w:val="20"\/>/);
    expect(styles).toMatch(/w:styleId="TableHeader">[\s\S]*?<w:b\/>[\s\S]*?<w:color w:val="FFFFFF"\/>/);
  });
});
