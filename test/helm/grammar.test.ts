/**
 * The `helm` language: the TextMate grammar (Go template actions over VS Code's own YAML grammar,
 * tokenized with the vscode-textmate and oniguruma that code-server ships), the snippets, and the
 * package.json contributions (language for templates/, grammar, snippets, commands, menus, settings).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT } from './helpers';

const VSCODE = path.join(ROOT, 'test', 'e2e', 'node_modules', 'code-server', 'lib', 'vscode');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

interface Token { text: string; scopes: string[] }

/** The part of vscode-textmate 9 used here (its types live in code-server's tree). */
interface TextMate {
  INITIAL: unknown;
  Registry: new (options: { onigLib: Promise<unknown>; loadGrammar(scope: string): Promise<unknown> }) => { loadGrammar(scope: string): Promise<Grammar | null> };
  parseRawGrammar(content: string, file: string): unknown;
}
interface Grammar {
  tokenizeLine(line: string, state: unknown): { tokens: { startIndex: number; endIndex: number; scopes: string[] }[]; ruleStack: unknown };
}

async function tokenizer(): Promise<((text: string) => Token[][]) | undefined> {
  const tm = path.join(VSCODE, 'node_modules', 'vscode-textmate');
  const onig = path.join(VSCODE, 'node_modules', 'vscode-oniguruma');
  if (!fs.existsSync(tm) || !fs.existsSync(onig)) return undefined;
  const vsctm = require(tm) as TextMate;
  const oniguruma = require(onig) as { loadWASM(b: ArrayBuffer): Promise<void>; OnigScanner: new (p: string[]) => unknown; OnigString: new (s: string) => unknown };
  const wasm = fs.readFileSync(path.join(onig, 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  // VS Code's YAML grammars, by scope name, as its yaml extension contributes them.
  const yamlExt = path.join(VSCODE, 'extensions', 'yaml');
  const files = new Map<string, string>([['source.helm', path.join(ROOT, 'syntaxes', 'helm.tmLanguage.json')]]);
  for (const g of JSON.parse(fs.readFileSync(path.join(yamlExt, 'package.json'), 'utf8')).contributes.grammars as { scopeName: string; path: string }[]) {
    files.set(g.scopeName, path.join(yamlExt, g.path));
  }
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope: string) => {
      const file = files.get(scope);
      return file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
  });
  const grammar = await registry.loadGrammar('source.helm');
  assert.ok(grammar);
  return (text: string) => {
    let state = vsctm.INITIAL;
    return text.split('\n').map((line) => {
      const r = grammar!.tokenizeLine(line, state);
      state = r.ruleStack;
      return r.tokens.map((tk) => ({ text: line.slice(tk.startIndex, tk.endIndex), scopes: tk.scopes }));
    });
  };
}

/** The scopes of the first token whose text is `text` (trimmed). */
function scopesOf(lines: Token[][], line: number, text: string): string[] {
  const tk = lines[line].find((t) => t.text.trim() === text);
  assert.ok(tk, `no token "${text}" on line ${line}: ${JSON.stringify(lines[line].map((t) => t.text))}`);
  return tk!.scopes;
}

describe('the helm grammar', () => {
  test('Go template actions over YAML: in plain values, quoted strings, block scalars; comments; YAML keys', async (t) => {
    const tokenize = await tokenizer();
    if (!tokenize) {
      if (process.env.CI || process.env.SHIPSHAPE_E2E_REQUIRE) assert.fail('code-server (vscode-textmate) missing: run `bash test/e2e/setup.sh`');
      process.stderr.write('\n!!! code-server missing (test/e2e/node_modules): grammar tokenization not checked. Run `bash test/e2e/setup.sh`.\n\n');
      return t.skip('code-server missing');
    }
    const lines = tokenize([
      'metadata:',
      '  name: {{ include "x.fullname" . }}',
      '  labels:',
      '    {{- include "x.labels" . | nindent 4 }}',
      'spec:',
      '  {{- if .Values.enabled }}',
      '  image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
      '  {{- end }}',
      '{{/* a comment with }} inside */}}',
      'data:',
      '  config: |',
      '    port: {{ .Values.port }}',
      '  {{- range $k, $v := .Values.env }}',
    ].join('\n'));
    const go = 'meta.embedded.block.go-template';
    assert.ok(scopesOf(lines, 0, 'metadata').includes('entity.name.tag.yaml'), 'YAML keys keep the YAML grammar');
    assert.ok(scopesOf(lines, 1, '{{').includes('punctuation.section.embedded.begin.go-template'));
    assert.ok(scopesOf(lines, 1, 'include').includes('support.function.go-template'));
    assert.ok(scopesOf(lines, 1, 'x.fullname').includes('string.quoted.double.go-template'));
    assert.ok(scopesOf(lines, 1, '}}').includes('punctuation.section.embedded.end.go-template'));
    assert.ok(scopesOf(lines, 3, 'nindent').includes('support.function.go-template'));
    assert.ok(scopesOf(lines, 3, '|').includes('keyword.operator.pipe.go-template'));
    assert.ok(scopesOf(lines, 5, 'if').includes('keyword.control.go-template'));
    assert.ok(scopesOf(lines, 5, '-').includes('keyword.operator.trim.go-template'));
    // Inside a YAML double-quoted string the actions are still actions (the injection).
    const inString = scopesOf(lines, 6, 'default');
    assert.ok(inString.includes(go) && inString.includes('support.function.go-template'), inString.join(' '));
    assert.ok(scopesOf(lines, 6, 'repository').includes('variable.other.member.go-template'));
    assert.ok(scopesOf(lines, 7, 'end').includes('keyword.control.go-template'));
    assert.ok(lines[8].every((tk) => tk.scopes.includes('comment.block.go-template')), 'the whole comment');
    // Inside a block scalar too.
    assert.ok(scopesOf(lines, 11, 'port').length > 0);
    assert.ok(lines[11].some((tk) => tk.scopes.includes(go) && tk.text.includes('Values')), JSON.stringify(lines[11]));
    assert.ok(scopesOf(lines, 12, '$k').includes('variable.other.go-template'));
    assert.ok(scopesOf(lines, 12, 'range').includes('keyword.control.go-template'));
  });
});

