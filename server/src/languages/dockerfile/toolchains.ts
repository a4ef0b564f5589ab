/**
 * Which build toolchains a stage carries, and the instructions that show it: compilers and SDKs in
 * the base image, installed as packages, or used by build commands (go build, mvn package, npm run
 * build…). Used by dockerfile/prefer-multi-stage to say "this image ships compilers", and meant for
 * the multi-stage conversion, which needs the ecosystem, the build tool and where the build happens.
 */
import type { Instruction } from 'dockerfile-ast';
import type { Range } from '../../engine/types';
import { imageBaseName, type ImageReference } from '../image';
import type { DockerfileModel, Stage } from './model';
import { hasFlag, positionals, runScripts, type ShellCommand, type ShellWord } from './shell';

/** Language ecosystems; `native` is C/C++ (compilers, make, headers) whatever language needs it. */
export type Ecosystem = 'node' | 'java' | 'go' | 'python' | 'rust' | 'dotnet' | 'native';

export type BuildTool =
  | 'npm' | 'yarn' | 'pnpm'
  | 'maven' | 'gradle' | 'javac'
  | 'go'
  | 'pip' | 'poetry' | 'pipenv' | 'uv'
  | 'cargo'
  | 'dotnet'
  | 'make' | 'cmake' | 'cc';

export type EvidenceKind =
  /** The stage builds on a toolchain image (golang, maven, dotnet/sdk, a JDK…). */
  | 'base-image'
  /** A package manager installs a compiler, SDK or build tool (apt-get install build-essential). */
  | 'package'
  /** A command builds something (go build, mvn package, npm run build, make). */
  | 'build'
  /** Dependencies are installed with a language package manager (npm ci, pip install, poetry install). */
  | 'dependencies';

export interface ToolchainEvidence {
  kind: EvidenceKind;
  /** The stage the instruction belongs to (the one asked about, or a stage it builds on). */
  stage: Stage;
  instruction: Instruction;
  /** The image, package or command that shows it. */
  range: Range;
  /** Short description: "base image golang:1.23", "apt-get install build-essential", "npm run build". */
  text: string;
  /**
   * True when the toolchain is in the image for sure (a compiler/SDK image or package, a build step);
   * false for hints such as a JDK base (it may only run the app), headers (-dev) or dependency installs.
   */
  strong: boolean;
  /** Build tool this piece of evidence points at, if any. */
  tool?: BuildTool;
  /** For dependency installs: dev dependencies are included (npm ci without --omit=dev, poetry without --only main). */
  devDependencies?: boolean;
}

export interface Toolchain {
  ecosystem: Ecosystem;
  /** Build tools seen, in order of first appearance. */
  tools: BuildTool[];
  evidence: ToolchainEvidence[];
  /** At least one strong piece of evidence. */
  strong: boolean;
}

export interface DetectOptions {
  /** Also look at the stages this one builds on (`FROM build AS final`): their content is in the image. Default true. */
  inherited?: boolean;
}

/** The stage and the stages it builds on, oldest first. */
export function stageChain(stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = stage; s && out.length < 100; s = s.parentStage) out.unshift(s);
  return out;
}

/** The CMD or ENTRYPOINT the image starts with, if the Dockerfile sets one (last one wins). */
export function startCommand(stage: Stage): Instruction | undefined {
  let found: Instruction | undefined;
  for (const s of stageChain(stage)) for (const i of s.instructions) if (i.getKeyword() === 'CMD' || i.getKeyword() === 'ENTRYPOINT') found = i;
  return found;
}

interface Hit {
  ecosystem: Ecosystem;
  evidence: Omit<ToolchainEvidence, 'stage' | 'instruction'>;
}

// --- base images -------------------------------------------------------------------------------

const JDK_REPOS = new Set(['eclipse-temurin', 'openjdk', 'amazoncorretto', 'ibm-semeru-runtimes', 'sapmachine', 'ibmjava', 'zulu-openjdk', 'azul/zulu-openjdk']);

