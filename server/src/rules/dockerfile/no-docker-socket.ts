import type { Instruction } from 'dockerfile-ast';
import { defineRule } from '../../engine/rule';
import type { Range } from '../../engine/types';
import type { DockerfileModel } from '../../languages/dockerfile/model';
import { runScripts } from '../../languages/dockerfile/shell';

/** `/var/run/docker.sock`, `/run/docker.sock`, `docker.sock`, quoted or not. */
const SOCKET = /(^|\/)docker\.sock$/;
const unquote = (s: string) => s.replace(/^(["'])(.*)\1$/, '$2');
const isSocket = (s: string) => SOCKET.test(unquote(s.trim()));

interface FlagLike {
  getName(): string;
  getRange(): Range;
  getOptions(): { getName(): string; getValue(): string | null }[];
}

/** The words of COPY/ADD/VOLUME, in shell or JSON form, with their ranges. */
function words(model: DockerfileModel, instr: Instruction): { value: string; range: Range }[] {
  const json = (instr as unknown as { getJSONStrings?(): { getJSONValue(): string; getRange(): Range }[] }).getJSONStrings?.() ?? [];
  const raw = (instr.getRawArgumentsContent() ?? '').trim();
  if (json.length && raw.startsWith('[')) {
    // Read the string from the document: dockerfile-ast's value drops the spaces inside it.
    const text = (r: Range) => model.text.slice(model.lines.offsetAt(r.start), model.lines.offsetAt(r.end));
    return json.map((s) => {
      let value = s.getJSONValue();
      try {
        value = String(JSON.parse(text(s.getRange())));
      } catch {
        // keep dockerfile-ast's value
      }
      return { value, range: s.getRange() };
    });
  }
  if (raw.startsWith('[')) {
    // VOLUME ["/a", "/b"] has no JSON accessor in dockerfile-ast: its arguments are `["/a",` and `"/b"]`.
    return instr.getArguments().map((a) => ({ value: a.getValue().replace(/^\[|[\],]+$/g, ''), range: a.getRange() }));
  }
  return instr.getArguments().map((a) => ({ value: a.getValue(), range: a.getRange() }));
}

export default defineRule({
  id: 'dockerfile/no-docker-socket',
  language: 'dockerfile',
  defaultSeverity: 'error',
  description: 'Do not mount, copy or declare the Docker socket in a Dockerfile.',
  rationale:
    'Whoever can talk to /var/run/docker.sock can start a privileged container with the host\'s filesystem mounted: it is ' +
    'root on the host, without any exploit. An image that expects the socket invites every deployment to hand that power to ' +
    'the app. Build images with BuildKit (or kaniko/buildah in CI) and talk to remote daemons over TLS instead.',
  fixable: false,
  sources: [],
  messages: {
    mount: 'This RUN mounts the Docker socket ({{path}}): the step can control the Docker daemon, which is root on the host. Remove the mount.',
    copy: '{{keyword}} of the Docker socket ({{path}}): an image that carries or expects the socket hands root on the host to the container. Remove it.',
    volume: 'VOLUME {{path}} declares the Docker socket as a mount point, inviting every run to mount it: that gives the container root on the host. Remove it.',
    permissions: '{{command}} on the Docker socket ({{path}}) opens the daemon, and with it root on the host, to more users of the container. Remove it.',
  },
  examples: {
    valid: ['FROM docker:27-cli\nENV DOCKER_HOST=tcp://docker:2376\n', 'FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache echo ok\n'],
    invalid: [
      'FROM alpine:3.20\nVOLUME /var/run/docker.sock\n',
      'FROM docker:27-cli\nRUN --mount=type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock docker ps\n',
      'FROM jenkins/jenkins:lts\nUSER root\nRUN chmod 666 /var/run/docker.sock\n',
    ],
  },
  check(ctx) {
    for (const instr of ctx.model.ast.getInstructions()) {
      const keyword = instr.getKeyword();
      if (keyword === 'RUN') {
        const flags = (instr as unknown as { getFlags(): FlagLike[] }).getFlags();
        for (const flag of flags) {
          if (flag.getName().toLowerCase() !== 'mount') continue;
          const hit = flag.getOptions().find((o) => ['source', 'src', 'target', 'dst', 'destination'].includes(o.getName().toLowerCase()) && isSocket(o.getValue() ?? ''));
          if (hit) ctx.report({ range: flag.getRange(), messageId: 'mount', data: { path: unquote(hit.getValue() ?? '') } });
        }
      } else if (keyword === 'COPY' || keyword === 'ADD') {
        const raw = instr.getRawArgumentsContent() ?? '';
        if (raw.includes('<<')) continue; // heredoc sources are inline file contents
        for (const w of words(ctx.model, instr)) {
          if (!w.value.startsWith('--') && isSocket(w.value)) ctx.report({ range: w.range, messageId: 'copy', data: { keyword, path: unquote(w.value) } });
        }
      } else if (keyword === 'VOLUME') {
        for (const w of words(ctx.model, instr)) if (isSocket(w.value)) ctx.report({ range: w.range, messageId: 'volume', data: { path: unquote(w.value) } });
      }
    }
    for (const script of runScripts(ctx.model)) {
      for (const cmd of script.commands) {
        if (!['chmod', 'chown', 'chgrp', 'setfacl'].includes(cmd.name)) continue;
        for (const a of cmd.args) {
          if (isSocket(a.value)) ctx.report({ range: a.range, messageId: 'permissions', data: { command: cmd.name, path: a.value } });
        }
      }
    }
  },
});
