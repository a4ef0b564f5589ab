/**
 * `apt` in RUN instead of `apt-get`/`apt-cache` (hadolint DL3027). The fix replaces the command word
 * when the subcommand has an exact scripting equivalent (`apt upgrade` becomes
 * `apt-get upgrade --with-new-pkgs`, which is what `apt upgrade` does).
 */
import { defineRule, type FixSpec } from '../../engine/rule';
import { insertAfterWord, replaceWord } from '../../languages/dockerfile/edits';
import { APT_OPTIONS_WITH_VALUE, subcommand, unwrapCommand } from '../../languages/dockerfile/packages';
import { runScripts } from '../../languages/dockerfile/shell';

/** apt subcommand -> [tool, subcommand] of the stable interface. */
const EQUIVALENT: Record<string, [string, string]> = {
  install: ['apt-get', 'install'], reinstall: ['apt-get', 'reinstall'], remove: ['apt-get', 'remove'], purge: ['apt-get', 'purge'],
  autoremove: ['apt-get', 'autoremove'], autopurge: ['apt-get', 'autopurge'], update: ['apt-get', 'update'], upgrade: ['apt-get', 'upgrade'],
  'dist-upgrade': ['apt-get', 'dist-upgrade'], 'full-upgrade': ['apt-get', 'dist-upgrade'], 'build-dep': ['apt-get', 'build-dep'],
  source: ['apt-get', 'source'], download: ['apt-get', 'download'], changelog: ['apt-get', 'changelog'], clean: ['apt-get', 'clean'],
  autoclean: ['apt-get', 'autoclean'], satisfy: ['apt-get', 'satisfy'],
  search: ['apt-cache', 'search'], show: ['apt-cache', 'show'], showsrc: ['apt-cache', 'showsrc'], policy: ['apt-cache', 'policy'],
  depends: ['apt-cache', 'depends'], rdepends: ['apt-cache', 'rdepends'], madison: ['apt-cache', 'madison'],
};

export default defineRule({
  id: 'dockerfile/prefer-apt-get',
  language: 'dockerfile',
  defaultSeverity: 'warning',
  description: 'Use apt-get or apt-cache in scripts instead of apt.',
  rationale:
    '`apt` is the interactive front end: its output and defaults may change between releases, and it warns that it "does not have a ' +
    'stable CLI interface" every time it runs in a script. apt-get and apt-cache do the same work with a stable interface, so the ' +
    'build keeps behaving the same when the base image moves to a newer release.',
  fixable: true,
  sources: [{ tool: 'hadolint', id: 'DL3027' }],
  messages: {
    useAptGet: 'apt is meant for interactive use and has no stable script interface. Use {{replacement}} instead.',
    noEquivalent: 'apt is meant for interactive use and has no stable script interface. Use apt-get, apt-cache or dpkg instead.',
  },
  examples: {
    valid: ['FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n', 'FROM debian:bookworm-slim\nRUN apt-cache policy curl\n'],
    invalid: ['FROM debian:bookworm-slim\nRUN apt update && apt install -y --no-install-recommends curl\n'],
  },
  check(ctx) {
    for (const script of runScripts(ctx.model)) {
      for (const cmd of script.commands.map(unwrapCommand)) {
        if (cmd.name !== 'apt') continue;
        const sub = subcommand(cmd.args, APT_OPTIONS_WITH_VALUE);
        const eq = sub ? EQUIVALENT[sub.value] : undefined;
        if (!eq) {
          ctx.report({ range: cmd.nameWord.range, messageId: 'noEquivalent' });
          continue;
        }
        const [tool, verb] = eq;
        const replacement = `${tool} ${verb}`;
        let fix: FixSpec | undefined;
        // Keep a path prefix (`/usr/bin/apt`); leave quoted or computed command words alone.
        const text = cmd.nameWord.text;
        if (!script.execForm && /^([\w./-]*\/)?apt$/.test(text)) {
          const edits = [replaceWord(cmd.nameWord, text.slice(0, -3) + tool)];
          if (verb !== sub!.value) edits.push(replaceWord(sub!, verb));
          if (sub!.value === 'upgrade') edits.push(insertAfterWord(sub!, '--with-new-pkgs'));
          fix = { title: `Replace apt ${sub!.value} with ${replacement}`, edits };
        }
        ctx.report({ range: cmd.nameWord.range, messageId: 'useAptGet', data: { replacement }, fix });
      }
    }
  },
});
