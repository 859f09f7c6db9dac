import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// Every config key a package declares or reads must be documented in
// docs/configuration.md, so operators never meet an undocumented key.
const repoRoot = path.resolve(__dirname, '../../..');
const docs = fs.readFileSync(
  path.join(repoRoot, 'docs/configuration.md'),
  'utf8',
);
const packageDirs = ['plugins', 'packages'].flatMap(parent =>
  fs
    .readdirSync(path.join(repoRoot, parent))
    .map(name => path.join(repoRoot, parent, name)),
);

/** Leaf key paths under `controlRoom` in a config.d.ts; `*` marks map keys. */
function declaredKeys(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    fs.readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
  );
  const keys: string[] = [];
  const walk = (node: ts.Node, prefix: string) => {
    if (ts.isMappedTypeNode(node) && node.type) {
      walk(node.type, `${prefix}.*`);
      return;
    }
    const members = ts.isTypeLiteralNode(node) ? node.members : undefined;
    if (!members || members.length === 0) {
      keys.push(prefix);
      return;
    }
    for (const member of members) {
      if (ts.isPropertySignature(member) && member.type) {
        walk(member.type, `${prefix}.${member.name.getText(source)}`);
      } else if (ts.isIndexSignatureDeclaration(member)) {
        walk(member.type, `${prefix}.*`);
      }
    }
  };
  source.forEachChild(node => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'Config') {
      for (const member of node.members) {
        if (
          ts.isPropertySignature(member) &&
          member.name.getText(source) === 'controlRoom' &&
          member.type
        ) {
          walk(member.type, 'controlRoom');
        }
      }
    }
  });
  return keys;
}

/** `controlRoom.x.y` string literals in non-test source files. */
function keysReadInCode(dir: string): string[] {
  const found = new Set<string>();
  const visit = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') visit(full);
      } else if (
        /\.tsx?$/.test(entry.name) &&
        !/\.test\.tsx?$/.test(entry.name)
      ) {
        const text = fs.readFileSync(full, 'utf8');
        for (const match of text.matchAll(
          /['`](controlRoom\.[A-Za-z.]+)['`]/g,
        )) {
          found.add(match[1].replace(/\.$/, ''));
        }
      }
    }
  };
  visit(dir);
  return [...found];
}

/** Keys written in docs, as patterns: `<name>` stands for any map key. */
const documentedPatterns = [...docs.matchAll(/`(controlRoom\.[^`\s]+)`/g)].map(
  ([, key]) =>
    new RegExp(
      `^${key
        .split('.')
        .map(part => (/^<.+>$/.test(part) ? '[^.]+' : part))
        .join('\\.')}$`,
    ),
);

const documentedKeys = [...docs.matchAll(/`(controlRoom\.[^`\s]+)`/g)].map(
  ([, key]) => key,
);

/**
 * True when docs name the key (declared map keys show as `*`), or, for a
 * section the code opens, some key inside it.
 */
function isDocumented(key: string): boolean {
  const concrete = key.replace(/\*/g, '<any>');
  return (
    documentedPatterns.some(pattern => pattern.test(concrete)) ||
    documentedKeys.some(documented => documented.startsWith(`${key}.`))
  );
}

describe('docs/configuration.md', () => {
  const declared = packageDirs
    .map(dir => path.join(dir, 'config.d.ts'))
    .filter(file => fs.existsSync(file))
    .flatMap(declaredKeys);

  it('finds the declared keys it checks', () => {
    expect(declared).toEqual(
      expect.arrayContaining([
        'controlRoom.lakehouse.engine',
        'controlRoom.notion.token',
        'controlRoom.catalog.defaultOwner',
      ]),
    );
  });

  it('documents every key a config.d.ts declares', () => {
    expect(declared.filter(key => !isDocumented(key))).toEqual([]);
  });

  it('documents every key the code reads by name', () => {
    const read = packageDirs
      .filter(dir => fs.existsSync(path.join(dir, 'src')))
      .flatMap(dir => keysReadInCode(path.join(dir, 'src')));
    expect(read.length).toBeGreaterThan(5);
    expect(read.filter(key => !isDocumented(key))).toEqual([]);
  });
});
