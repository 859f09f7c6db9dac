import { markdownToBlocks, NOTION_TEXT_LIMIT } from './markdownToBlocks';

const text = (content: string) => [{ type: 'text', text: { content } }];

describe('markdownToBlocks', () => {
  it('returns no blocks for empty or blank input', () => {
    expect(markdownToBlocks('')).toEqual([]);
    expect(markdownToBlocks('\n  \n')).toEqual([]);
  });

  it('joins consecutive lines into one paragraph and splits on blank lines', () => {
    expect(markdownToBlocks('first line\nsame paragraph\n\nsecond')).toEqual([
      {
        type: 'paragraph',
        paragraph: { rich_text: text('first line same paragraph') },
      },
      { type: 'paragraph', paragraph: { rich_text: text('second') } },
    ]);
  });

  it('maps headings, capping levels past three', () => {
    expect(markdownToBlocks('# One\n## Two\n### Three\n#### Four')).toEqual([
      { type: 'heading_1', heading_1: { rich_text: text('One') } },
      { type: 'heading_2', heading_2: { rich_text: text('Two') } },
      { type: 'heading_3', heading_3: { rich_text: text('Three') } },
      { type: 'heading_3', heading_3: { rich_text: text('Four') } },
    ]);
  });

  it('maps bulleted and numbered list items and ends a paragraph before them', () => {
    expect(markdownToBlocks('Intro\n- a\n* b\n1. one\n2) two')).toEqual([
      { type: 'paragraph', paragraph: { rich_text: text('Intro') } },
      {
        type: 'bulleted_list_item',
        bulleted_list_item: { rich_text: text('a') },
      },
      {
        type: 'bulleted_list_item',
        bulleted_list_item: { rich_text: text('b') },
      },
      {
        type: 'numbered_list_item',
        numbered_list_item: { rich_text: text('one') },
      },
      {
        type: 'numbered_list_item',
        numbered_list_item: { rich_text: text('two') },
      },
    ]);
  });

  it('keeps fenced code verbatim, with its language', () => {
    expect(
      markdownToBlocks('```ts\nconst a = 1;\n\n# not a heading\n```\nafter'),
    ).toEqual([
      {
        type: 'code',
        code: {
          rich_text: text('const a = 1;\n\n# not a heading'),
          language: 'typescript',
        },
      },
      { type: 'paragraph', paragraph: { rich_text: text('after') } },
    ]);
  });

  it('falls back to plain text for unknown or missing languages and closes an open fence at the end', () => {
    expect(markdownToBlocks('```brainfuck\n+++\n```\n~~~\nx')).toEqual([
      {
        type: 'code',
        code: { rich_text: text('+++'), language: 'plain text' },
      },
      { type: 'code', code: { rich_text: text('x'), language: 'plain text' } },
    ]);
  });

  it('splits text longer than Notion allows into several items', () => {
    const long = 'a'.repeat(NOTION_TEXT_LIMIT + 5);
    const [block] = markdownToBlocks(long) as any[];
    expect(
      block.paragraph.rich_text.map((t: any) => t.text.content.length),
    ).toEqual([NOTION_TEXT_LIMIT, 5]);
  });

  it('normalises Windows line endings', () => {
    expect(markdownToBlocks('- a\r\n- b')).toHaveLength(2);
  });
});
