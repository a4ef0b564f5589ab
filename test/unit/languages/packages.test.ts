/** Package managers in RUN: looking through sudo/env, subcommands after options, pip invocations, cache mounts. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DockerfileModel } from '../../../server/src/languages/dockerfile/model';
import {
  APK_ADD_OPTIONS_WITH_VALUE, APT_OPTIONS_WITH_VALUE, cacheMountTargets, hasCacheMount, pipArguments, subcommand, subcommandIndex, unwrapCommand,
} from '../../../server/src/languages/dockerfile/packages';
import { runScripts } from '../../../server/src/languages/dockerfile/shell';

function run(line: string) {
  const model = new DockerfileModel(`FROM debian:12\n${line}\n`);
  return runScripts(model)[0];
}
const command = (line: string) => run(`RUN ${line}`).commands[0];
const words = (ws: { value: string }[] | undefined) => ws?.map((w) => w.value);

describe('package-manager commands', () => {
  test('sudo and env are looked through; their option values are not taken for the command', () => {
    const sudo = unwrapCommand(command('sudo -u app -E apt-get install -y curl'));
    assert.equal(sudo.name, 'apt-get');
    assert.equal(sudo.nameWord.value, 'apt-get');
    assert.deepEqual(words(sudo.args), ['install', '-y', 'curl']);
    const env = unwrapCommand(command('X=1 env -u HOME PIP_NO_CACHE_DIR=1 /usr/bin/pip install flask'));
    assert.equal(env.name, 'pip');
    assert.deepEqual(env.assignments, ['X=1', 'PIP_NO_CACHE_DIR=1']);
    const plain = command('apt-get update');
    assert.equal(unwrapCommand(plain), plain);
    assert.equal(unwrapCommand(command('sudo -i')).name, 'sudo');
  });
  test('the subcommand comes after options and their values, or after --', () => {
    const sub = (line: string, options: readonly string[]) => subcommand(command(line).args, options)?.value;
    assert.equal(sub('apt-get -o Acquire::Retries=3 -qy install curl', APT_OPTIONS_WITH_VALUE), 'install');
    assert.equal(sub('apt-get -- install curl', APT_OPTIONS_WITH_VALUE), 'install');
    assert.equal(sub('apk -X http://mirror add curl', APK_ADD_OPTIONS_WITH_VALUE), 'add');
    assert.equal(sub('apt-get -y', APT_OPTIONS_WITH_VALUE), undefined);
    assert.equal(subcommandIndex(command('apt-get -q --').args, APT_OPTIONS_WITH_VALUE), -1);
    assert.equal(subcommandIndex(command('apt-get -t bookworm install x').args, APT_OPTIONS_WITH_VALUE), 2);
  });
  test('pip arguments for pip, pipX.Y and python -m pip; none for scripts and other commands', () => {
    assert.deepEqual(words(pipArguments(command('pip3.12 install flask'))), ['install', 'flask']);
    assert.deepEqual(words(pipArguments(command('python3 -W ignore -m pip install flask'))), ['install', 'flask']);
    assert.deepEqual(words(pipArguments(command('python -mpip install flask'))), ['install', 'flask']);
    assert.equal(pipArguments(command('python3 -m venv /venv')), undefined);
    assert.equal(pipArguments(command('python3 setup.py install')), undefined);
    assert.equal(pipArguments(command('pipx install black')), undefined);
  });
  test('cache mounts: targets of type=cache mounts only, by any of their names', () => {
    const script = run('RUN --mount=type=cache,target=/var/cache/apt --mount=type=bind,target=/src --mount=type=cache,dst=/root/.cache/pip true');
    assert.deepEqual(cacheMountTargets(script.instruction), ['/var/cache/apt', '/root/.cache/pip']);
    assert.equal(hasCacheMount(script.instruction, /^\/var\/cache\/apt\/?$/), true);
    assert.equal(hasCacheMount(script.instruction, /^\/src$/), false);
    assert.deepEqual(cacheMountTargets(run('RUN true').instruction), []);
  });
});
