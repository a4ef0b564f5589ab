/**
 * Language packages installed by name without a version: pip install, npm install <pkg>, gem install
 * and go install (hadolint DL3013, DL3016, DL3028, DL3062). Requirement and constraint files, lock
 * files (`npm ci`, bare `npm install`), local paths, archives and URLs are fine; so are words that hold
 * variables. Moving versions (`@latest`, `@master`) count as unpinned.
 */
import { defineRule } from '../../engine/rule';
import { pipArguments, unwrapCommand } from '../../languages/dockerfile/packages';
import { runScripts, type ShellCommand, type ShellWord } from '../../languages/dockerfile/shell';

/** Positional words after the subcommand, skipping option values; stops at `--` when `stopAtDashes`. */
function operands(args: readonly ShellWord[], withValue: ReadonlySet<string>, stopAtDashes = false): ShellWord[] {
  const out: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') {
      if (stopAtDashes) break;
      out.push(...args.slice(i + 1));
      break;
    }
    if (v.startsWith('-') && v !== '-') {
      if (withValue.has(v)) i++;
      continue;
    }
    out.push(args[i]);
  }
  return out;
}

const MOVING = new Set(['latest', 'next', 'master', 'main', 'head', 'upgrade', 'patch']);

// --- pip ---------------------------------------------------------------------------------------
const PIP_WITH_VALUE = new Set(['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
  '-t', '--target', '--prefix', '--root', '--src', '--platform', '--python-version', '--implementation', '--abi', '--no-binary', '--only-binary',
  '--progress-bar', '--upgrade-strategy', '--global-option', '--install-option', '--config-settings', '-C', '--report', '--use-feature', '--use-deprecated',
  '--python', '--proxy', '--cert', '--client-cert', '--log', '--timeout', '--retries', '--exists-action', '--trusted-host', '--cache-dir',
  '--keyring-provider', '-b', '--build', '--group']);

function pipPinned(v: string): boolean {
  if (/^(git|hg|svn|bzr)\+/.test(v)) return v.slice(v.lastIndexOf('/')).includes('@');
  return /(==|>=|<=|~=|!=|>|<|@)/.test(v) || v.includes('/') || v.startsWith('.') || /\.(whl|tar\.gz|tgz|zip|tar\.bz2)$/.test(v);
}

// --- npm ---------------------------------------------------------------------------------------
const NPM_INSTALL = new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add']);
const NPM_WITH_VALUE = new Set(['--prefix', '--registry', '--tag', '-w', '--workspace', '--omit', '--include', '--install-strategy', '--cache', '--loglevel', '--userconfig']);

function npmPinned(v: string): boolean {
  if (/^(\.{0,2}\/|~\/|file:)/.test(v) || /\.(tgz|tar\.gz|tar)$/.test(v)) return true;
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(v) || (/^[^@][^/]*\/[^/]+$/.test(v) && !v.includes('@'))) return v.includes('#');
  if (/^https?:\/\//.test(v)) return true;
  const name = v.startsWith('@') ? v.slice(v.indexOf('/') + 1) : v;
  const at = name.indexOf('@');
  return at > 0 && at < name.length - 1 && !MOVING.has(name.slice(at + 1).toLowerCase());
}

