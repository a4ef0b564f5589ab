/**
 * Package managers as RUN uses them: looking through `sudo` and `env` to the command they run,
 * the options of apt, apk, yum/dnf/microdnf and zypper that take a value, finding the subcommand
 * after the global options, `pip …` and `python -m pip …`, and BuildKit cache mounts
 * (`RUN --mount=type=cache,target=…`), which keep a package cache out of the layer.
 */
import type { Instruction } from 'dockerfile-ast';
import type { ShellCommand, ShellWord } from './shell';

/** Options of `sudo` and `env` that take the next word as their value. */
const WRAPPER_VALUES: Record<string, string[]> = {
  sudo: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '-R'],
  env: ['-u', '-C', '-S', '--unset', '--chdir', '--split-string'],
};

/**
 * `sudo -E apt-get …` and `env A=b apt-get …` run apt-get: the command they wrap, with `env`'s
 * assignments added to its own. Any other command (or a wrapper with no command) comes back as is.
 */
export function unwrapCommand(cmd: ShellCommand): ShellCommand {
  // Own properties only: a command named `constructor` or `toString` is not a wrapper.
  const withValue = Object.hasOwn(WRAPPER_VALUES, cmd.name) ? WRAPPER_VALUES[cmd.name] : undefined;
  if (!withValue) return cmd;
  const assignments = [...cmd.assignments];
  for (let i = 0; i < cmd.args.length; i++) {
    const v = cmd.args[i].value;
    if (withValue.includes(v)) i++;
    else if (cmd.name === 'env' && /^[A-Za-z_]\w*=/.test(v)) assignments.push(v);
    else if (!v.startsWith('-')) return { ...cmd, name: v.replace(/^.*\//, ''), nameWord: cmd.args[i], args: cmd.args.slice(i + 1), assignments };
  }
  return cmd;
}

/** apt-get and apt options that take the next word as their value. */
export const APT_OPTIONS_WITH_VALUE: readonly string[] = [
  '-o', '-c', '-t', '-a', '-P', '--option', '--config-file', '--target-release', '--default-release', '--host-architecture', '--build-profiles',
];

/** apk's global options that take the next word as their value. */
export const APK_OPTIONS_WITH_VALUE: readonly string[] = [
  '-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir', '--repositories-file', '--timeout', '--cache-max-age',
];

/** `apk add`'s options that take a value: the global ones and `-t`/`--virtual`. */
export const APK_ADD_OPTIONS_WITH_VALUE: readonly string[] = [...APK_OPTIONS_WITH_VALUE, '-t', '--virtual'];

/** yum, dnf and microdnf options that take the next word as their value. */
export const RPM_OPTIONS_WITH_VALUE: readonly string[] = [
  '-c', '--config', '-d', '--debuglevel', '-e', '--errorlevel', '--installroot', '--enablerepo', '--disablerepo', '--repo', '--repoid',
  '-x', '--exclude', '--setopt', '--releasever', '--downloaddir', '--destdir', '--forcearch', '--color', '--rpmverbosity', '--comment',
];

/** zypper's global options (before the subcommand) that take the next word as their value. */
export const ZYPPER_GLOBAL_OPTIONS_WITH_VALUE: readonly string[] = [
  '-c', '--config', '-R', '--root', '--installroot', '--reposd-dir', '-D', '--cache-dir', '-C', '--raw-cache-dir', '--solv-cache-dir',
  '--pkg-cache-dir', '-p', '--plus-repo', '--plus-content',
];

/** zypper options that take a value anywhere in the command: the global ones and those of install/update (`-t`, `-r`, `--from`). */
export const ZYPPER_OPTIONS_WITH_VALUE: readonly string[] = [...ZYPPER_GLOBAL_OPTIONS_WITH_VALUE, '-t', '--type', '-r', '--repo', '--from'];

/**
 * Index in `args` of the subcommand: the first word that is not an option (`-` counts as a word)
 * nor the value of one of `optionsWithValue`, or the word after `--`. -1 when there is none.
 */
export function subcommandIndex(args: readonly ShellWord[], optionsWithValue: readonly string[]): number {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') return i + 1 < args.length ? i + 1 : -1;
    if (!v.startsWith('-') || v === '-') return i;
    if (optionsWithValue.includes(v)) i++;
  }
  return -1;
}

/** The subcommand word (`install` in `apt-get -o X=1 install curl`); see subcommandIndex. */
export function subcommand(args: readonly ShellWord[], optionsWithValue: readonly string[]): ShellWord | undefined {
  const i = subcommandIndex(args, optionsWithValue);
  return i < 0 ? undefined : args[i];
}

const PIP = /^pip(\d+(\.\d+)*)?$/;
const PYTHON = /^python(\d+(\.\d+)*)?$/;

/** The words after `pip` for `pip …` (pip3, pip3.12…) and `python -m pip …`; undefined for other commands. */
export function pipArguments(cmd: ShellCommand): ShellWord[] | undefined {
  if (PIP.test(cmd.name)) return cmd.args;
  if (!PYTHON.test(cmd.name)) return undefined;
  for (let i = 0; i < cmd.args.length; i++) {
    const v = cmd.args[i].value;
    if (v === '-m') return cmd.args[i + 1]?.value === 'pip' ? cmd.args.slice(i + 2) : undefined;
    if (v === '-mpip') return cmd.args.slice(i + 1);
    if (v === '-W' || v === '-X') { i++; continue; }
    if (!v.startsWith('-') || v === '-c') return undefined; // a script or `-c code`
  }
  return undefined;
}

type MountFlag = { getName(): string; getOptions(): { getName(): string; getValue(): string | null }[] };

/** Targets of the instruction's `--mount=type=cache` flags (`target`, `dst` or `destination`; '' when none is given). */
export function cacheMountTargets(instruction: Instruction): string[] {
  const flags = (instruction as unknown as { getFlags?(): MountFlag[] }).getFlags?.() ?? [];
  const targets: string[] = [];
  for (const f of flags) {
    if (f.getName().toLowerCase() !== 'mount') continue;
    const opts = new Map(f.getOptions().map((o) => [o.getName().toLowerCase(), o.getValue() ?? '']));
    if (opts.get('type') === 'cache') targets.push(opts.get('target') ?? opts.get('dst') ?? opts.get('destination') ?? '');
  }
  return targets;
}

/** True when the instruction has a cache mount whose target matches `target` (e.g. /var/cache/apk). */
export function hasCacheMount(instruction: Instruction, target: RegExp): boolean {
  return cacheMountTargets(instruction).some((t) => target.test(t));
}
