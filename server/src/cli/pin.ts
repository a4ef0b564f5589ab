/**
 * `shipshape pin`: pins every image reference of Dockerfiles, Kubernetes manifests and Compose
 * files to the digest its tag points to now (keeping the tag), and refreshes pinned digests whose
 * tag moved. Asks the registries every time, falling back to the last known answer when one is
 * unreachable. Exit codes: 0 all resolved, 1 some reference could not be resolved, 2 usage.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { createTwoFilesPatch } from 'diff';
import { applyEdits } from '../engine/text';
import { DigestCache, defaultCacheDir } from '../registry/cache';
import { RegistryClient } from '../registry/client';
import { isRegistryError } from '../registry/errors';
import { collectPinFiles } from '../registry/files';
import { pinImages, type PinResult } from '../registry/pin';
import { familiarReference, parsePlatform } from '../registry/reference';

export const PIN_USAGE = '  shipshape pin  [paths...] [--dry-run] [--platform os/arch[/variant]] [--insecure-registry host[:port]]...';

const PIN_HELP = `Usage:
${PIN_USAGE}

Pins image references (Dockerfile FROM / COPY --from, Kubernetes container images, Compose
services) to the digest their tag points to now, keeping the tag: node:20 -> node:20@sha256:...
Pinned references whose tag moved get the new digest. By default the digest is the multi-platform
index; --platform pins one platform's manifest. Plain HTTP is used only for localhost and the
registries named with --insecure-registry. Credentials come from the Docker config
($DOCKER_CONFIG or ~/.docker/config.json). --dry-run prints a diff instead of writing.
Exits 1 when a reference could not be resolved, 2 on usage errors.
`;

/** What cmdPin needs from its caller (cli.ts's Io, plus an optional environment for tests). */
export interface PinIo {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

class PinUsageError extends Error {}

function writeAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.shipshape-${process.pid}.tmp`);
  const mode = fs.statSync(file).mode;
  fs.writeFileSync(tmp, text, { mode });
  fs.renameSync(tmp, file);
}

const HOST_PORT = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?$/;

function short(digest: string): string {
  return digest.slice(0, 'sha256:'.length + 12);
}

function describe(r: PinResult, shown: string): string | undefined {
  const where = `${shown}:${r.occurrence.range.start.line + 1}`;
  const name = r.occurrence.ref ? familiarReference({ ...r.occurrence.ref, digest: undefined }) : r.occurrence.image;
  const res = r.resolution;
  const offline = res?.offlineReason ? ` (registry unreachable: ${res.offlineReason}; using the answer of ${res.resolvedAt})` : '';
  const platform = res?.platform ? ` [${res.platform}]` : '';
  switch (r.status) {
    case 'pinned': return `${where}: pinned ${name} to ${short(res!.digest)}${platform}${offline}`;
    case 'refreshed': return `${where}: ${name} moved: ${short(r.occurrence.ref!.digest!)} -> ${short(res!.digest)}${platform}${offline}`;
    case 'skipped': return `${where}: skipped ${r.occurrence.written} in ${r.occurrence.where}: ${r.message}`;
    case 'failed': return `${where}: cannot resolve ${name}: ${r.message}`;
    default: return offline ? `${where}: ${name} is current${offline}` : undefined;
  }
}

/** `shipshape pin`; returns the exit code. Usage errors print the usage and return 2. */
export async function cmdPin(args: string[], io: PinIo): Promise<number> {
  try {
    return await run(args, io);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (err instanceof PinUsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      io.err(`shipshape: ${(err as Error).message}\n\n${PIN_HELP}`);
      return 2;
    }
    throw err;
  }
}

async function run(args: string[], io: PinIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      platform: { type: 'string' },
      'insecure-registry': { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(PIN_HELP);
    return 0;
  }
  if (values.platform !== undefined) {
    try {
      parsePlatform(values.platform);
    } catch (err) {
      throw new PinUsageError(`--platform: ${(err as Error).message}`);
    }
  }
  for (const h of values['insecure-registry']!) {
    if (!HOST_PORT.test(h)) throw new PinUsageError(`--insecure-registry expects host[:port], got "${h}"`);
  }
  const { files, notes, missing } = collectPinFiles(positionals.length ? positionals : ['.'], io.cwd);
  if (missing.length) throw new PinUsageError(`no such file or folder: ${missing.join(', ')}`);
  for (const n of notes) io.err(`shipshape: ${n}\n`);
  const env = io.env ?? process.env;
  const cache = DigestCache.inDir(defaultCacheDir(env));
  const client = new RegistryClient({
    cache, insecureRegistries: values['insecure-registry'], credentials: { env }, userAgent: 'shipshape-cli',
  });
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  let failed = 0;
  let changed = 0;
  try {
    for (const f of files) {
      const shown = path.relative(io.cwd, f.file).split(path.sep).join('/') || f.file;
      const outcome = await pinImages(f.text, f.language, { client, platform: values.platform, fresh: true, signal: controller.signal });
      for (const r of outcome.results) {
        const line = describe(r, shown);
        if (line) io.err(`shipshape: ${line}\n`);
        if (r.status === 'failed') failed++;
      }
      if (outcome.edits.length === 0) continue;
      const next = applyEdits(f.text, outcome.edits);
      changed++;
      if (values['dry-run']) io.out(createTwoFilesPatch('a/' + shown, 'b/' + shown, f.text, next));
      else writeAtomic(f.file, next);
    }
  } catch (err) {
    if (!isRegistryError(err, 'aborted')) throw err;
    io.err('shipshape: cancelled; files already written stay pinned\n');
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
  }
  if (cache.lastError) io.err(`shipshape: note: the digest cache was not saved (${cache.lastError})\n`);
  if (changed === 0 && failed === 0) io.err('shipshape: every image reference is pinned and current\n');
  return failed ? 1 : 0;
}
