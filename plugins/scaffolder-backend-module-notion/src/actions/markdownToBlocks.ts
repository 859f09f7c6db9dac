import type { BlockObjectRequest } from '@notionhq/client';

/** Notion rejects rich text items longer than this. */
export const NOTION_TEXT_LIMIT = 2000;

type RichText = { type: 'text'; text: { content: string } }[];
type CodeLanguage = Extract<
  BlockObjectRequest,
  { type?: 'code' }
>['code']['language'];

const CODE_LANGUAGES: ReadonlySet<string> = new Set<CodeLanguage>([
  'bash',
  'c',
  'c#',
  'c++',
  'css',
  'diff',
  'docker',
  'go',
  'graphql',
  'html',
  'java',
  'javascript',
  'json',
  'kotlin',
  'markdown',
  'python',
  'ruby',
  'rust',
  'shell',
  'sql',
  'typescript',
  'xml',
  'yaml',
]);

const LANGUAGE_ALIASES: Record<string, CodeLanguage> = {
  sh: 'shell',
  ts: 'typescript',
  js: 'javascript',
  py: 'python',
  yml: 'yaml',
  md: 'markdown',
};

/** Plain text split into items Notion accepts. */
function richText(content: string): RichText {
  const items: RichText = [];
  for (let at = 0; at < content.length; at += NOTION_TEXT_LIMIT) {
    items.push({
      type: 'text',
      text: { content: content.slice(at, at + NOTION_TEXT_LIMIT) },
    });
  }
  return items;
}

function codeLanguage(info: string): CodeLanguage {
  const name = info.trim().split(/\s+/)[0].toLowerCase();
  if (LANGUAGE_ALIASES[name]) return LANGUAGE_ALIASES[name];
  return CODE_LANGUAGES.has(name) ? (name as CodeLanguage) : 'plain text';
}

/** Notion has three heading levels; deeper markdown headings become the third. */
function headingBlock(level: number, text: RichText): BlockObjectRequest {
  if (level === 1) return { type: 'heading_1', heading_1: { rich_text: text } };
  if (level === 2) return { type: 'heading_2', heading_2: { rich_text: text } };
  return { type: 'heading_3', heading_3: { rich_text: text } };
}

const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const FENCE = /^\s*(```|~~~)(.*)$/;

/**
 * Turns a small markdown subset into Notion blocks: headings (levels past 3
 * become level 3, Notion's deepest), bulleted and numbered list items, fenced
 * code and paragraphs (consecutive lines joined). Inline markup is kept as
 * typed; the description is plain text with structure, not rich formatting.
 */
export function markdownToBlocks(markdown: string): BlockObjectRequest[] {
  const blocks: BlockObjectRequest[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  const flushParagraph = () => {
    if (paragraph.length > 0) {
      blocks.push({
        type: 'paragraph',
        paragraph: { rich_text: richText(paragraph.join(' ')) },
      });
      paragraph = [];
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (fence) {
      flushParagraph();
      const code: string[] = [];
      // An unclosed fence runs to the end, as in CommonMark.
      for (
        i++;
        i < lines.length && !lines[i].trim().startsWith(fence[1]);
        i++
      ) {
        code.push(lines[i]);
      }
      blocks.push({
        type: 'code',
        code: {
          rich_text: richText(code.join('\n')),
          language: codeLanguage(fence[2]),
        },
      });
      continue;
    }
    const heading = HEADING.exec(line);
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    if (heading) {
      flushParagraph();
      const text = richText(heading[2].trim());
      blocks.push(headingBlock(heading[1].length, text));
    } else if (bullet) {
      flushParagraph();
      blocks.push({
        type: 'bulleted_list_item',
        bulleted_list_item: { rich_text: richText(bullet[1].trim()) },
      });
    } else if (numbered) {
      flushParagraph();
      blocks.push({
        type: 'numbered_list_item',
        numbered_list_item: { rich_text: richText(numbered[1].trim()) },
      });
    } else if (line.trim() === '') {
      flushParagraph();
    } else {
      paragraph.push(line.trim());
    }
  }
  flushParagraph();
  return blocks;
}
