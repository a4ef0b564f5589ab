import { defineRule } from '../../engine/rule';
import { runScripts } from '../../languages/dockerfile/shell';

/** Commands that make little sense in a build step, and what to do instead. */
const WHY: Record<string, string> = {
  ssh: 'a build step should not open remote sessions; fetch sources with COPY, ADD or git over RUN --mount=type=ssh',
  vim: 'an editor waits for a keyboard a build does not have; edit files with sed or COPY a prepared file',
  shutdown: 'there is no init system to shut down in a build step',
  service: 'a service started in a build step is gone when the step ends; start the process from CMD/ENTRYPOINT',
  ps: 'it lists the processes of a throw-away build container',
  free: 'it reports the build machine\'s memory, not the container\'s at run time',
  top: 'it is interactive and reports on a throw-away build container',
  kill: 'processes of a build step end with the step; killing them by hand hides a daemon that should not have been started',
  mount: 'a build step has no privileges to mount; use RUN --mount for caches, secrets and bind mounts',
  ifconfig: 'the build network is not the network the container gets at run time',
};

export default defineRule({
  id: 'dockerfile/no-container-unfriendly-commands',
  language: 'dockerfile',
  defaultSeverity: 'info',
  description: 'Do not run interactive or host-management commands (ssh, vim, service, ps, top, kill, mount, ifconfig…) in RUN.',
  rationale:
    'A RUN step is a non-interactive, throw-away container: an editor hangs the build, `service x start` starts a daemon ' +
    'that is gone when the step ends, and ps, free or ifconfig describe the build machine rather than where the image will run. ' +
    'Such commands usually mean a Dockerfile is being used like a VM setup script; move run-time work to CMD/ENTRYPOINT.',
  fixable: false,
  sources: [{ tool: 'hadolint', id: 'DL3001' }],
  messages: {
    unfriendly: '`{{command}}` makes little sense in a build step: {{why}}.',
  },
  examples: {
    valid: ['FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends vim procps\n', 'FROM nginx:1.27\nCMD ["nginx", "-g", "daemon off;"]\n'],
    invalid: ['FROM debian:bookworm-slim\nRUN service nginx start\n', 'FROM alpine:3.20\nRUN ps aux | grep java\n'],
  },
  check(ctx) {
    for (const script of runScripts(ctx.model)) {
      for (const cmd of script.commands) {
        const why = Object.hasOwn(WHY, cmd.name) ? WHY[cmd.name] : undefined;
        if (why) ctx.report({ range: cmd.nameWord.range, messageId: 'unfriendly', data: { command: cmd.name, why } });
      }
    }
  },
});
