/**
 * The runtime side of the multi-stage conversion: which OS packages the app still needs once the
 * compilers are gone, how a runtime image adds packages and a non-root user, and tag arithmetic
 * that keeps the runtime on the builder's version and distribution (`node:22-bookworm` ->
 * `node:22-bookworm-slim`), variables included (`python:${PY}` -> `python:${PY}-slim`).
 */
import type { ImageReference } from '../../image';
import { positionals } from '../shell';
import { detectToolchains, type Ecosystem } from '../toolchains';
import { scriptOf, type Piece, type Source } from './source';

/** How a runtime image is extended: apt-get, apk, or not at all (distroless, scratch). */
export type RuntimeOs = 'debian' | 'alpine' | 'distroless';

export interface RuntimeImage {
  /** The FROM image. */
  image: string;
  os: RuntimeOs;
  /** A non-root user the image already has (`node`, `nonroot`, `app`). */
  user?: string;
  /** Packages the image already has, never installed again. */
  provides?: string[];
}

/** Debian and Ubuntu release code names that appear in image tags. */
export const CODENAMES = ['trixie', 'bookworm', 'bullseye', 'buster', 'noble', 'jammy', 'focal'];
export const DEBIAN_VERSION: Record<string, string> = { trixie: '13', bookworm: '12', bullseye: '11' };

/** A tag cut into its version part (a literal or one variable) and the `-`-separated rest. */
export function splitTag(tag: string): { head: string; rest: string[] } {
  const m = /^(\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|[^-]*)(.*)$/.exec(tag)!;
  return { head: m[1], rest: m[2] ? m[2].slice(1).split('-') : [] };
}

/** The builder's raw tag (variables kept), falling back to the resolved one. */
export function rawTag(src: Source): string | undefined {
  const raw = src.stage.from.getImage() ?? '';
  const at = raw.indexOf('@');
  const noDigest = at >= 0 ? raw.slice(0, at) : raw;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(colon + 1) : undefined;
}

/** Debian/Ubuntu code name in the resolved tag, if any. */
export function codenameOf(image: ImageReference | undefined): string | undefined {
  const tag = (image?.tag ?? '').toLowerCase();
  return CODENAMES.find((c) => new RegExp(`(^|-)${c}($|-)`).test(tag));
}

export function isAlpine(image: ImageReference | undefined): boolean {
  return /alpine/.test((image?.tag ?? '').toLowerCase()) || (image?.repository ?? '').toLowerCase().endsWith('alpine');
}

/** `alpine3.21` in a tag -> `3.21`. */
export function alpineVersionOf(image: ImageReference | undefined): string | undefined {
  return /alpine(\d+\.\d+)/.exec((image?.tag ?? '').toLowerCase())?.[1];
}

// --- OS packages -------------------------------------------------------------------------------

/** Packages that only serve the build: fetching, unpacking, configuring. */
const BUILD_ONLY = new Set([
  'git', 'curl', 'wget', 'unzip', 'xz-utils', 'xz', 'gnupg', 'gnupg2', 'dirmngr', 'pkg-config', 'pkgconf', 'pkgconfig',
  'openssh-client', 'openssh', 'patch', 'file', 'bzip2', 'musl-dev', 'linux-headers', 'libc-dev', 'libc6-dev', 'musl-tools',
]);
/** Build-only for an ecosystem: node-gyp needs Python; nothing else in a Node image does. */
const BUILD_ONLY_FOR: Partial<Record<Ecosystem, Set<string>>> = {
  node: new Set(['python3', 'python', 'python-is-python3', 'py3-pip', 'python3-pip', 'python3-setuptools', 'py3-setuptools']),
};
/** Libraries a `-dev` package builds against, and the package that brings them at run time. */
const DEV_RUNTIME: Record<'debian' | 'alpine', Record<string, string | null>> = {
  debian: {
    'libpq-dev': 'libpq5', 'default-libmysqlclient-dev': 'libmariadb3', 'libmariadb-dev': 'libmariadb3', 'libmariadb-dev-compat': 'libmariadb3',
    'libjpeg-dev': 'libjpeg62-turbo', 'libjpeg62-turbo-dev': 'libjpeg62-turbo', 'libxslt1-dev': 'libxslt1.1', 'libyaml-dev': 'libyaml-0-2',
    'libsqlite3-dev': 'libsqlite3-0', 'libffi-dev': null, 'libssl-dev': null, 'zlib1g-dev': null, 'python3-dev': null, 'libbz2-dev': null,
    'libc6-dev': null, 'linux-libc-dev': null, 'liblzma-dev': null, 'libreadline-dev': null, 'libncurses-dev': null, 'libncurses5-dev': null,
  },
  alpine: {
    'postgresql-dev': 'libpq', 'libpq-dev': 'libpq', 'mariadb-dev': 'mariadb-connector-c', 'mariadb-connector-c-dev': 'mariadb-connector-c',
    'jpeg-dev': 'libjpeg-turbo', 'libjpeg-turbo-dev': 'libjpeg-turbo', 'libxml2-dev': 'libxml2', 'libxslt-dev': 'libxslt', 'yaml-dev': 'yaml',
    'libffi-dev': 'libffi', 'sqlite-dev': 'sqlite-libs', 'openssl-dev': null, 'zlib-dev': null, 'python3-dev': null, 'bzip2-dev': null,
    'xz-dev': null, 'readline-dev': null, 'ncurses-dev': null,
  },
};

