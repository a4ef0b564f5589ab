/**
 * One planner per ecosystem: where the build writes its artifact, which runtime image matches the
 * builder (version, libc, distribution), what to copy, and what the builder needs on top of the
 * original steps (a venv for Python, pruning dev dependencies for Node, `go mod download`). A
 * planner returns a reason instead of a plan whenever it would have to guess.
 */
import type { ImageReference } from '../../image';
import { hasFlag, positionals, type ShellCommand } from '../shell';
import { detectToolchains, type Ecosystem } from '../toolchains';
import {
  allCommands, cacheDependencies, findCommand, insertAfter, insertBefore, isBroadCopy, type Artifact, type Ctx, type Plan,
} from './plan';
import {
  alpineVersionOf, codenameOf, DEBIAN_VERSION, isAlpine, rawTag, splitTag, type RuntimeImage,
} from './runtime';
import { copyParts, isInside, joinPath, optionValue, programName, resolveDest, scriptOf, type Piece, type StartCommand } from './source';

type Result = Plan | string;

const kw = (ctx: Ctx, k: string) => (ctx.src.lower ? k.toLowerCase() : k);

function isOfficial(image: ImageReference | undefined, name: string): boolean {
  if (!image) return false;
  if (image.registry && !/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)$/.test(image.registry)) return false;
  return image.repository.toLowerCase().replace(/^library\//, '') === name;
}

/** The WORKDIR the app lives in, or a reason why the conversion needs one. */
function appDir(ctx: Ctx): string | { reason: string } {
  const w = ctx.src.finalWorkdir;
  if (!ctx.src.workdirSet || !w || w === '/') {
    return { reason: 'The app is not in its own folder (no WORKDIR), so there is nothing to copy from the build stage. Add a WORKDIR such as /app first.' };
  }
  return w;
}

/** A start command that needs the build tools at run time (`go run`, `mvn spring-boot:run`), if any. */
export function startsBuildTool(start: StartCommand): string | undefined {
  for (const c of start.commands) {
    const name = programName(c.program);
    const sub = c.args.find((a) => !a.startsWith('-'));
    if (name === 'go' && sub === 'run') return 'go run';
    if (name === 'cargo' && sub === 'run') return 'cargo run';
    if (name === 'dotnet' && sub === 'run') return 'dotnet run';
    if (['mvn', 'mvnw', 'gradle', 'gradlew', 'ts-node', 'nodemon', 'poetry', 'pipenv', 'uv', 'pnpm'].includes(name)) return name;
    if (c.args.some((a) => ['mvn', 'gradle', 'go', 'cargo'].includes(a)) && WRAPPERS.has(name)) return c.args.join(' ');
    if (['npm', 'yarn'].includes(name) && /^(dev|watch|serve)$/.test(c.args.filter((a) => !a.startsWith('-'))[c.args[0] === 'run' ? 1 : 0] ?? '')) return `${name} ${c.args.join(' ')}`;
  }
  return undefined;
}

/** Init wrappers that run the real program (`tini -- /app`). */
const WRAPPERS = new Set(['tini', 'tini-static', 'dumb-init', 'catatonit', 'exec']);

/** The program the start command really runs, past init wrappers and entrypoint scripts. */
function mainProgram(ctx: Ctx): string | undefined {
  for (const c of ctx.start.commands) {
    const words = [c.program, ...c.args];
    while (words.length && (WRAPPERS.has(programName(words[0])) || ctx.startFiles.has(words[0]))) {
      words.shift();
      while (words.length && words[0].startsWith('-')) words.shift();
    }
    if (words.length) return words[0];
  }
  return undefined;
}

/** Paths a RUN copies or moves files to (`cp target/release/app /usr/local/bin/`), resolved. */
function copyDestinations(ctx: Ctx): { piece: Piece; dest: string; dir: boolean }[] {
  return allCommands(ctx, (c) => ['cp', 'mv', 'install'].includes(c.name) && c.args.length >= 2).flatMap(({ piece, cmd }) => {
    const words = positionals(cmd.args, ['-m', '-o', '-g', '-t']).map((w) => w.value);
    const last = words[words.length - 1];
    if (!last || last.includes('$') || !piece.workdir) return [];
    return [{ piece, dest: joinPath(piece.workdir, last), dir: last.endsWith('/') || words.length > 2 }];
  });
}

/** The artifact path a start program names: absolute, relative to the final WORKDIR, or undefined. */
function programPath(ctx: Ctx, program: string): string | undefined {
  if (!program.includes('/') || program.includes('$')) return undefined;
  return ctx.src.finalWorkdir ? joinPath(ctx.src.finalWorkdir, program) : undefined;
}

