/**
 * "Convert to multi-stage build": a single-stage Dockerfile that builds and runs an app becomes a
 * `builder` stage on the original base (dependency install first, so it caches) and a runtime stage
 * on a slim, JRE or distroless image of the same version with only the artifacts, a non-root USER and
 * the original runtime settings. Pure: text in, text out, or the reason it would have to guess.
 */
import { DockerfileModel } from './model';
import { detectToolchains, type Ecosystem } from './toolchains';
import { PLANNERS, startsBuildTool } from './multistage/ecosystems';
import { isPiece, type Ctx, type Plan } from './multistage/plan';
import { originalUser, runtimePackages, setupRun } from './multistage/runtime';
import { copiedProgram, copyParts, healthcheckNeeds, isInside, programName, readSource, resolveDest, startCommand, type Piece, type Source } from './multistage/source';

export const MULTISTAGE_TITLE = 'Convert to multi-stage build';

export interface Converted {
  /** The whole new Dockerfile. */
  text: string;
  /** What the user should check: files the app may also need, guesses made. */
  notes: string[];
}

export interface NotConverted {
  reason: string;
  /** True when there is nothing to convert (already multi-stage, nothing built): offer no action at all. */
  notApplicable?: boolean;
}

/** Instructions that only matter where the app runs. */
const RUNTIME_ONLY = new Set(['EXPOSE', 'VOLUME', 'STOPSIGNAL', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'LABEL', 'MAINTAINER']);
/** Instructions both stages need: the build reads them, the app may too. */
const SHARED = new Set(['ARG', 'ENV', 'WORKDIR']);
/** What a start program says about the ecosystem, when the Dockerfile uses more than one. */
const INTERPRETERS: Record<string, Ecosystem> = {
  node: 'node', npm: 'node', yarn: 'node', java: 'java', dotnet: 'dotnet', python: 'python', python3: 'python', gunicorn: 'python', uvicorn: 'python',
};
/** Users Debian and Alpine images already have. */
const SYSTEM_USERS = new Set(['nobody', 'www-data', 'daemon']);
const NAMES: Record<Ecosystem, string> = { node: 'Node.js', java: 'Java', go: 'Go', python: 'Python', rust: 'Rust', dotnet: '.NET', native: 'C/C++' };

const cache = new WeakMap<DockerfileModel, Converted | NotConverted>();

export function convertToMultiStage(model: DockerfileModel): Converted | NotConverted {
  let result = cache.get(model);
  if (!result) {
    try {
      result = convert(model);
    } catch (err) {
      result = { reason: `Shipshape could not convert this Dockerfile: ${(err as Error)?.message ?? err}` };
    }
    cache.set(model, result);
  }
  return result;
}