describe('snippets/helm.json', () => {
  test('bodies parse as VS Code snippets: balanced placeholders, escaped $ in Go variables', () => {
    const snippets = JSON.parse(fs.readFileSync(path.join(ROOT, 'snippets', 'helm.json'), 'utf8')) as Record<string, { prefix: string | string[]; body: string[]; description: string }>;
    const prefixes = new Set<string>();
    for (const [name, s] of Object.entries(snippets)) {
      assert.ok(s.description && Array.isArray(s.body) && s.body.length, name);
      for (const p of [s.prefix].flat()) { assert.ok(!prefixes.has(p), `duplicate prefix ${p}`); prefixes.add(p); }
      const body = s.body.join('\n');
      // Every `${` opens a placeholder that closes; every other `$` is a tabstop or escaped.
      let depth = 0;
      for (let i = 0; i < body.length; i++) {
        if (body[i] === '\\') { i++; continue; }
        if (body.startsWith('${', i)) { depth++; i++; continue; }
        if (body[i] === '$') assert.match(body.slice(i + 1), /^\d/, `${name}: unescaped $ at ${i}`);
        if (body[i] === '}' && depth > 0 && !body.startsWith('}}', i)) depth--;
        else if (body[i] === '}' && depth > 0 && body.startsWith('}}', i) && !/\{\{[^}]*$/.test(body.slice(0, i))) depth--;
      }
      assert.equal((body.match(/\{\{/g) ?? []).length, (body.match(/\}\}/g) ?? []).length, `${name}: {{ and }} pair up`);
    }
    for (const idiom of ['helm-include-labels', 'helm-toyaml', 'helm-if', 'helm-with', 'helm-range', 'helm-required', 'helm-default']) assert.ok(prefixes.has(idiom), idiom);
  });
});

describe('package.json contributions', () => {
  const c = pkg.contributes;
  test('language helm for templates/, its grammar, configuration and snippets', () => {
    const helm = c.languages.find((l: { id: string }) => l.id === 'helm');
    assert.deepEqual(helm.filenamePatterns, ['**/templates/**/*.yaml', '**/templates/**/*.yml', '**/templates/**/*.tpl']);
    assert.ok(fs.existsSync(path.join(ROOT, helm.configuration)));
    JSON.parse(fs.readFileSync(path.join(ROOT, helm.configuration), 'utf8'));
    const grammar = c.grammars.find((g: { language: string }) => g.language === 'helm');
    assert.equal(grammar.scopeName, 'source.helm');
    assert.equal(JSON.parse(fs.readFileSync(path.join(ROOT, grammar.path), 'utf8')).scopeName, 'source.helm');
    assert.ok(c.snippets.some((s: { language: string; path: string }) => s.language === 'helm' && s.path === './snippets/helm.json'));
  });

  test('commands, menus and settings', () => {
    const ids = c.commands.map((x: { command: string }) => x.command);
    assert.ok(ids.includes('shipshape.helm.preview') && ids.includes('shipshape.helm.compare'));
    assert.equal(c.commands.find((x: { command: string }) => x.command === 'shipshape.helm.preview').title, 'Preview Helm Dry-Run');
    assert.match(c.menus['editor/title'].find((m: { command: string }) => m.command === 'shipshape.helm.preview').when, /Chart\.yaml.*values.*helm/);
    assert.match(c.menus['explorer/context'].find((m: { command: string }) => m.command === 'shipshape.helm.preview').when, /resource in shipshape\.helm\.chartFolders/);
    const props = c.configuration.properties;
    assert.equal(props['shipshape.helm.path'].type, 'string');
    assert.equal(props['shipshape.helm.timeoutSeconds'].default, 60);
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('shipshape.helm.path'));
  });
});
