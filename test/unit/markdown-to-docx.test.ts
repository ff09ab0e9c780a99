import { Document, Packer } from 'docx';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../functions/documents/blocks.ts';
import { textUnits } from '../../functions/documents/font-metrics.ts';
import { markdownBlocks, markdownToDocx, piecesOf } from '../../functions/documents/markdown-to-docx.ts';
import { PAGE_CONTENT_WIDTH } from '../../functions/documents/styles.ts';
import { documentStyles } from '../../local/house-styles.ts';
import { attributesOf, decodeXml, paragraphsOf, textOf, wordParts, writeBlocks } from '../support/docx.ts';

function render(markdown: string, pageOf?: (bookmark: number) => number | undefined): string {
  return writeBlocks(markdownToDocx(markdown), pageOf).document;
}

/** A paragraph block holding one run of plain text. */
function textBlock(text: string): Block {
  return { kind: 'paragraph', inlines: [{ text, format: {} }] };
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

/** The instruction of each field (`TOC …`, `PAGEREF …`), trimmed. */
function fieldInstructions(xml: string): string[] {
  return [...xml.matchAll(/<w:instrText(?:\s[^>]*)?>([^<]*)<\/w:instrText>/g)].map((match) =>
    decodeXml(match[1] ?? '').trim(),
  );
}

function gridColumns(xml: string): number[] {
  return [...xml.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((match) => Number(match[1]));
}

describe('markdownToDocx', () => {
  describe('headings', () => {
    it('maps # to #### onto the Heading1 to Heading4 styles that a table of contents collects', () => {
      // prepare
      const markdown = '# One\n\n## Two\n\n### Three\n\n#### Four';

      // act
      const xml = render(markdown);

      // assess
      expect(paragraphWithText(xml, 'One')).toContain('<w:pStyle w:val="Heading1"/>');
      expect(paragraphWithText(xml, 'Two')).toContain('<w:pStyle w:val="Heading2"/>');
      expect(paragraphWithText(xml, 'Three')).toContain('<w:pStyle w:val="Heading3"/>');
      expect(paragraphWithText(xml, 'Four')).toContain('<w:pStyle w:val="Heading4"/>');
    });

    it('renders deeper headings as Heading4, the deepest style the document defines', () => {
      const xml = render('###### Six');

      expect(paragraphWithText(xml, 'Six')).toContain('<w:pStyle w:val="Heading4"/>');
    });

    it('writes a heading as plain text, leaving its look to the heading style', () => {
      const xml = render('# Budget **and** `plan`');

      const heading = paragraphWithText(xml, 'Budget and plan');
      expect(heading).not.toContain('<w:b/>');
      expect(heading).not.toContain('<w:rFonts');
    });
  });

  describe('inline formatting', () => {
    it('renders strong, emphasis, nested strong emphasis and strikethrough as run properties', () => {
      const xml = render('**bold** *italic* ***both*** ~~gone~~');

      expect(runsWithText(xml, 'bold')[0]).toContain('<w:b/>');
      expect(runsWithText(xml, 'bold')[0]).not.toContain('<w:i/>');
      expect(runsWithText(xml, 'italic')[0]).toContain('<w:i/>');
      expect(runsWithText(xml, 'italic')[0]).not.toContain('<w:b/>');
      expect(runsWithText(xml, 'both')[0]).toMatch(/<w:b\/>[\s\S]*<w:i\/>/);
      expect(runsWithText(xml, 'gone')[0]).toContain('<w:strike/>');
    });

    it('renders a code span in a monospace font with its characters as written', () => {
      const xml = render('Run `npm &amp; <x>` now');

      const [run] = runsWithText(xml, 'npm &amp; <x>');
      expect(run).toContain('<w:rFonts w:ascii="Consolas"');
    });

    it('turns hard breaks and <br>, <br/> and <br /> into line breaks within one paragraph', () => {
      const xml = render('one  \ntwo\\\nthree<br>four<br/>five<br />six');

      const paragraphs = paragraphsOf(xml);
      expect(paragraphs).toHaveLength(1);
      expect(paragraphs[0]?.match(/<w:br\/>/g)).toHaveLength(5);
      expect(textOf(xml)).toBe('onetwothreefourfivesix');
    });

    it('joins the lines of a paragraph with a space', () => {
      const xml = render('first line\nsecond line');

      expect(textOf(xml)).toBe('first line second line');
      expect(xml).not.toContain('<w:br/>');
    });

    it('shows a link as its text followed by its decoded address', () => {
      const xml = render('See [the IPPC](https://www.ippc.int/?a=1&amp;b=2).');

      expect(textOf(xml)).toBe('See the IPPC (https://www.ippc.int/?a=1&b=2).');
    });

    it('shows a bare address once', () => {
      const xml = render('Visit https://www.ippc.int/en/ today.');

      expect(textOf(xml)).toBe('Visit https://www.ippc.int/en/ today.');
    });
  });

  describe('escapes, the defence against Markdown in user text', () => {
    it('keeps backslash-escaped asterisks as literal text without bold or italics', () => {
      const xml = render('Say \\*not bold\\* and \\*\\*not strong\\*\\*');

      expect(textOf(xml)).toBe('Say *not bold* and **not strong**');
      expect(xml).toContain('<w:t xml:space="preserve">Say *not bold* and **not strong**</w:t>');
      expect(xml).not.toContain('<w:b/>');
      expect(xml).not.toContain('<w:i/>');
    });

    it('keeps an escaped # at the start of a line as text, not a heading', () => {
      const xml = render('\\# Not a heading');

      expect(textOf(xml)).toBe('# Not a heading');
      expect(xml).not.toContain('<w:pStyle');
    });

    it('keeps escaped list, link and code markers as text', () => {
      const xml = render('\\- not a list\n\n1\\. not ordered\n\n\\[label\\](https://evil.example) \\`x\\`');

      expect(textOf(xml)).toBe('- not a list1. not ordered[label](https://evil.example) `x`');
      expect(xml).not.toContain('<w:numPr>');
      expect(xml).not.toContain('Consolas');
    });

    it('keeps escaped HTML tags as literal text', () => {
      const xml = render('\\<b\\>bold?\\</b\\> \\<br\\>');

      expect(textOf(xml)).toBe('<b>bold?</b> <br>');
      expect(xml).toContain('&lt;b&gt;bold?&lt;/b&gt;');
      expect(xml).not.toContain('<w:b/>');
      expect(xml).not.toContain('<w:br/>');
    });

    it('keeps an escaped pipe inside a table cell as text in the same cell', () => {
      const xml = render('| Item | Note |\n|---|---|\n| a \\| b | c |');

      expect(gridColumns(xml)).toHaveLength(2);
      expect(xml.match(/<w:tc>/g)).toHaveLength(4);
      expect(paragraphWithText(xml, 'a | b')).toContain('<w:pStyle w:val="TableText"/>');
    });

    it('shows unescaped inline HTML other than <br> as literal text', () => {
      const xml = render('a <span class="x">b</span> <img src=x onerror=alert(1)> c');

      expect(textOf(xml)).toBe('a <span class="x">b</span> <img src=x onerror=alert(1)> c');
    });
  });

  describe('character references', () => {
    it('shows &, quotes, apostrophes and angle brackets as typed', () => {
      const xml = render('R&D "quoted" it\'s <tag>');

      expect(textOf(xml)).toBe('R&D "quoted" it\'s <tag>');
      // quotes may be written as characters or as references; &, < and > must be references
      expect(xml).toMatch(/R&amp;D (?:"|&quot;)quoted(?:"|&quot;) it(?:'|&apos;)s &lt;tag&gt;/);
    });

    it('decodes named and numeric references without double-encoding a bare &', () => {
      // marked 18 returns "R&amp;D" for a text that also holds a numeric reference.
      const xml = render('R&D &#39;x&#39; &#x41; &amp; &lt;b&gt; &copy; &unknown; &amp;#39;');

      expect(textOf(xml)).toBe("R&D 'x' A & <b> © &unknown; &#39;");
    });

    it('decodes references inside list items, table cells and headings', () => {
      const xml = render('# A &amp; B\n\n- it&#39;s R&D\n\n| H &amp; I |\n|---|\n| &quot;c&quot; |');

      expect(textOf(xml)).toBe('A & Bit\'s R&DH & I"c"');
    });
  });

  describe('lists', () => {
    it('renders a bullet list nested three levels deep on the bullets numbering', () => {
      const xml = render('- one\n  - two\n    - three\n      - four');

      const levels = ['one', 'two', 'three', 'four'].map(
        (text) => /<w:ilvl w:val="(\d)"\/>/.exec(paragraphWithText(xml, text))?.[1],
      );
      expect(levels).toEqual(['0', '1', '2', '2']);
      const numIds = new Set(
        ['one', 'two', 'three', 'four'].map((text) => numIdOf(paragraphWithText(xml, text))),
      );
      expect(numIds.size).toBe(1);
    });

    it('defines bullet symbols and decimal numbers for the two list references', () => {
      const parts = writeBlocks(markdownToDocx('- a\n\n1. b'));

      expect(parts.numbering).toContain('<w:numFmt w:val="bullet"/><w:lvlText w:val="•"/>');
      expect(parts.numbering).toContain('<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>');
      expect(numIdOf(paragraphWithText(parts.document, 'a'))).not.toBe(
        numIdOf(paragraphWithText(parts.document, 'b')),
      );
    });

    it('restarts each separate ordered list at 1 with a numbering instance of its own', () => {
      const parts = writeBlocks(markdownToDocx('1. first\n2. second\n\nBetween.\n\n3. again'));

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

    it('numbers a nested ordered list apart from its parent, which carries on counting', () => {
      const xml = render('1. one\n   1. one-a\n2. two');

      const parent = numIdOf(paragraphWithText(xml, 'one'));
      expect(numIdOf(paragraphWithText(xml, 'two'))).toBe(parent);
      expect(numIdOf(paragraphWithText(xml, 'one-a'))).not.toBe(parent);
      expect(paragraphWithText(xml, 'one-a')).toContain('<w:ilvl w:val="1"/>');
    });

    it('gives each ordered list of a text an instance of its own and every bullet list the one bullets list', () => {
      const blocks = markdownToDocx('1. a\n\n- x\n\n1. b\n   1. c\n\n- y');

      const placements = blocks.map((block) => (block.kind === 'paragraph' ? block.list : undefined));
      expect(placements).toEqual([
        { ordered: true, instance: 1, level: 0 },
        { ordered: false, instance: 0, level: 0 },
        { ordered: true, instance: 2, level: 0 },
        { ordered: true, instance: 3, level: 1 },
        { ordered: false, instance: 0, level: 0 },
      ]);
    });

    it('renders inline formatting, task boxes and continuation paragraphs in list items', () => {
      const xml = render('- [x] **done**\n- [ ] open\n\n  more about open');

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

    it('renders a GFM table with explicit column widths summing to the page width', () => {
      const xml = render(budget);

      const columns = gridColumns(xml);
      expect(columns).toHaveLength(2);
      expect(columns.reduce((sum, width) => sum + width, 0)).toBe(PAGE_CONTENT_WIDTH);
      expect(PAGE_CONTENT_WIDTH).toBe(9638);
      expect(attributesOf(xml, 'w:tblW')).toEqual([{ 'w:type': 'dxa', 'w:w': String(PAGE_CONTENT_WIDTH) }]);
      expect(xml).toContain('<w:tblLayout w:type="fixed"/>');
    });

    it('gives every cell the width of its grid column', () => {
      const xml = render(budget);

      const [item, cost] = gridColumns(xml);
      const cells = attributesOf(xml, 'w:tcW');
      expect(cells.every((cell) => cell['w:type'] === 'dxa')).toBe(true);
      const cellWidths = cells.map((cell) => Number(cell['w:w']));
      expect(cellWidths).toEqual([item, cost, item, cost, item, cost]);
    });

    it('sizes columns by the width of their longest line in the document font, capped, summing to the content width', () => {
      const short = render('| A | B |\n|---|---|\n| x | twelve chars |');
      const capped = render(`| # | Text |\n|---|---|\n| 1 | ${'y'.repeat(100)} |`);

      // Calibri widths in average characters (550 font units, 110 twips), plus 230 twips of cell margins, scaled
      // up to the page: "A" (579 units, bold: 6% wider) and "twelve chars" (5,120 units); a line of 100 y's
      // counts as 40 characters.
      expect(gridColumns(short)).toEqual([2117, 7521]);
      expect(gridColumns(capped)).toEqual([652, 8986]);
    });

    it('makes a column of capitals wider than one of as many small letters', () => {
      const xml = render('| CAHFSA | cahfsa |\n|:---:|:---:|\n| ● | ○ |');

      const [capitals, small] = gridColumns(xml);
      expect(capitals).toBeGreaterThan(small ?? 0);
    });

    it('keeps each column at least as wide as its longest word in a crowded table', () => {
      const crowded = render(
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

    it('marks the header row to repeat on each page and shades it with the header fill', () => {
      const xml = render(budget);

      expect(xml.match(/<w:tblHeader\/>/g)).toHaveLength(1);
      expect(xml).not.toContain('<w:tblHeader w:val="off"/>');
      expect(attributesOf(xml, 'w:shd')).toEqual([
        { 'w:fill': '1F4E3D', 'w:color': 'auto', 'w:val': 'clear' },
        { 'w:fill': '1F4E3D', 'w:color': 'auto', 'w:val': 'clear' },
      ]);
      expect(paragraphWithText(xml, 'Item')).toContain('<w:pStyle w:val="TableHeader"/>');
      expect(paragraphWithText(xml, '3,500')).toContain('<w:pStyle w:val="TableText"/>');
    });

    it('right-aligns the cells of a column aligned right in the Markdown', () => {
      const xml = render(budget);

      expect(paragraphWithText(xml, 'Cost (EUR)')).toContain('<w:jc w:val="right"/>');
      expect(paragraphWithText(xml, '12,000')).toContain('<w:jc w:val="right"/>');
      expect(paragraphWithText(xml, '3,500')).toContain('<w:jc w:val="right"/>');
      expect(paragraphWithText(xml, 'Item')).not.toContain('<w:jc');
    });

    it('renders bold and <br> inside cells', () => {
      const xml = render(budget);

      expect(runsWithText(xml, '12,000')[0]).toContain('<w:b/>');
      expect(paragraphWithText(xml, 'Printingand postage')).toContain('<w:br/>');
    });
  });

  describe('blocks', () => {
    it('starts the paragraph after a <!-- page-break --> line on a new page, without a paragraph of its own', () => {
      const xml = render('Before\n\n<!-- page-break -->\n\n# After');

      const paragraphs = paragraphsOf(xml);
      expect(paragraphs).toHaveLength(2);
      expect(paragraphs[1]).toContain('<w:pageBreakBefore/>');
      expect(paragraphs[1]).toContain('<w:pStyle w:val="Heading1"/>');
      expect(xml).not.toContain('w:type="page"');
    });

    it('starts a table after a page break on a new page with an empty paragraph before it', () => {
      const xml = render('Before\n\n<!-- page-break -->\n\n| A |\n|---|\n| b |');

      expect(paragraphsOf(xml)[1]).toBe('<w:p><w:pPr><w:pageBreakBefore/></w:pPr></w:p>');
    });

    it('turns a paragraph starting with "% " into the title, in the Title style, without the mark', () => {
      const xml = render('% Protecting *plants*\n\n100 % sure');

      expect(paragraphWithText(xml, 'Protecting plants')).toContain('<w:pStyle w:val="Title"/>');
      expect(paragraphWithText(xml, '100 % sure')).not.toContain('<w:pStyle');
    });

    it('puts a table of contents of the level 1 and 2 headings under its title for a table-of-contents line', () => {
      const markdown = '<!-- table-of-contents: Contents -->\n\n# One\n\n## Two\n\n### Three';
      const pages: Record<number, number> = { 1: 3, 2: 5 };

      const xml = render(markdown, (bookmark) => pages[bookmark]);

      expect(paragraphWithText(xml, 'Contents')).toContain('<w:pStyle w:val="TOCHeading"/>');
      const toc = /<w:sdt>[\s\S]*<\/w:sdt>/.exec(xml)?.[0] ?? '';
      expect(toc).toContain('<w:docPartGallery w:val="Table of Contents"/>');
      // a TOC field of the outline levels 1 to 2, its entries hyperlinks (\\h)
      const [instruction, ...pageFields] = fieldInstructions(toc);
      expect(instruction?.split(/\s+/).sort()).toEqual(['"1-2"', 'TOC', '\\h', '\\o'].sort());
      expect(instruction).toMatch(/\\o "1-2"/);
      expect(pageFields).toEqual(['PAGEREF _Toc1 \\h', 'PAGEREF _Toc2 \\h']);
      const [one, two] = paragraphsOf(toc).filter((paragraph) => paragraph.includes('<w:hyperlink'));
      expect(one).toContain('<w:pStyle w:val="TOC1"/>');
      expect(attributesOf(one ?? '', 'w:hyperlink')).toEqual([
        expect.objectContaining({ 'w:anchor': '_Toc1' }),
      ]);
      // the TOC field starts in the first entry's paragraph, as Word writes it, and ends in one of its own
      expect(fieldInstructions(one ?? '')).toEqual([instruction, 'PAGEREF _Toc1 \\h']);
      expect(two).toContain('<w:pStyle w:val="TOC2"/>');
      expect(attributesOf(two ?? '', 'w:hyperlink')).toEqual([
        expect.objectContaining({ 'w:anchor': '_Toc2' }),
      ]);
      expect(fieldInstructions(two ?? '')).toEqual(['PAGEREF _Toc2 \\h']);
      // each entry: its title, a tab and the page the layout gave its heading
      expect(runsWithText(one ?? '', '3')).toHaveLength(1);
      expect(runsWithText(two ?? '', '5')).toHaveLength(1);
      expect(paragraphsOf(toc).map(textOf)).toEqual(['One3', 'Two5', '']);
      expect(toc.match(/w:fldCharType="begin"/g)).toHaveLength(3);
      expect(toc.match(/w:fldCharType="end"/g)).toHaveLength(3);
    });

    it('bookmarks the level 1 and 2 headings that a table of contents links to', () => {
      const xml = render('# One\n\n## Two\n\n### Three');

      const one = paragraphWithText(xml, 'One');
      expect(attributesOf(one, 'w:bookmarkStart')).toEqual([{ 'w:id': '1', 'w:name': '_Toc1' }]);
      expect(one).toMatch(/<w:bookmarkStart [^>]*\/>.*One.*<w:bookmarkEnd w:id="1"\/><\/w:p>$/);
      expect(attributesOf(paragraphWithText(xml, 'Two'), 'w:bookmarkStart')).toEqual([
        { 'w:id': '2', 'w:name': '_Toc2' },
      ]);
      expect(paragraphWithText(xml, 'Three')).not.toContain('<w:bookmarkStart');
    });

    it('gives the table-of-contents block the level 1 and 2 headings with the bookmarks of their paragraphs', () => {
      const blocks = markdownToDocx('<!-- table-of-contents -->\n\n# One *a*\n\n## Two\n\n### Three');

      expect(blocks[0]).toEqual({
        kind: 'contents',
        entries: [
          { title: 'One a', level: 1, bookmark: 1 },
          { title: 'Two', level: 2, bookmark: 2 },
        ],
      });
      expect(blocks.slice(1).map((block) => (block.kind === 'paragraph' ? block.bookmark : null))).toEqual([
        1,
        2,
        undefined,
      ]);
    });

    it('leaves the page numbers of the table of contents blank when the pages are not known', () => {
      const xml = render('<!-- table-of-contents -->\n\n# One');

      const toc = /<w:sdt>[\s\S]*<\/w:sdt>/.exec(xml)?.[0] ?? '';
      expect(paragraphsOf(toc).map(textOf)).toEqual(['One', '']);
      expect(toc).toContain(
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>',
      );
    });

    it('puts the blocks of a chart where a chart line names it, and refuses a name it does not know', () => {
      const charts = { 'budget-by-rppo': () => [textBlock('the chart')] };

      const xml = writeBlocks(
        markdownToDocx('Before\n\n<!-- chart: budget-by-rppo -->\n\nAfter', { charts }),
      ).document;

      expect(paragraphsOf(xml).map(textOf)).toEqual(['Before', 'the chart', 'After']);
      expect(() => markdownToDocx('<!-- chart: pie -->', { charts })).toThrow(
        'There is no chart named "pie" (charts: budget-by-rppo)',
      );
    });

    it('translates blocks one at a time as they are asked for', () => {
      const calls: string[] = [];
      const chart = (name: string) => () => {
        calls.push(name);
        return [textBlock(name)];
      };
      const charts = { first: chart('first'), second: chart('second') };
      const blocks = markdownBlocks('<!-- chart: first -->\n\n<!-- chart: second -->', { charts });

      blocks.next();

      expect(calls).toEqual(['first']);
    });

    it('drops other HTML comments and shows other block HTML as text', () => {
      const xml = render('<!-- note for template authors -->\n\n<div class="x">Block & more</div>');

      expect(textOf(xml)).toBe('<div class="x">Block & more</div>');
      expect(xml).not.toContain('note for template authors');
    });

    it('renders a block quote as paragraphs in the Quote style', () => {
      const xml = render('> Quoted **text**\n> goes on.');

      expect(paragraphWithText(xml, 'Quoted text goes on.')).toContain('<w:pStyle w:val="Quote"/>');
    });

    it('renders a horizontal rule as an empty paragraph with a bottom border', () => {
      const xml = render('Above\n\n---\n\nBelow');

      expect(paragraphsOf(xml)[1]).toMatch(
        /^<w:p><w:pPr><w:pBdr><w:bottom w:val="single"[^>]*\/><\/w:pBdr><\/w:pPr><\/w:p>$/,
      );
    });

    it('renders fenced code in the monospace CodeBlock style, keeping lines, indentation and characters', () => {
      const xml = render('```\nif (a &amp;& b) {\n  go();\n}\n```');

      const paragraph = paragraphWithText(xml, 'if (a &amp;& b) {  go();}');
      expect(paragraph).toContain('<w:pStyle w:val="CodeBlock"/>');
      expect(paragraph.match(/<w:br\/>/g)).toHaveLength(2);
      expect(paragraph).toContain('<w:t xml:space="preserve">  go();</w:t>');
    });

    it('ignores blank lines between blocks', () => {
      const xml = render('one\n\n\n\n\ntwo');

      expect(paragraphsOf(xml).map(textOf)).toEqual(['one', 'two']);
    });

    it('reads a text cut into pieces at its top-level headings as it reads the whole', () => {
      // prepare: each kind of block right before a heading, which must end it; a heading line inside a fence
      // and inside a comment, which must not start a piece
      const markdown = [
        '<!-- table-of-contents -->',
        '# One\n\nA paragraph\nof two lines',
        '## Two\n\n- a list\n- item',
        '## Three\n\n| A | B |\n|---|---|\n| x | y |',
        '## Four\n\n> a quote',
        '# Five\n\n```\n# not a heading\n```\n\n<!--\n## not a heading\n-->',
        '## Six',
      ].join('\n\n');

      // act
      const pieces = [...piecesOf(markdown)];
      const blocks = markdownToDocx(markdown);

      // assess: a piece per heading, the text whole; the contents list every heading, later pieces' too
      expect(pieces.map((piece) => piece.split('\n')[0])).toEqual([
        '<!-- table-of-contents -->',
        '# One',
        '## Two',
        '## Three',
        '## Four',
        '# Five',
        '## Six',
      ]);
      expect(pieces.join('')).toBe(markdown);
      const contents = blocks.find((block) => block.kind === 'contents');
      expect(contents?.kind === 'contents' && contents.entries.map((entry) => entry.title)).toEqual([
        'One',
        'Two',
        'Three',
        'Four',
        'Five',
        'Six',
      ]);
      expect(textOf(writeBlocks(blocks).document)).toContain('# not a heading');
      expect(blocks.filter((block) => block.kind === 'table')).toHaveLength(1);
    });

    it('returns the same document for the same input', () => {
      const markdown = `# T\n\n1. a\n\n| A | B |\n|---|--:|\n| x | 1 |\n\n- b`;

      const [first, second] = [render(markdown), render(markdown)];

      expect(second).toBe(first);
    });
  });
});

describe('documentStyles', () => {
  /** The styles.xml of a document with the house template's styles. */
  async function houseStyles(): Promise<string> {
    const document = new Document({ styles: documentStyles, sections: [{ children: [] }] });
    return (await wordParts(await Packer.toBuffer(document))).styles ?? '';
  }

  it('defines Calibri 11 pt body text, green bold headings and the table styles', async () => {
    const styles = await houseStyles();

    expect(styles).toMatch(
      /<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri"[^>]*\/><w:sz w:val="22"\/>/,
    );
    expect(styles).toMatch(/w:styleId="Heading1">[\s\S]*?<w:b\/>[\s\S]*?<w:color w:val="1F4E3D"\/>/);
    expect(styles).toContain('w:styleId="Title"');
    expect(styles).toMatch(/w:styleId="TableText">[\s\S]*?<w:sz w:val="20"\/>/);
    expect(styles).toMatch(/w:styleId="TableHeader">[\s\S]*?<w:b\/>[\s\S]*?<w:color w:val="FFFFFF"\/>/);
  });

  it('defines the indented italic Quote style that block quotes are in', async () => {
    const styles = await houseStyles();

    expect(styles).toMatch(/w:styleId="Quote">[\s\S]*?<w:ind w:left="567" w:right="567"\/>[\s\S]*?<w:i\/>/);
  });

  it('defines every style the body refers to: headings, contents entries, code and the contents heading', async () => {
    const styles = await houseStyles();

    for (const id of [
      'Heading1',
      'Heading2',
      'Heading3',
      'Heading4',
      'TOC1',
      'TOC2',
      'TOCHeading',
      'CodeBlock',
    ]) {
      expect(styles).toContain(`w:styleId="${id}"`);
    }
  });
});