function convert(model: DockerfileModel): Converted | NotConverted {
  if (model.stages.length === 0) return { reason: 'The Dockerfile has no FROM.', notApplicable: true };
  if (model.stages.length > 1) return { reason: `The Dockerfile already has ${model.stages.length} build stages.`, notApplicable: true };
  const src = readSource(model);
  const start = startCommand(src);
  if (!start.entrypoint && !start.cmd) return { reason: 'The image has no CMD or ENTRYPOINT, so it is not an app image to slim down.', notApplicable: true };
  if (src.pieces.some((p) => p.keyword === 'ONBUILD')) return { reason: 'Images with ONBUILD triggers are base images for other builds and are not converted.' };
  if (!src.stage.image) return { reason: 'The FROM image cannot be resolved (a variable without a default).' };

  const chains = detectToolchains(model, src.stage).filter((t) => t.evidence.some((e) => e.kind === 'build' || e.kind === 'dependencies' || e.strong));
  const candidates = chains.filter((t) => t.ecosystem !== 'native' && PLANNERS[t.ecosystem] && t.evidence.some((e) => e.kind === 'build' || e.kind === 'dependencies'));
  let ecosystem: Ecosystem | undefined = candidates[0]?.ecosystem;
  if (candidates.length > 1) {
    const named = new Set(start.commands.map((c) => INTERPRETERS[programName(c.program)]).filter(Boolean));
    const pick = candidates.filter((t) => named.has(t.ecosystem));
    if (pick.length !== 1) return { reason: `The image builds with ${candidates.map((t) => NAMES[t.ecosystem]).join(' and ')}; Shipshape converts single-toolchain builds only.` };
    ecosystem = pick[0].ecosystem;
  }
  if (!ecosystem) {
    if (chains.some((t) => t.ecosystem === 'native' && t.strong)) {
      return { reason: 'C/C++ builds are not converted: Shipshape cannot tell which files make or the compiler produce, or which libraries they need.' };
    }
    return { reason: 'Nothing is built or installed in this image, so a build stage would not make it smaller.', notApplicable: true };
  }
  const buildTool = startsBuildTool(start);
  if (buildTool) return { reason: `The start command runs ${buildTool}, which needs the build tools at run time. Start the built app directly first.` };

  // Entrypoint scripts and helpers the original copied in from the build context.
  const startFiles = new Map<string, Piece>();
  for (const word of [...start.commands.flatMap((c) => [c.program, ...c.args.filter((a) => !a.startsWith('-')).slice(0, 1)]), ...healthcheckNeeds(src).words]) {
    const piece = copiedProgram(src, word);
    if (piece) startFiles.set(word, piece);
  }
  const packages = runtimePackages(src, ecosystem);
  const health = healthcheckNeeds(src);
  const extra: string[] = [];
  if (health.programs.includes('curl')) extra.push('curl');
  if (health.programs.includes('wget') && !/alpine/.test(src.stage.image.tag ?? '')) extra.push('wget');
  const ctx: Ctx = {
    src, start,
    builder: src.pieces.filter((p) => !RUNTIME_ONLY.has(p.keyword)).map((piece) => ({ piece })),
    needsShell: start.shellForm || health.shell || startFiles.size > 0,
    packages: [...packages.runtime, ...extra.filter((e) => !packages.runtime.some((p) => p.split('=')[0] === e))],
    manager: packages.manager,
    healthcheck: health.programs,
    startFiles,
    notes: [...packages.notes],
    builderName: 'builder',
  };
  const plan = PLANNERS[ecosystem]!(ctx);
  if (typeof plan === 'string') return { reason: plan };
  if (plan.packages.length && plan.runtime.os === 'distroless') return { reason: `The runtime image ${plan.runtime.image} cannot install ${plan.packages.join(', ')}.` };

  const setupNotes = setupCommands(src);
  if (setupNotes) ctx.notes.push(setupNotes);
  const text = render(ctx, plan);
  if (text === undefined) return { reason: 'Shipshape cannot tell which folder the app runs in (a WORKDIR depends on a variable).' };
  // Never hand out a file that still ships the toolchain or that is not two stages.
  const check = new DockerfileModel(text);
  if (check.stages.length !== 2 || detectToolchains(check, check.finalStage!, { inherited: false }).some((t) => t.evidence.length)) {
    return { reason: 'Shipshape could not produce a runtime stage without build tools for this Dockerfile.' };
  }
  return { text, notes: [...new Set(ctx.notes)] };
}

/** Setup steps (users, folders, permissions) that run only in the build stage now. */
function setupCommands(src: Source): string | undefined {
  const seen: string[] = [];
  for (const p of src.pieces) {
    for (const c of src.runs.get(p.instr)?.commands ?? []) {
      if (['mkdir', 'chown', 'chmod', 'ln', 'useradd', 'adduser', 'groupadd', 'addgroup', 'setcap'].includes(c.name) && !seen.includes(c.name)) seen.push(c.name);
    }
  }
  if (seen.length === 0) return undefined;
  return `The runtime stage does not repeat the build stage's ${seen.join(', ')} steps; add them to it if the app needs them at run time.`;
}

