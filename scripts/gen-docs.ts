/**
 * Generates docs/rules/<language>/<name>.md and the README's rules table from rule metadata.
 * `--check` writes nothing and exits 1 when any page or the table is stale (run by the tests).
 */
import * as fs from 'fs';
import * as path from 'path';
import { allRules } from '../server/src/engine/registry';
import type { Rule } from '../server/src/engine/rule';

const ROOT = path.resolve(__dirname, '..');
const TOOL_NAMES: Record<string, string> = {
  hadolint: 'hadolint', buildkit: 'BuildKit check', 'kube-linter': 'kube-linter', polaris: 'Polaris', 'kube-score': 'kube-score', trivy: 'Trivy',
};

function fence(lang: string, code: string): string {
  return '```' + lang + '\n' + code.replace(/\n$/, '') + '\n```';
}

export function rulePage(rule: Rule): string {
  const lang = rule.language === 'dockerfile' ? 'dockerfile' : 'yaml';
  const out: string[] = [];
  out.push(`# ${rule.id}`, '', rule.description, '');
  out.push(`- Default severity: **${rule.defaultSeverity}**`);
  out.push(`- Quick fix: ${rule.fixable ? 'yes' : 'no'}`);
  if (rule.provider) out.push(`- Checks come from: \`${rule.provider}\``);
  out.push('', '## Why', '', rule.rationale, '');
  out.push('## Examples', '', 'Reported:', '');
  for (const ex of rule.examples.invalid) out.push(fence(lang, ex), '');
  out.push('Not reported:', '');
  for (const ex of rule.examples.valid) out.push(fence(lang, ex), '');
  if (rule.sources.length) {
    out.push('## Equivalent checks in other tools', '', '| tool | id |', '| --- | --- |');
    for (const s of rule.sources) out.push(`| ${TOOL_NAMES[s.tool] ?? s.tool} | \`${s.id}\` |`);
    out.push('');
  }
  out.push('## Configure or silence', '');
  out.push(`Change the severity in settings (\`"shipshape.rules": { "${rule.id}": "error" }\`) or on the command line`);
  out.push(`(\`shipshape lint --rule ${rule.id}=off\`). Silence one place with a comment on the line above:`, '');
  out.push(fence(lang, `# shipshape-ignore ${rule.id}`));
  const hadolint = rule.sources.filter((s) => s.tool === 'hadolint').map((s) => s.id);
  if (hadolint.length) out.push('', `\`# hadolint ignore=${hadolint.join(',')}\` is honoured too.`);
  if (rule.language === 'kubernetes') {
    out.push('', `or for a whole object with the annotation \`shipshape.io/ignore: ${rule.id}\`.`);
    const kl = rule.sources.filter((s) => s.tool === 'kube-linter').map((s) => s.id);
    if (kl.length) out.push(`kube-linter's \`ignore-check.kube-linter.io/${kl[0]}\` annotation is honoured too.`);
  }
  out.push('', '<!-- Generated from the rule\'s metadata by scripts/gen-docs.ts; edit the rule, not this page. -->', '');
  return out.join('\n');
}

export function rulesTable(): string {
  const rows = ['| rule | severity | fix | what it asks for |', '| --- | --- | --- | --- |'];
  for (const r of allRules) rows.push(`| [${r.id}](docs/rules/${r.id}.md) | ${r.defaultSeverity} | ${r.fixable ? 'yes' : ''} | ${r.description} |`);
  return rows.join('\n');
}

const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';

function main(): number {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  const want = new Map<string, string>();
  for (const r of allRules) want.set(path.join(ROOT, 'docs', 'rules', `${r.id}.md`), rulePage(r));
  for (const [file, text] of want) {
    const cur = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (cur === text) continue;
    stale.push(path.relative(ROOT, file));
    if (!check) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
  }
  // Pages of rules that no longer exist.
  for (const lang of ['dockerfile', 'kubernetes']) {
    const dir = path.join(ROOT, 'docs', 'rules', lang);
    for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      const file = path.join(dir, f);
      if (!want.has(file)) {
        stale.push(path.relative(ROOT, file) + ' (no such rule)');
        if (!check) fs.unlinkSync(file);
      }
    }
  }
  const readmePath = path.join(ROOT, 'README.md');
  const readme = fs.readFileSync(readmePath, 'utf8');
  const s = readme.indexOf(START);
  const e = readme.indexOf(END);
  if (s < 0 || e < s) {
    stale.push('README.md (missing rules markers)');
  } else {
    const next = readme.slice(0, s + START.length) + '\n' + rulesTable() + '\n' + readme.slice(e);
    if (next !== readme) {
      stale.push('README.md (rules table)');
      if (!check) fs.writeFileSync(readmePath, next);
    }
  }
  if (check && stale.length) {
    console.error(`Rule docs are stale; run \`npm run docs\`:\n  ${stale.join('\n  ')}`);
    return 1;
  }
  console.log(check ? 'Rule docs are up to date.' : stale.length ? `Updated ${stale.length} file(s).` : 'Rule docs were up to date.');
  return 0;
}

if (require.main === module) process.exitCode = main();