function distrolessSuffix(image: ImageReference | undefined): string {
  return `debian${DEBIAN_VERSION[codenameOf(image) ?? ''] ?? '13'}`;
}

/** `debian:trixie-slim`, or Ubuntu when the builder is on an Ubuntu release. */
function slimDebian(image: ImageReference | undefined): string {
  const codename = codenameOf(image) ?? 'trixie';
  return ['noble', 'jammy', 'focal'].includes(codename) ? `ubuntu:${codename}` : `debian:${codename}-slim`;
}

/**
 * A glibc or static binary's runtime: distroless when nothing else is needed, else a slim
 * Debian (or Alpine, for an Alpine build) with the packages.
 */
function binaryRuntime(ctx: Ctx, kind: 'static' | 'base' | 'cc', artifacts: string[]): RuntimeImage | string {
  const image = ctx.src.stage.image;
  const extra = ctx.packages.filter((p) => !/^(ca-certificates|tzdata)([=<>].*)?$/.test(p));
  const healthOk = ctx.healthcheck.every((h) => artifacts.includes(h));
  if (!ctx.needsShell && extra.length === 0 && healthOk) {
    return { image: `gcr.io/distroless/${kind}-${distrolessSuffix(image)}:nonroot`, os: 'distroless', user: 'nonroot', provides: ['ca-certificates', 'tzdata'] };
  }
  if (isAlpine(image)) {
    if (ctx.manager && ctx.manager !== 'apk') return 'The runtime image needs packages installed with a package manager other than apk.';
    return { image: `alpine:${alpineVersionOf(image) ?? '3.22'}`, os: 'alpine' };
  }
  if (ctx.manager && ctx.manager !== 'apt') return 'The runtime image needs packages installed with a package manager other than apt-get.';
  return { image: slimDebian(image), os: 'debian', provides: [] };
}

// --- Node.js -----------------------------------------------------------------------------------

/** A project install: `npm ci`, `npm install` (no package names), `yarn [install]`, `pnpm install`. */
function isNodeInstall(cmd: ShellCommand): boolean {
  const words = positionals(cmd.args).map((w) => w.value);
  if (cmd.name === 'npm') return ['ci', 'install', 'i'].includes(words[0]) && words.length === 1 && !hasFlag(cmd.args, ['g'], ['global']);
  if (cmd.name === 'yarn') return words.length === 0 || (words[0] === 'install' && words.length === 1);
  if (cmd.name === 'pnpm') return ['install', 'i'].includes(words[0]) && words.length === 1;
  return false;
}

function nodePrep(cmd: ShellCommand): boolean {
  const words = positionals(cmd.args).map((w) => w.value);
  if (isNodeInstall(cmd)) return true;
  if (cmd.name === 'npm' && (words[0] === 'config' || hasFlag(cmd.args, ['g'], ['global']))) return true;
  return cmd.name === 'corepack' || (['yarn', 'pnpm'].includes(cmd.name) && words[0] === 'config');
}

/** `node:22` -> `22-slim`, `22-bookworm` -> `22-bookworm-slim`; Alpine and slim tags stay. */
function nodeRuntimeTag(tag: string | undefined): string | undefined {
  if (!tag || tag === 'latest') return 'slim';
  const { head, rest } = splitTag(tag);
  const lower = rest.map((r) => r.toLowerCase());
  if (lower.some((r) => r.startsWith('alpine') || r === 'slim')) return tag;
  if (lower.length === 0) return `${head}-slim`;
  if (lower.length === 1 && ['bookworm', 'bullseye', 'trixie', 'buster'].includes(lower[0])) return `${head}-${rest[0]}-slim`;
  return undefined;
}