function render(ctx: Ctx, plan: Plan): string | undefined {
  const { src } = ctx;
  const kw = (k: string) => (src.lower ? k.toLowerCase() : k);
  const out: string[] = [];
  const afterFrom = () => /^\s*from\s/i.test(out[out.length - 1] ?? '');
  const emit = (piece: Piece, withComments = true) => {
    if (piece.blankBefore && out.length && out[out.length - 1] !== '' && !afterFrom()) out.push('');
    if (withComments) out.push(...piece.lead);
    out.push(...piece.lines);
  };

  if (src.preamble.length) out.push(...src.preamble, '');
  out.push(...src.fromLead, `# ${plan.builderComment}`, ...builderFrom(src, ctx.builderName));
  for (const item of ctx.builder) {
    if (isPiece(item)) emit(item.piece);
    else out.push(...item.lines);
  }

  // The runtime stage takes over the original stage's name, so `--target` still builds the app image.
  const name = src.stage.from.getBuildStage();
  if (name?.toLowerCase() === ctx.builderName) ctx.notes.push(`The stage was named "${name}", which is now the build stage; \`--target ${name}\` no longer builds the app image.`);
  out.push('', `# ${plan.runtimeComment}`, `${kw('FROM')} ${plan.runtime.image}${name && name.toLowerCase() !== ctx.builderName ? ` ${kw('AS')} ${name}` : ''}`);
  const runtimePieces = src.pieces.filter((p) => RUNTIME_ONLY.has(p.keyword) || SHARED.has(p.keyword));
  // One WORKDIR: the last one, when it stands on its own, else the folder it resolves to.
  const workdirs = runtimePieces.filter((p) => p.keyword === 'WORKDIR');
  const lastWorkdir = workdirs[workdirs.length - 1];
  const standalone = lastWorkdir && /^["']?[/$]/.test((lastWorkdir.instr.getArgumentsContent() ?? '').trim());
  for (const p of runtimePieces) {
    if (p.keyword === 'WORKDIR') {
      if (p !== lastWorkdir) continue;
      if (standalone) emit(p);
      else if (src.finalWorkdir) out.push(...p.lead, `${kw('WORKDIR')} ${src.finalWorkdir}`);
      else return undefined;
    } else if (SHARED.has(p.keyword) || p.keyword === 'LABEL' || p.keyword === 'MAINTAINER') emit(p);
  }
  if (plan.workdir) out.push(`${kw('WORKDIR')} ${plan.workdir}`);

  // A non-root user: the original one when it is not root, else the image's own, else a new "app" user.
  const wanted = originalUser(src.pieces);
  if (!wanted) ctx.notes.push('The app no longer runs as root; if it writes into its own folder, give its user ownership (COPY --chown).');
  let user = wanted ?? plan.runtime.user ?? 'app';
  const userName = user.split(':')[0];
  let create: string | undefined;
  if (!/^\d+$/.test(userName) && userName !== plan.runtime.user && !(SYSTEM_USERS.has(userName) && plan.runtime.os !== 'distroless')) {
    if (plan.runtime.os === 'distroless') {
      ctx.notes.push(`The runtime image has no "${userName}" user; the app runs as distroless's "nonroot" user instead.`);
      user = 'nonroot';
    } else {
      // The group of the same name is created with it; another group would not exist.
      create = userName;
      user = userName;
    }
  }
  const provided = new Set(plan.runtime.provides ?? []);
  const packages = plan.packages.filter((p) => !provided.has(p.split('=')[0]));
  out.push(...setupRun(plan.runtime.os, packages, create, src.escape, kw('RUN')));

  // Keep the owner the original gave the app's files, when that user exists in the runtime stage.
  const owner = appOwner(src);
  const ownerName = owner?.split(':')[0];
  // The entrypoint scripts, from the build context as before (unless an artifact already brings them).
  for (const piece of new Set(ctx.startFiles.values())) {
    const dest = copyParts(piece.instr) && resolveDest(copyParts(piece.instr)!.dest, piece.workdir);
    if (!dest || !plan.artifacts.some((a) => isInside(dest, a.to))) emit(piece);
  }
  const chown = owner && (/^\d+(:\d+)?$/.test(owner) || (ownerName === user && (!owner.includes(':') || owner.split(':')[1] === ownerName)))
    ? `--chown=${owner} ` : '';
  for (const a of plan.artifacts) out.push(`${kw('COPY')} --from=${ctx.builderName} ${chown}${a.from} ${a.to}`);
  for (const e of plan.env) out.push(`${kw('ENV')} ${e}`);
  for (const p of runtimePieces) if (['EXPOSE', 'VOLUME', 'STOPSIGNAL', 'HEALTHCHECK'].includes(p.keyword)) emit(p);
  out.push(`${kw('USER')} ${user}`);
  for (const p of runtimePieces) if (p.keyword === 'ENTRYPOINT' || p.keyword === 'CMD') emit(p);
  if (src.trailing.length) out.push(...src.trailing);
  return out.join(src.eol) + src.eol;
}

/** `--chown` of the COPY that brought the app's files in, if any. */
function appOwner(src: Source): string | undefined {
  for (const p of src.pieces) {
    if (p.keyword !== 'COPY') continue;
    const parts = copyParts(p.instr);
    if (parts?.flags.get('chown') && !parts.flags.has('from')) return parts.flags.get('chown');
  }
  return undefined;
}

/** The original FROM, named as the build stage. */
function builderFrom(src: Source, name: string): string[] {
  const from = src.stage.from;
  const lines = src.model.lines;
  const text = src.model.text.slice(lines.offsetAt(from.getRange().start), lines.offsetAt(from.getRange().end));
  const stageRange = from.getBuildStageRange();
  if (stageRange) {
    const start = lines.offsetAt(stageRange.start) - lines.offsetAt(from.getRange().start);
    const end = lines.offsetAt(stageRange.end) - lines.offsetAt(from.getRange().start);
    return (text.slice(0, start) + name + text.slice(end)).split(/\r?\n/);
  }
  return (text.replace(/\s+$/, '') + ` ${src.lower ? 'as' : 'AS'} ${name}`).split(/\r?\n/);
}