function baseImageHits(image: ImageReference, range: Range): Hit[] {
  const name = imageBaseName(image);
  const repo = image.repository.toLowerCase();
  const tag = (image.tag ?? '').toLowerCase();
  const text = `base image ${image.repository}${image.tag ? ':' + image.tag : ''}`;
  const hit = (ecosystem: Ecosystem, strong: boolean, tool?: BuildTool): Hit[] => [{ ecosystem, evidence: { kind: 'base-image', range, text, strong, tool } }];
  if (name === 'golang') return hit('go', true, 'go');
  if (name === 'rust') return hit('rust', true, 'cargo');
  if (name === 'maven') return hit('java', true, 'maven');
  if (name === 'gradle') return hit('java', true, 'gradle');
  if (name === 'gcc' || name === 'buildpack-deps') return hit('native', true, 'cc');
  if (/(^|\/)dotnet(\/core)?\/sdk$/.test(repo)) return hit('dotnet', true, 'dotnet');
  // A JDK can compile, but many images only run the app on it: a hint, not proof.
  if ((JDK_REPOS.has(name) || JDK_REPOS.has(repo)) && !/jre/.test(tag)) return hit('java', false, 'javac');
  return [];
}

// --- packages ----------------------------------------------------------------------------------

interface PackageRule {
  test: RegExp;
  ecosystem: Ecosystem;
  strong: boolean;
  tool?: BuildTool;
}

const PACKAGES: PackageRule[] = [
  { test: /^(gcc|g\+\+|gcc-c\+\+|cpp|cc|clang|llvm|build-essential|build-base|binutils|gcc-\d+|g\+\+-\d+|clang-\d+)$/, ecosystem: 'native', strong: true, tool: 'cc' },
  { test: /^(make|autoconf|automake|libtool|ninja|ninja-build|meson)$/, ecosystem: 'native', strong: true, tool: 'make' },
  { test: /^cmake$/, ecosystem: 'native', strong: true, tool: 'cmake' },
  { test: /-(dev|devel)$/, ecosystem: 'native', strong: false },
  { test: /^maven$/, ecosystem: 'java', strong: true, tool: 'maven' },
  { test: /^gradle$/, ecosystem: 'java', strong: true, tool: 'gradle' },
  { test: /^(default-jdk(-headless)?|openjdk-\d+-jdk(-headless)?|openjdk\d+(-jdk)?|java-[\d.]+-openjdk-devel|temurin-\d+-jdk)$/, ecosystem: 'java', strong: false, tool: 'javac' },
  { test: /^(golang|golang-go|go)$/, ecosystem: 'go', strong: true, tool: 'go' },
  { test: /^(rust|rustc|cargo)$/, ecosystem: 'rust', strong: true, tool: 'cargo' },
  { test: /^dotnet-sdk(-[\d.]+)?$/, ecosystem: 'dotnet', strong: true, tool: 'dotnet' },
];

/** Packages a command installs: apt-get/apt install, apk add, yum/dnf/microdnf install, zypper install. */
function installedPackages(cmd: ShellCommand): ShellWord[] {
  const words = positionals(cmd.args, ['-o', '-t', '-c', '--target-release', '-X', '--repository', '--root', '-p', '--virtual']);
  const verb = words[0]?.value;
  const installs =
    ((cmd.name === 'apt-get' || cmd.name === 'apt' || cmd.name === 'yum' || cmd.name === 'dnf' || cmd.name === 'microdnf') && verb === 'install') ||
    (cmd.name === 'apk' && verb === 'add') ||
    (cmd.name === 'zypper' && (verb === 'install' || verb === 'in'));
  if (!installs) return [];
  // apk add --virtual .build-deps gcc: the name after --virtual is a label, not a package.
  return words.slice(1);
}

/** `gcc=4:12.2.0-3`, `make>=4`, `libpq-dev:amd64` -> the package name. */
const packageName = (s: string) => s.replace(/[<>=~].*$/, '').replace(/:[a-z0-9]+$/, '').toLowerCase();

// --- commands ----------------------------------------------------------------------------------

/** package.json scripts that build: build, build:prod, compile, bundle, dist. */
const NODE_BUILD = /^(build|compile|bundle|dist)([:-].*)?$/;
/** Build CLIs; those in NODE_BUILD_SUBCOMMAND build only with `build` (alone they start dev servers). */
const NODE_BINS = new Set(['tsc', 'webpack', 'vite', 'rollup', 'esbuild', 'ng', 'next', 'nuxt', 'parcel', 'babel', 'tsup', 'nest']);
const NODE_BUILD_SUBCOMMAND = new Set(['vite', 'ng', 'next', 'nuxt', 'parcel', 'nest']);