// --- gem ---------------------------------------------------------------------------------------
const GEM_WITH_VALUE = new Set(['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '-s', '--source', '--platform', '-P', '--trust-policy', '-g', '--file', '--build-root']);

// --- go ----------------------------------------------------------------------------------------
const GO_WITH_VALUE = new Set(['-C', '-p', '-tags', '-ldflags', '-gcflags', '-asmflags', '-mod', '-modfile', '-overlay', '-pkgdir', '-toolexec', '-buildmode',
  '-compiler', '-installsuffix', '-pgo', '-covermode', '-coverpkg', '-buildvcs', '-gccgoflags']);

function goUnpinned(v: string): boolean {
  const at = v.indexOf('@');
  if (at >= 0) return MOVING.has(v.slice(at + 1).toLowerCase());
  // Only remote module paths (their first element is a domain); local and std packages are resolved by go.mod.
  return !v.startsWith('.') && !v.startsWith('/') && v.split('/')[0].includes('.');
}

interface Unpinned { word: ShellWord; messageId: 'pip' | 'npm' | 'gem' | 'go' }

function unpinned(cmd: ShellCommand): Unpinned[] {
  const found = (words: ShellWord[], test: (v: string) => boolean, messageId: Unpinned['messageId']) =>
    words.filter((w) => w.value && !w.value.includes('$') && test(w.value)).map((word) => ({ word, messageId }));
  const pip = pipArguments(cmd);
  if (pip) {
    const words = operands(pip, PIP_WITH_VALUE);
    if (words[0]?.value !== 'install') return [];
    if (pip.some((a) => /^(-c|--constraint)(=|$)/.test(a.value) || /^-c\S/.test(a.value))) return [];
    return found(words.slice(1), (v) => !pipPinned(v), 'pip');
  }
  if (cmd.name === 'npm') {
    const words = operands(cmd.args, NPM_WITH_VALUE);
    if (!NPM_INSTALL.has(words[0]?.value)) return [];
    return found(words.slice(1), (v) => !npmPinned(v), 'npm');
  }
  if (cmd.name === 'gem') {
    const words = operands(cmd.args, GEM_WITH_VALUE, true);
    if (!['install', 'i'].includes(words[0]?.value)) return [];
    const before = cmd.args.findIndex((a) => a.value === '--');
    const opts = before < 0 ? cmd.args : cmd.args.slice(0, before);
    if (opts.some((a) => /^(-v|--version)(=|$)/.test(a.value))) return [];
    return found(words.slice(1), (v) => !v.includes(':') && !v.endsWith('.gem') && !v.includes('/'), 'gem');
  }
  if (cmd.name === 'go') {
    const words = operands(cmd.args, GO_WITH_VALUE);
    if (words[0]?.value !== 'install') return [];
    return found(words.slice(1), goUnpinned, 'go');
  }
  return [];
}

export default defineRule({
  id: 'dockerfile/pin-language-packages',
  language: 'dockerfile',
  defaultSeverity: 'info',
  description: 'Pin versions of pip, npm, gem and go packages installed by name, or install from a lock or requirements file.',
  rationale:
    'A package installed by bare name resolves to whatever is newest on the day of the build, so two builds of the same commit can ' +
    'ship different code, and a broken or compromised release lands without review. Pin the version in the command, or better, ' +
    'install from a requirements, constraints or lock file (`pip install -r`, `npm ci`, `bundle install`) that a bot can update.',
  fixable: false,
  sources: [
    { tool: 'hadolint', id: 'DL3013' },
    { tool: 'hadolint', id: 'DL3016' },
    { tool: 'hadolint', id: 'DL3028' },
    { tool: 'hadolint', id: 'DL3062' },
  ],
  messages: {
    pip: 'pip package "{{name}}" has no version, so each build may get a different one. Pin it ({{name}}==<version>) or use a requirements file.',
    npm: 'npm package "{{name}}" has no fixed version, so each build may get a different one. Pin it (<name>@<version>) or install from package-lock.json with npm ci.',
    gem: 'gem "{{name}}" has no version, so each build may get a different one. Pin it with -v <version> or {{name}}:<version>.',
    go: 'go install "{{name}}" has no fixed version, so each build may get a different one. Pin it: <module path>@v<version>.',
  },
  examples: {
    valid: [
      'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n',
      'FROM node:20-slim\nRUN npm ci && npm install -g pnpm@9.12.0\n',
      'FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@v0.16.2\n',
    ],
    invalid: ['FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n', 'FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@latest\n'],
  },
  check(ctx) {
    for (const script of runScripts(ctx.model)) {
      for (const cmd of script.commands.map(unwrapCommand)) {
        for (const u of unpinned(cmd)) ctx.report({ range: u.word.range, messageId: u.messageId, data: { name: u.word.value } });
      }
    }
  },
});