function planNode(ctx: Ctx): Result {
  const { src } = ctx;
  if (!isOfficial(src.stage.image, 'node')) return 'The build stage is not on an official node image, so Shipshape cannot pick a matching slim runtime image.';
  const install = findCommand(ctx, isNodeInstall);
  if (!install) return 'No `npm ci`, `npm install`, `yarn install` or `pnpm install` of the project was found.';
  const tool = install.cmd.name as 'npm' | 'yarn' | 'pnpm';
  const dir = appDir(ctx);
  if (typeof dir !== 'string') return dir.reason;
  if (!install.piece.workdir || !isInside(install.piece.workdir, dir)) return `The dependencies are installed outside ${dir}, the folder the app runs in.`;
  const tag = nodeRuntimeTag(rawTag(src));
  if (!tag) return `Shipshape does not know a slim variant of node:${rawTag(src)}.`;

  const node = detectToolchains(src.model, src.stage).find((t) => t.ecosystem === 'node');
  const builds = node?.evidence.filter((e) => e.kind === 'build') ?? [];
  const installEvidence = node?.evidence.find((e) => e.kind === 'dependencies' && e.instruction === install.piece.instr && e.tool === tool);
  const prodOnly = installEvidence?.devDependencies === false;
  const berry = tool === 'yarn' && install.cmd.args.some((a) => a.value === '--immutable');
  const frozen = install.cmd.args.some((a) => /^--(frozen-lockfile|immutable)$/.test(a.value)) || install.cmd.name === 'npm';

  const manifests = tool === 'npm' ? ['package*.json']
    : tool === 'yarn' ? (berry ? undefined : ['package.json', frozen ? 'yarn.lock' : 'yarn.lock*'])
      : ['package.json', frozen ? 'pnpm-lock.yaml' : 'pnpm-lock.yaml*'];
  if (manifests) cacheDependencies(ctx, install.piece, manifests, nodePrep);

  // Drop dev dependencies once the build no longer needs them.
  const last = [install.piece, ...builds.map((b) => src.pieces.find((p) => p.instr === b.instruction)!)]
    .sort((a, b) => a.instr.getRange().start.line - b.instr.getRange().start.line).pop()!;
  if (!prodOnly) {
    const prune = tool === 'npm' ? 'npm prune --omit=dev'
      : tool === 'pnpm' ? 'pnpm prune --prod'
        : berry ? undefined : `yarn install --production${frozen ? ' --frozen-lockfile' : ''} --ignore-scripts --prefer-offline`;
    if (prune) insertAfter(ctx, last, [`${kw(ctx, 'RUN')} ${prune}`]);
    else ctx.notes.push('Yarn 2+ has no built-in way to drop dev dependencies here; the runtime image gets them too (see `yarn workspaces focus --production`).');
  }

  // Copy just the build output when the start command names it; else the whole app folder.
  const artifacts: Artifact[] = [];
  const nodeCmd = ctx.start.commands.find((c) => programName(c.program) === 'node');
  const script = nodeCmd?.args.find((a) => !a.startsWith('-'));
  const scriptPath = script && !script.includes('$') ? joinPath(dir, script) : undefined;
  const outDir = scriptPath && isInside(scriptPath, dir) ? scriptPath.slice(dir.length).split('/').filter(Boolean)[0] : undefined;
  if (builds.length && outDir && ['dist', 'build', 'out', 'lib'].includes(outDir) && scriptPath !== joinPath(dir, outDir)) {
    for (const p of ['package.json', 'node_modules', outDir]) artifacts.push({ from: joinPath(dir, p), to: joinPath(dir, p) });
    ctx.notes.push(`Only package.json, node_modules and ${outDir}/ are copied to the runtime stage; copy anything else the app reads at run time (views, public files, config).`);
  } else {
    artifacts.push({ from: dir, to: dir });
  }
  const what = builds.length ? 'installs the dependencies and builds the app' : 'installs the dependencies';
  const image = `node:${tag}`;
  return {
    runtime: { image, os: isAlpine(src.stage.image) ? 'alpine' : 'debian', user: 'node' },
    artifacts, env: [], packages: ctx.packages,
    builderComment: `Build stage: ${what} with the full Node.js toolchain.`,
    runtimeComment: `Runtime stage: ${builds.length ? 'the built app' : 'the app'} with production dependencies only, on ${image}.`,
  };
}

// --- Python ------------------------------------------------------------------------------------

/** Packages that are tools for installing, not the app's dependencies. */
const PY_TOOLS = new Set(['pip', 'setuptools', 'wheel', 'poetry', 'pipx', 'virtualenv', 'poetry-plugin-export', 'poetry-core']);

/** The words after `install` of `pip install` / `python -m pip install`, or undefined. */
function pipInstallArgs(cmd: ShellCommand): string[] | undefined {
  const args = cmd.args.map((a) => a.value);
  if ((cmd.name === 'pip' || cmd.name === 'pip3') && args[0] === 'install') return args.slice(1);
  if (/^python3?(\.\d+)?$/.test(cmd.name) && args[0] === '-m' && args[1] === 'pip' && args[2] === 'install') return args.slice(3);
  return undefined;
}

