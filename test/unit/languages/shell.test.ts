/** The RUN shell model: real parsing, ranges that point into the Dockerfile, Dockerfile quirks. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DockerfileModel } from '../../../server/src/languages/dockerfile/model';
import { hasFlag, positionals, runScripts } from '../../../server/src/languages/dockerfile/shell';

function scripts(text: string) {
  const model = new DockerfileModel(text);
  return { model, runs: runScripts(model) };
}

describe('RUN shell model', () => {
  test('&& chains, continuations and ranges', () => {
    const { model, runs } = scripts('FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl \\\n      git\n');
    const cmds = runs[0].commands;
    assert.deepEqual(cmds.map((c) => c.name), ['apt-get', 'apt-get']);
    assert.deepEqual(cmds[1].args.map((a) => a.value), ['install', '-y', 'curl', 'git']);
    const git = cmds[1].args[3];
    assert.deepEqual(git.range, { start: { line: 3, character: 6 }, end: { line: 3, character: 9 } });
    assert.equal(model.lines.lineText(git.range.start.line).slice(git.range.start.character, git.range.end.character), 'git');
  });
  test('comment lines inside a continued RUN do not break the chain', () => {
    const { runs } = scripts('FROM debian:12\nRUN apt-get update \\\n  # install tools\n  && apt-get install -y curl\n');
    assert.deepEqual(runs[0].commands.map((c) => c.args[0]?.value), ['update', 'install']);
    assert.deepEqual(runs[0].errors, []);
  });
  test('quotes are removed from values, operators inside quotes are text', () => {
    const { runs } = scripts('FROM alpine:3.20\nRUN echo "a && b" \'c|d\'\n');
    assert.equal(runs[0].commands.length, 1);
    assert.deepEqual(runs[0].commands[0].args.map((a) => a.value), ['a && b', 'c|d']);
    assert.equal(runs[0].hasPipe, false);
  });
  test('pipes, pipefail, background and paths', () => {
    const { runs } = scripts('FROM alpine:3.20\nSHELL ["/bin/ash", "-c"]\nRUN set -euo pipefail; wget -qO- https://x | /bin/sh\nRUN nginx &\n');
    assert.equal(runs[0].hasPipe, true);
    assert.equal(runs[0].setsPipefail, true);
    assert.deepEqual(runs[0].commands.map((c) => [c.name, c.inPipeline]), [['set', false], ['wget', true], ['sh', true]]);
    assert.equal(runs[1].commands[0].background, true);
  });
  test('heredocs: a lone heredoc is the script; a heredoc fed to a command is data', () => {
    const { runs } = scripts('FROM alpine:3.20\nRUN <<EOF\nset -e\napk add git\nEOF\nRUN cat <<EOT > /etc/motd\nFROM node\napt-get install x\nEOT\n');
    assert.deepEqual(runs[0].commands.map((c) => c.name), ['set', 'apk']);
    assert.deepEqual(runs[0].commands[1].args[1].range.start, { line: 3, character: 8 });
    assert.deepEqual(runs[1].commands.map((c) => c.name), ['cat']);
  });
  test('exec form and escape directive', () => {
    const { runs } = scripts('FROM alpine:3.20\nRUN ["apk", "add", "--no-cache", "git"]\n');
    assert.equal(runs[0].execForm, true);
    assert.deepEqual(runs[0].commands[0].args.map((a) => a.value), ['add', '--no-cache', 'git']);
    const win = scripts('# escape=`\nFROM alpine:3.20\nRUN apk add `\n  git\n');
    assert.deepEqual(win.runs[0].commands[0].args.map((a) => a.value), ['add', 'git']);
  });
  test('flags and positionals', () => {
    const { runs } = scripts('FROM alpine:3.20\nRUN apt-get -qy --no-install-recommends -o Dpkg::Options::=x install curl\n');
    const args = runs[0].commands[0].args;
    assert.ok(hasFlag(args, ['y'], ['yes']));
    assert.ok(hasFlag(args, [], ['no-install-recommends']));
    assert.ok(!hasFlag(args, ['f']));
    assert.deepEqual(positionals(args, ['-o']).map((a) => a.value), ['install', 'curl']);
  });
  test('broken shell does not throw', () => {
    const { runs } = scripts('FROM alpine:3.20\nRUN echo "unterminated\nRUN if then fi (\n');
    assert.ok(runs.length === 2);
  });
});

describe('RUN shell model: Docker line joining', () => {
  test('several comment and empty lines inside a continuation', () => {
    const { runs } = scripts('FROM debian:12\nRUN apt-get update \\\n  # one\n\n  # two\n  && apt-get install -y curl\n');
    assert.deepEqual(runs[0].commands.map((c) => c.args[0]?.value), ['update', 'install']);
  });
  test('CRLF continuations', () => {
    const { runs } = scripts('FROM debian:12\r\nRUN apt-get update \\\r\n  && apt-get install -y curl\r\n');
    assert.deepEqual(runs[0].commands.map((c) => c.args.map((a) => a.value)), [['update'], ['install', '-y', 'curl']]);
  });
  test('a trailing comment on a continued line swallows the rest, as in Docker', () => {
    const { runs } = scripts('FROM debian:12\nRUN echo a # note \\\n  && echo b\n');
    assert.deepEqual(runs[0].commands.map((c) => c.name), ['echo']);
  });
});
