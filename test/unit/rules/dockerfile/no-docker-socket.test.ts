import rule from '../../../../server/src/rules/dockerfile/no-docker-socket';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM docker:27-cli\nENV DOCKER_HOST=tcp://docker:2376\n',
    'FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache echo ok\n',
    'FROM alpine:3.20\nVOLUME /data ["/var/lib/app"]\n',
    { name: 'a file that merely mentions the socket', code: 'FROM alpine:3.20\nCOPY docker.sock.md /docs/\n' },
    { name: 'heredoc content is data', code: 'FROM alpine:3.20\nRUN cat <<EOF > /README\nchmod 666 /var/run/docker.sock\nEOF\n' },
    { name: 'COPY heredoc', code: 'FROM alpine:3.20\nCOPY <<EOF /etc/note\n/var/run/docker.sock\nEOF\n' },
    { name: 'echo of the path is not a permission change', code: 'FROM alpine:3.20\nRUN echo /var/run/docker.sock\n' },
  ],
  invalid: [
    { code: 'FROM alpine:3.20\nVOLUME [|/var/run/docker.sock|]\n', errors: ['volume'] },
    { name: 'VOLUME JSON form', code: 'FROM alpine:3.20\nVOLUME ["/data", [|"/var/run/docker.sock"|]]\n', errors: ['volume'] },
    { name: 'VOLUME JSON form, spaced', code: 'FROM alpine:3.20\nVOLUME [ [|"/run/docker.sock"|] ]\n', errors: ['volume'] },
    {
      name: 'RUN --mount bind',
      code: 'FROM docker:27-cli\nRUN [|--mount=type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock|] docker ps\n',
      errors: ['mount'],
    },
    { name: 'RUN --mount with dst alias', code: 'FROM docker:27-cli\nRUN --mount=type=cache,target=/c \\\n  [|--mount=type=bind,src=docker.sock,dst=/run/docker.sock|] \\\n  docker info\n', errors: ['mount'] },
    { name: 'COPY and ADD', code: 'FROM alpine:3.20\nCOPY [|docker.sock|] /var/run/\nADD --chown=1:1 cfg [|/var/run/docker.sock|]\n', errors: ['copy', 'copy'] },
    { name: 'COPY JSON form', code: 'FROM alpine:3.20\nCOPY [[|"docker.sock"|], "/var/run/"]\n', errors: ['copy'] },
    {
      name: 'chmod / chown in RUN, in a chain and a continuation',
      code: 'FROM jenkins/jenkins:lts\nUSER root\nRUN groupadd docker && chmod 666 [|/var/run/docker.sock|] \\\n  && chown root:docker [|"/var/run/docker.sock"|]\n',
      errors: ['permissions', 'permissions'],
    },
    { name: 'heredoc script', code: 'FROM alpine:3.20\nRUN <<EOF\nchgrp docker [|/run/docker.sock|]\nEOF\n', errors: ['permissions'] },
  ],
});