function requirementFiles(args: string[]): string[] {
  const files: string[] = [];
  args.forEach((a, i) => {
    if (a === '-r' || a === '--requirement' || a === '-c' || a === '--constraint') files.push(args[i + 1] ?? '');
    else if (/^--(requirement|constraint)=/.test(a)) files.push(a.slice(a.indexOf('=') + 1));
    else if (/^-[rc]\S/.test(a)) files.push(a.slice(2));
  });
  return files;
}

/** Installs the app's own dependencies (not just pip, poetry or wheel). */
function isAppInstall(cmd: ShellCommand): boolean {
  const pip = pipInstallArgs(cmd);
  if (pip) {
    if (requirementFiles(pip).length) return true;
    const names = pip.filter((a, i) => !a.startsWith('-') && !/^-(r|c|i|f)$|^--(index-url|extra-index-url|find-links)$/.test(pip[i - 1] ?? ''));
    return names.some((n) => !PY_TOOLS.has(n.replace(/[<>=!~[].*$/, '').toLowerCase()));
  }
  return cmd.name === 'poetry' && positionals(cmd.args)[0]?.value === 'install';
}

function pythonPrep(cmd: ShellCommand): boolean {
  const pip = pipInstallArgs(cmd);
  if (pip) {
    const files = requirementFiles(pip);
    const locals = pip.filter((a, i) => !a.startsWith('-') && !files.includes(a) && (a === '.' || a.includes('/') || a.startsWith('.')) && pip[i - 1] !== '-i');
    return !pip.includes('-e') && !pip.includes('--editable') && locals.length === 0;
  }
  if (cmd.name === 'poetry') {
    const sub = positionals(cmd.args)[0]?.value;
    return sub === 'config' || (sub === 'install' && cmd.args.some((a) => a.value === '--no-root'));
  }
  return false;
}

/** `python:3.12` -> `3.12-slim`, `3.12-bookworm` -> `3.12-slim-bookworm`; Alpine and slim tags stay. */
function pythonRuntimeTag(tag: string | undefined): string | undefined {
  if (!tag || tag === 'latest') return 'slim';
  const { head, rest } = splitTag(tag);
  const lower = rest.map((r) => r.toLowerCase());
  if (lower.some((r) => r.startsWith('alpine') || r === 'slim')) return tag;
  if (lower.length === 0) return ['bookworm', 'bullseye', 'trixie'].includes(head) ? `slim-${head}` : `${head}-slim`;
  if (lower.length === 1 && ['bookworm', 'bullseye', 'trixie'].includes(lower[0])) return `${head}-slim-${rest[0]}`;
  return undefined;
}

const VENV = '/opt/venv';

function planPython(ctx: Ctx): Result {
  const { src } = ctx;
  if (!isOfficial(src.stage.image, 'python')) return 'The build stage is not on an official python image, so Shipshape cannot pick a runtime image with the same Python.';
  for (const { cmd } of allCommands(ctx, () => true)) {
    if (['pipenv', 'uv', 'conda', 'pdm', 'hatch'].includes(cmd.name)) return `Dockerfiles that install with ${cmd.name} are not converted yet (pip and poetry are).`;
    const pip = pipInstallArgs(cmd);
    if (pip && pip.some((a) => /^--(user|target|prefix|root)(=|$)|^-t$/.test(a))) return 'pip installs with --user, --target, --prefix or --root; Shipshape only moves a virtual environment to the runtime stage.';
    if (pip && cmd.nameWord.value.includes('/')) return `pip is run by its path (${cmd.nameWord.value}), which would bypass the virtual environment the build stage installs into.`;
  }
  const deps = findCommand(ctx, isAppInstall);
  if (!deps) return 'No pip or poetry install of the app\'s dependencies was found.';
  const dir = appDir(ctx);
  if (typeof dir !== 'string') return dir.reason;
  const tag = pythonRuntimeTag(rawTag(src));
  if (!tag) return `Shipshape does not know a slim variant of python:${rawTag(src)}.`;

  // A venv the Dockerfile already makes (`python -m venv /venv`, ENV VIRTUAL_ENV) is kept.
  const made = findCommand(ctx, (c) => (/^python3?(\.\d+)?$/.test(c.name) && c.args[0]?.value === '-m' && c.args[1]?.value === 'venv') || c.name === 'virtualenv');
  const madeArg = made && positionals(made.cmd.args).map((w) => w.value).filter((w) => w !== 'venv').pop();
  const envVenv = src.pieces.map((p) => p.vars.get('VIRTUAL_ENV')).find((v) => v);
  const existing = madeArg && made!.piece.workdir ? joinPath(made!.piece.workdir, madeArg) : envVenv && envVenv.startsWith('/') ? envVenv : undefined;

  let manifests: string[] | undefined;
  const pipArgs = pipInstallArgs(deps.cmd);
  if (pipArgs) {
    const files = requirementFiles(pipArgs);
    if (files.length && files.every((f) => /^[\w.-]+$/.test(f))) manifests = files;
  } else if (deps.cmd.args.some((a) => a.value === '--no-root')) {
    manifests = ['pyproject.toml', 'poetry.lock*'];
  }
  const manifestCopy = manifests ? cacheDependencies(ctx, deps.piece, manifests, pythonPrep) : undefined;
  const env: string[] = [];
  const artifacts: Artifact[] = [];
  if (existing) {
    if (!isInside(existing, dir)) artifacts.push({ from: existing, to: existing });
  } else {
    const venvLines = [`${kw(ctx, 'RUN')} python -m venv ${VENV}`, `${kw(ctx, 'ENV')} VIRTUAL_ENV=${VENV} PATH="${VENV}/bin:$PATH"`];
    const at = manifestCopy ? ctx.builder.indexOf(manifestCopy) : -1;
    if (at >= 0) ctx.builder.splice(at, 0, { lines: venvLines });
    else insertBefore(ctx, deps.piece, venvLines);
    artifacts.push({ from: VENV, to: VENV });
    env.push(`VIRTUAL_ENV=${VENV} PATH="${VENV}/bin:$PATH"`);
  }
  artifacts.push({ from: dir, to: dir });
  const image = `python:${tag}`;
  return {
    runtime: { image, os: isAlpine(src.stage.image) ? 'alpine' : 'debian', provides: ['ca-certificates'] },
    artifacts, env, packages: ctx.packages,
    builderComment: 'Build stage: installs the Python dependencies into a virtual environment, with compilers and build tools.',
    runtimeComment: `Runtime stage: the virtual environment and the app on ${image}, without build tools.`,
  };
}

// --- Go ----------------------------------------------------------------------------------------

function planGo(ctx: Ctx): Result {
  const { src } = ctx;
  const builds = allCommands(ctx, (c) => c.name === 'go' && ['build', 'install'].includes(positionals(c.args)[0]?.value ?? ''));
  if (builds.length === 0) return 'No `go build` or `go install` was found.';
  const outputs: { path: string; dir: boolean }[] = [];
  for (const { piece, cmd } of builds) {
    const sub = positionals(cmd.args)[0].value;
    const o = optionValue(cmd.args.map((a) => a.value), ['-o']);
    if (sub === 'build' && o && piece.workdir && !o.includes('$')) outputs.push({ path: joinPath(piece.workdir, o), dir: o.endsWith('/') });
    if (sub === 'install') outputs.push({ path: piece.vars.get('GOBIN') ?? '/go/bin', dir: true });
  }
  for (const d of copyDestinations(ctx)) outputs.push({ path: d.dest, dir: d.dir });
  const program = mainProgram(ctx);
  if (!program) return 'The start command does not name the program to run.';
  let from: string | undefined;
  let to: string | undefined;
  const path = programPath(ctx, program);
  if (path && outputs.some((o) => (o.dir ? isInside(path, o.path) : o.path === path))) {
    from = to = path;
  } else if (!program.includes('/')) {
    const dir = outputs.find((o) => o.dir);
    const file = outputs.find((o) => !o.dir && o.path.endsWith('/' + program));
    from = file?.path ?? (dir ? joinPath(dir.path, program) : undefined);
    to = `/usr/local/bin/${program}`;
  }
  if (!from || !to) return `Shipshape cannot tell which file the build writes ${program} to. Build with \`go build -o <path>\` and start that path.`;

  // CGO_ENABLED=0 (ENV, `CGO_ENABLED=0 go build`, `export CGO_ENABLED=0`) gives a static binary.
  const staticBuild = builds.every(({ piece, cmd }) => piece.vars.get('CGO_ENABLED') === '0' || cmd.assignments.some((a) => /^CGO_ENABLED=["']?0/.test(a)) ||
    (scriptOf(src, piece)?.commands ?? []).some((c) => c.name === 'export' && c.args.some((a) => a.value === 'CGO_ENABLED=0') && c.pos < cmd.pos)) ||
    (isAlpine(src.stage.image) && !detectToolchains(src.model, src.stage).some((t) => t.ecosystem === 'native' && t.strong));
  const runtime = binaryRuntime(ctx, staticBuild ? 'static' : 'base', [programName(program)]);
  if (typeof runtime === 'string') return runtime;
  if (runtime.os === 'debian' && !runtime.image.startsWith('gcr.io')) ctx.packages = ['ca-certificates', ...ctx.packages.filter((p) => p !== 'ca-certificates')];

  // go.mod and go.sum first, so `go mod download` is a cached layer.
  const download = findCommand(ctx, (c) => c.name === 'go' && c.args[0]?.value === 'mod' && c.args[1]?.value === 'download');
  const vendored = builds.some(({ piece, cmd }) => cmd.args.some((a) => a.value === '-mod=vendor') || /-mod=vendor/.test(piece.vars.get('GOFLAGS') ?? ''));
  if (download) {
    cacheDependencies(ctx, download.piece, ['go.mod', 'go.sum*'], (c) => c.name === 'go' && c.args[0]?.value === 'mod');
  } else if (!vendored) {
    addGoModDownload(ctx, builds[0].piece);
  }
  ctx.notes.push('Only the program is copied to the runtime stage; copy any templates, static files or config it reads at run time too.');
  return {
    runtime, artifacts: [{ from, to }], env: [], packages: ctx.packages,
    workdir: runtimeWorkdir(ctx, program),
    builderComment: 'Build stage: compiles the Go program with the full toolchain.',
    runtimeComment: `Runtime stage: only the ${staticBuild ? 'static ' : ''}binary, on ${runtime.image}.`,
  };
}

/** `COPY go.mod go.sum* ./` and `RUN go mod download` before `COPY . .`, when that is where the module is built. */
function addGoModDownload(ctx: Ctx, build: Piece): void {
  const before = ctx.src.pieces.slice(0, ctx.src.pieces.indexOf(build));
  const copies = before.filter((p) => p.keyword === 'COPY' || p.keyword === 'ADD');
  const broad = copies.find(isBroadCopy);
  if (!broad || copies.some((p) => copyParts(p.instr)?.sources.some((s) => /go\.(mod|sum)/.test(s)))) return;
  const parts = copyParts(broad.instr)!;
  const dest = resolveDest(parts.dest, broad.workdir);
  if (!dest || dest !== broad.workdir || build.workdir !== dest || parts.flags.has('from')) return;
  const target = parts.dest.endsWith('/') ? parts.dest : parts.dest === '.' ? './' : parts.dest + '/';
  const chown = parts.flags.get('chown');
  insertBefore(ctx, broad, [`${kw(ctx, 'COPY')} ${chown ? `--chown=${chown} ` : ''}go.mod go.sum* ${target}`, `${kw(ctx, 'RUN')} go mod download`]);
}

/** A relative start program needs the same WORKDIR in the runtime stage; the original may have relied on the base image's. */
function runtimeWorkdir(ctx: Ctx, program: string): string | undefined {
  if (ctx.src.workdirSet || program.startsWith('/') || !program.includes('/')) return undefined;
  return ctx.src.finalWorkdir && ctx.src.finalWorkdir !== '/' ? ctx.src.finalWorkdir : undefined;
}

// --- Rust --------------------------------------------------------------------------------------

function planRust(ctx: Ctx): Result {
  const { src } = ctx;
  const image = src.stage.image;
  if (!isOfficial(image, 'rust')) return 'The build stage is not on an official rust image, so Shipshape cannot tell which C library the program links against.';
  const builds = allCommands(ctx, (c) => c.name === 'cargo' && ['build', 'install'].includes(positionals(c.args)[0]?.value ?? ''));
  if (builds.length === 0) return 'No `cargo build` or `cargo install` was found.';
  const outputs: { path: string; dir: boolean }[] = [];
  for (const { piece, cmd } of builds) {
    const args = cmd.args.map((a) => a.value);
    if (!piece.workdir) continue;
    if (positionals(cmd.args)[0].value === 'install') {
      const root = optionValue(args, ['--root']) ?? piece.vars.get('CARGO_INSTALL_ROOT') ?? '/usr/local/cargo';
      outputs.push({ path: joinPath(joinPath(piece.workdir, root), 'bin'), dir: true });
      continue;
    }
    const targetDir = optionValue(args, ['--target-dir']) ?? piece.vars.get('CARGO_TARGET_DIR') ?? 'target';
    const triple = optionValue(args, ['--target']);
    const profile = args.includes('--release') || args.includes('-r') ? 'release' : optionValue(args, ['--profile']) ?? 'debug';
    outputs.push({ path: joinPath(piece.workdir, [targetDir, triple, profile].filter(Boolean).join('/')), dir: true });
  }
  for (const d of copyDestinations(ctx)) outputs.push({ path: d.dest, dir: d.dir });
  const program = mainProgram(ctx);
  if (!program) return 'The start command does not name the program to run.';
  let from: string | undefined;
  let to: string | undefined;
  const path = programPath(ctx, program);
  if (path && outputs.some((o) => (o.dir ? isInside(path, o.path) && path.split('/').length === o.path.split('/').length + 1 : o.path === path))) {
    from = to = path;
  } else if (!program.includes('/')) {
    const bin = outputs.find((o) => o.dir && o.path.endsWith('/bin')) ?? outputs.find((o) => o.dir && /\/(usr\/local\/)?bin$/.test(o.path));
    from = bin ? joinPath(bin.path, program) : undefined;
    to = `/usr/local/bin/${program}`;
  }
  if (!from || !to) return `Shipshape cannot tell which file the build writes ${program} to. Start the program by its path under target/release/.`;
  const musl = isAlpine(image);
  if (musl && ctx.packages.length) return 'An Alpine Rust build that links system libraries is not converted; pick the runtime image by hand.';
  const runtime = binaryRuntime(ctx, musl ? 'static' : 'cc', [programName(program)]);
  if (typeof runtime === 'string') return runtime;
  if (runtime.os === 'debian') ctx.packages = ['ca-certificates', ...ctx.packages.filter((p) => p !== 'ca-certificates')];
  ctx.notes.push('Only the program is copied to the runtime stage; copy any files it reads at run time too.');
  return {
    runtime, artifacts: [{ from, to }], env: [], packages: ctx.packages,
    workdir: runtimeWorkdir(ctx, program),
    builderComment: 'Build stage: compiles the Rust program with the full toolchain.',
    runtimeComment: `Runtime stage: only the release binary, on ${runtime.image}.`,
  };
}

// --- Java --------------------------------------------------------------------------------------

/** The Java feature version of a JDK or build-tool image tag: `3.9-eclipse-temurin-21` -> 21, `8.10-jdk17` -> 17. */
function javaVersion(image: ImageReference | undefined): string | undefined {
  const tag = (image?.tag ?? '').toLowerCase();
  const name = (image?.repository ?? '').toLowerCase().split('/').pop() ?? '';
  const inTag = /(?:temurin|corretto|openjdk|jdk|semeru|zulu|graalvm|sapmachine|liberica)-?(\d+)/.exec(tag)?.[1];
  if (inTag) return inTag;
  if (name !== 'maven' && name !== 'gradle') return /^(\d+)/.exec(tag)?.[1];
  return undefined;
}

function planJava(ctx: Ctx): Result {
  const { src } = ctx;
  const java = detectToolchains(src.model, src.stage).find((t) => t.ecosystem === 'java');
  const build = java?.evidence.find((e) => e.kind === 'build' && (e.tool === 'maven' || e.tool === 'gradle'));
  if (!build) return 'No Maven or Gradle build was found.';
  const run = ctx.start.commands.find((c) => programName(c.program) === 'java');
  const jar = run && optionValue(run.args, ['-jar']);
  if (!jar) return 'The start command does not run `java -jar`, so Shipshape cannot tell which files the app needs.';
  if (jar.includes('$') || !src.finalWorkdir) return `Shipshape cannot tell where ${jar} is.`;
  const path = joinPath(src.finalWorkdir, jar);
  const base = path.slice(0, path.lastIndexOf('/'));
  if (base.includes('*')) return `The jar path ${jar} has a pattern in a folder name.`;
  const produced = /\/(target|build\/libs)\/[^/]+$/.test(path) || copyDestinations(ctx).some((d) => (d.dir ? d.dest === base : d.dest === path));
  if (!produced) return `${jar} is not in target/ or build/libs/, so Shipshape cannot tell whether the build makes it.`;
  let version = javaVersion(src.stage.image);
  if (!version) {
    version = '21';
    ctx.notes.push('The build image does not name its Java version; the runtime uses Java 21. Pin both images to the same version.');
  }
  const image = `eclipse-temurin:${version}-jre`;
  const artifact: Artifact = path.includes('*') ? { from: path, to: base + '/' } : { from: path, to: path };
  // pom.xml first, when the Dockerfile resolves dependencies on its own.
  const offline = findCommand(ctx, (c) => c.name === 'mvn' && c.args.some((a) => /^dependency:(go-offline|resolve|resolve-plugins)$/.test(a.value)));
  if (offline) cacheDependencies(ctx, offline.piece, ['pom.xml'], (c) => c.name === 'mvn' && c.args.every((a) => a.value.startsWith('-') || a.value.startsWith('dependency:')));
  ctx.notes.push('Only the jar is copied to the runtime stage; this is right for a Spring Boot or other "fat" jar. Copy the lib folder too if the jar lists dependencies on its class path.');
  return {
    runtime: { image, os: 'debian' }, artifacts: [artifact], env: [], packages: ctx.packages,
    workdir: runtimeWorkdir(ctx, jar.startsWith('/') ? '/' : './x'),
    builderComment: `Build stage: builds the jar with ${build.tool === 'maven' ? 'Maven' : 'Gradle'} and a full JDK.`,
    runtimeComment: `Runtime stage: only the jar, on the Java ${version} runtime (${image}).`,
  };
}

// --- .NET --------------------------------------------------------------------------------------

function planDotnet(ctx: Ctx): Result {
  const { src } = ctx;
  const image = src.stage.image;
  const repo = (image?.repository ?? '').toLowerCase();
  if (image?.registry !== 'mcr.microsoft.com' || !/^dotnet\/(core\/)?sdk$/.test(repo)) return 'The build stage is not on mcr.microsoft.com/dotnet/sdk, so Shipshape cannot pick the matching ASP.NET Core runtime image.';
  const tag = rawTag(src) ?? 'latest';
  if (/nanoserver|windowsservercore/i.test(tag)) return 'Windows container images are not converted.';
  const publishes = allCommands(ctx, (c) => c.name === 'dotnet' && positionals(c.args)[0]?.value === 'publish');
  const outputs = publishes.flatMap(({ piece, cmd }) => {
    const o = optionValue(cmd.args.map((a) => a.value), ['-o', '--output']);
    return o && piece.workdir && !o.includes('$') ? [joinPath(piece.workdir, o)] : [];
  });
  if (outputs.length === 0) return 'No `dotnet publish -o <folder>` was found, so Shipshape cannot tell where the app is published.';
  const first = ctx.start.commands[0];
  if (!first || !src.finalWorkdir) return 'The start command is empty.';
  const target = programName(first.program) === 'dotnet' ? first.args.find((a) => !a.startsWith('-')) : first.program;
  const path = target && !target.includes('$') && (target.includes('/') || target.endsWith('.dll')) ? joinPath(src.finalWorkdir, target) : undefined;
  const out = path && outputs.find((o) => isInside(path, o));
  if (!out) return `The start command does not run the app from the folder \`dotnet publish\` writes to (${outputs[0]}).`;
  // Images from .NET 8 on have an "app" user; an untagged image is a current one.
  const version = /^(\d+)/.exec(image.tag ?? '')?.[1];
  const major = version ? Number(version) : Infinity;
  const distro = /alpine/i.test(tag) ? 'alpine' : /azurelinux|cbl-mariner|chiseled/i.test(tag) ? 'distroless' : 'debian';
  if (distro === 'distroless' && !(major >= 8)) return `Shipshape cannot add a non-root user to the ${tag} runtime image.`;
  if (distro === 'distroless' && (ctx.packages.length || ctx.needsShell)) return `The ${tag} runtime image has no package manager or shell for what the app needs.`;
  const runtimeImage = `mcr.microsoft.com/dotnet/aspnet:${tag}`;
  const restore = findCommand(ctx, (c) => c.name === 'dotnet' && positionals(c.args)[0]?.value === 'restore');
  const project = restore && positionals(restore.cmd.args).map((w) => w.value)[1];
  if (restore && project && /^[\w.-]+\.(cs|fs|vb)proj$/.test(project)) {
    cacheDependencies(ctx, restore.piece, [project], (c) => c.name === 'dotnet' && positionals(c.args)[0]?.value === 'restore');
  }
  return {
    runtime: { image: runtimeImage, os: distro, user: major >= 8 ? 'app' : undefined },
    artifacts: [{ from: out, to: out }], env: [], packages: ctx.packages,
    builderComment: 'Build stage: restores and publishes the app with the .NET SDK.',
    runtimeComment: `Runtime stage: only the published app, on the ASP.NET Core runtime (${runtimeImage}).`,
  };
}

export const PLANNERS: Partial<Record<Ecosystem, (ctx: Ctx) => Result>> = {
  node: planNode, python: planPython, go: planGo, rust: planRust, java: planJava, dotnet: planDotnet,
};