/** `tsc -p .`, `vite build`, `next build` (also behind npx). */
function nodeBinBuilds(bin: string, rest: string[]): boolean {
  if (!NODE_BINS.has(bin)) return false;
  return !NODE_BUILD_SUBCOMMAND.has(bin) || rest.find((a) => !a.startsWith('-')) === 'build';
}

function commandHits(cmd: ShellCommand): Hit[] {
  const args = cmd.args.map((a) => a.value);
  const sub = positionals(cmd.args)[0]?.value;
  const range = cmd.range;
  const text = [cmd.name, ...args].join(' ').slice(0, 80);
  const build = (ecosystem: Ecosystem, tool: BuildTool): Hit[] => [{ ecosystem, evidence: { kind: 'build', range, text, strong: true, tool } }];
  const deps = (ecosystem: Ecosystem, tool: BuildTool, devDependencies?: boolean): Hit[] =>
    [{ ecosystem, evidence: { kind: 'dependencies', range, text, strong: false, tool, devDependencies } }];
  switch (cmd.name) {
    case 'go':
      if (sub === 'build' || sub === 'install') return build('go', 'go');
      if (sub === 'mod') return deps('go', 'go');
      return [];
    case 'cargo':
      return sub === 'build' || sub === 'install' ? build('rust', 'cargo') : [];
    case 'rustc':
    case 'rustup':
      return build('rust', 'cargo');
    case 'mvn':
    case 'mvnw':
      return args.some((a) => /^(package|install|verify|compile|deploy|spring-boot:repackage)$/.test(a)) ? build('java', 'maven') : deps('java', 'maven');
    case 'gradle':
    case 'gradlew':
      return args.some((a) => /^(:?[\w-]+:)*(build|assemble|bootJar|jar|shadowJar|installDist|distTar|distZip)$/.test(a)) ? build('java', 'gradle') : deps('java', 'gradle');
    case 'javac':
      return build('java', 'javac');
    case 'dotnet':
      if (sub === 'build' || sub === 'publish') return build('dotnet', 'dotnet');
      if (sub === 'restore') return deps('dotnet', 'dotnet');
      return [];
    case 'make':
    case 'cmake':
    case 'ninja':
      return build('native', cmd.name === 'cmake' ? 'cmake' : 'make');
    case 'gcc':
    case 'g++':
    case 'cc':
    case 'c++':
    case 'clang':
    case 'configure':
      return build('native', cmd.name === 'configure' ? 'make' : 'cc');
    case 'npm':
    case 'yarn':
    case 'pnpm':
      return nodeHits(cmd, cmd.name, build, deps);
    case 'npx': {
      const i = args.findIndex((a) => !a.startsWith('-'));
      return i >= 0 && nodeBinBuilds(args[i], args.slice(i + 1)) ? build('node', 'npm') : [];
    }
    case 'pip':
    case 'pip3':
      if (sub === 'wheel') return build('python', 'pip');
      if (sub === 'install') return args.includes('poetry') ? deps('python', 'poetry') : deps('python', 'pip');
      return [];
    case 'python':
    case 'python3':
      if (args[0] === 'setup.py' && /^(build|bdist_wheel|sdist|build_ext)$/.test(args[1] ?? '')) return build('python', 'pip');
      if (args[0] === '-m' && args[1] === 'build') return build('python', 'pip');
      if (args[0] === '-m' && args[1] === 'pip' && args[2] === 'install') return deps('python', 'pip');
      return [];
    case 'poetry':
      if (sub === 'build') return build('python', 'poetry');
      // Without --only main / --without dev / --no-dev, poetry installs the dev group too.
      if (sub === 'install') {
        const prodOnly = args.some((a, i) => a === '--no-dev' || a === '--only=main' || a.startsWith('--without') || (a === '--only' && args[i + 1] === 'main'));
        return deps('python', 'poetry', !prodOnly);
      }
      return [];
    case 'pipenv':
      return sub === 'install' || sub === 'sync' ? deps('python', 'pipenv', args.includes('--dev') || args.includes('-d')) : [];
    case 'uv':
      if (sub === 'build') return build('python', 'uv');
      if (sub === 'sync' || sub === 'pip') return deps('python', 'uv', sub === 'sync' && !args.includes('--no-dev'));
      return [];
    default:
      return nodeBinBuilds(cmd.name, args) ? build('node', 'npm') : [];
  }
}