const packageName = (s: string) => s.replace(/[<>=~].*$/, '').replace(/:[a-z0-9]+$/, '').toLowerCase();

export interface OsPackages {
  /** Packages the running app may need, as written (version pins kept). */
  runtime: string[];
  manager?: 'apt' | 'apk' | 'other';
  notes: string[];
}

/** The OS packages installed in the stage that are not build tools, and what the -dev ones leave behind. */
export function runtimePackages(src: Source, ecosystem: Ecosystem): OsPackages {
  const toolchainWords = new Set<string>();
  for (const t of detectToolchains(src.model, src.stage)) {
    for (const e of t.evidence) if (e.kind === 'package') toolchainWords.add(`${e.range.start.line}:${e.range.start.character}`);
  }
  const out: OsPackages = { runtime: [], notes: [] };
  const add = (word: string) => {
    if (!out.runtime.some((w) => packageName(w) === packageName(word))) out.runtime.push(word);
  };
  const unknownDev: string[] = [];
  for (const piece of src.pieces) {
    const script = scriptOf(src, piece);
    if (!script) continue;
    for (const cmd of script.commands) {
      const words = positionals(cmd.args, ['-o', '-t', '-c', '--target-release', '-X', '--repository', '--root', '-p', '--virtual']);
      const verb = words[0]?.value;
      const apt = (cmd.name === 'apt-get' || cmd.name === 'apt') && verb === 'install';
      const apk = cmd.name === 'apk' && verb === 'add';
      const other = (['yum', 'dnf', 'microdnf'].includes(cmd.name) && verb === 'install') || (cmd.name === 'zypper' && (verb === 'install' || verb === 'in'));
      if (!apt && !apk && !other) continue;
      const manager = apt ? 'apt' : apk ? 'apk' : 'other';
      for (const w of words.slice(1)) {
        const name = packageName(w.value);
        if (w.value.includes('$')) {
          out.notes.push(`The build installs "${w.value}", which depends on a variable; the runtime stage does not install it.`);
          continue;
        }
        const dev = /-(dev|devel)$/.test(name);
        if (dev) {
          const table = apt ? DEV_RUNTIME.debian : apk ? DEV_RUNTIME.alpine : {};
          const lib = table[name];
          if (lib) {
            add(lib);
            out.manager ??= manager;
          } else if (lib === undefined) {
            unknownDev.push(name);
          }
          continue;
        }
        if (toolchainWords.has(`${w.range.start.line}:${w.range.start.character}`) || BUILD_ONLY.has(name) || BUILD_ONLY_FOR[ecosystem]?.has(name)) continue;
        add(w.value);
        out.manager = out.manager && out.manager !== manager ? 'other' : manager;
      }
    }
  }
  if (unknownDev.length) {
    out.notes.push(`The build installs ${unknownDev.join(', ')}; if the app loads those libraries at run time, install their runtime packages in the final stage.`);
  }
  return out;
}

/** `RUN` lines that install packages and add a user on a runtime image. */
export function setupRun(os: RuntimeOs, packages: string[], user: string | undefined, escape: string, run: string): string[] {
  const steps: string[] = [];
  if (packages.length && os === 'debian') {
    steps.push('apt-get update', `apt-get install -y --no-install-recommends ${packages.join(' ')}`, 'rm -rf /var/lib/apt/lists/*');
  }
  if (packages.length && os === 'alpine') steps.push(`apk add --no-cache ${packages.join(' ')}`);
  if (user && os === 'debian') {
    steps.push(`groupadd --system ${user}`, `useradd --system --gid ${user} --no-create-home --shell /usr/sbin/nologin ${user}`);
  }
  if (user && os === 'alpine') steps.push(`addgroup -S ${user} && adduser -S -D -H -G ${user} ${user}`);
  if (steps.length === 0) return [];
  if (steps.length <= 2 && steps.join(' && ').length < 90) return [`${run} ${steps.join(' && ')}`];
  return [`${run} ${steps[0]} ${escape}`, ...steps.slice(1).map((s, i) => ` && ${s}${i < steps.length - 2 ? ' ' + escape : ''}`)];
}

/** The last USER of the stage, if it is not root. */
export function originalUser(pieces: readonly Piece[]): string | undefined {
  const users = pieces.filter((p) => p.keyword === 'USER');
  const last = users[users.length - 1];
  const value = (last?.instr.getArgumentsContent() ?? '').trim();
  if (!value || /^(root|0)(:.*)?$/i.test(value) || value.includes('$')) return undefined;
  return value;
}