function nodeHits(
  cmd: ShellCommand,
  tool: 'npm' | 'yarn' | 'pnpm',
  build: (e: Ecosystem, t: BuildTool) => Hit[],
  deps: (e: Ecosystem, t: BuildTool, dev?: boolean) => Hit[],
): Hit[] {
  const words = positionals(cmd.args).map((w) => w.value);
  const sub = words[0];
  const script = sub === 'run' || sub === 'run-script' ? words[1] : tool !== 'npm' ? sub : undefined;
  if (script && NODE_BUILD.test(script)) return build('node', tool);
  // `yarn` alone installs; `yarn add x` and `npm install x` add packages.
  const install = tool === 'npm' ? ['ci', 'install', 'i'].includes(sub) : tool === 'yarn' ? sub === undefined || sub === 'install' : ['install', 'i'].includes(sub);
  if (!install) return [];
  // `npm install express` adds a package; only a plain install brings the lockfile's dev dependencies.
  if (tool === 'npm' && words.length > 1) return deps('node', tool, false);
  const prodOnly = hasFlag(cmd.args, [], ['production', 'prod']) || cmd.args.some((a) => /^--(omit=dev|only=prod(uction)?)$/.test(a.value)) ||
    cmd.assignments.some((a) => /^NODE_ENV=["']?production/.test(a));
  return deps('node', tool, !prodOnly);
}

// --- detection ---------------------------------------------------------------------------------

/** The toolchains of `stage` (and, by default, of the stages it builds on), with their evidence. */
export function detectToolchains(model: DockerfileModel, stage: Stage, options: DetectOptions = {}): Toolchain[] {
  const stages = options.inherited === false ? [stage] : stageChain(stage);
  const runs = new Map(runScripts(model).map((r) => [r.instruction, r]));
  const byEcosystem = new Map<Ecosystem, Toolchain>();
  const add = (s: Stage, instruction: Instruction, hit: Hit) => {
    let t = byEcosystem.get(hit.ecosystem);
    if (!t) byEcosystem.set(hit.ecosystem, (t = { ecosystem: hit.ecosystem, tools: [], evidence: [], strong: false }));
    t.evidence.push({ ...hit.evidence, stage: s, instruction });
    if (hit.evidence.tool && !t.tools.includes(hit.evidence.tool)) t.tools.push(hit.evidence.tool);
    t.strong ||= hit.evidence.strong;
  };
  // `ENV NODE_ENV=production` makes npm, yarn and pnpm skip dev dependencies.
  let nodeProduction = false;
  for (const s of stages) {
    const imageRange = s.from.getImageRange();
    if (s.image && imageRange) for (const hit of baseImageHits(s.image, imageRange)) add(s, s.from, hit);
    for (const instr of s.instructions) {
      if (instr.getKeyword() === 'ENV') {
        for (const p of (instr as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties()) {
          if (p.getName() === 'NODE_ENV') nodeProduction = (p.getValue() ?? '').replace(/^(["'])(.*)\1$/, '$2') === 'production';
        }
      }
      const run = runs.get(instr);
      if (!run) continue;
      for (const cmd of run.commands) {
        for (const word of installedPackages(cmd)) {
          const name = packageName(word.value);
          const rule = PACKAGES.find((p) => p.test.test(name));
          if (rule) add(s, instr, { ecosystem: rule.ecosystem, evidence: { kind: 'package', range: word.range, text: `${cmd.name} installs ${name}`, strong: rule.strong, tool: rule.tool } });
        }
        for (const hit of commandHits(cmd)) {
          if (nodeProduction && hit.ecosystem === 'node' && hit.evidence.devDependencies) hit.evidence.devDependencies = false;
          add(s, instr, hit);
        }
      }
    }
  }
  return [...byEcosystem.values()];
}
