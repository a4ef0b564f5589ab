import rule from '../../../../server/src/rules/dockerfile/no-shell-symlink';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-c"]\nRUN echo $BASH_VERSION\n',
    { name: 'a link to /bin/sh elsewhere', code: 'FROM alpine:3.20\nRUN ln -s /bin/sh /usr/local/bin/sh\n' },
    { name: 'other links', code: 'FROM alpine:3.20\nRUN ln -sf /usr/bin/python3 /usr/bin/python && ln -sf /dev/stdout /var/log/app.log\n' },
    { name: 'heredoc data', code: 'FROM alpine:3.20\nRUN cat <<EOF > /fix.sh\nln -sf /bin/bash /bin/sh\nEOF\n' },
    { name: '-t: the last word is a source', code: 'FROM alpine:3.20\nRUN ln -s -t /opt/bin /bin/sh\n' },
  ],
  invalid: [
    { code: 'FROM debian:bookworm-slim\nRUN ln -sf /bin/bash [|/bin/sh|]\n', errors: ['symlink'] },
    { name: 'rm first, long options, continuation', code: 'FROM ubuntu:24.04\nRUN rm /bin/sh && \\\n    ln --symbolic --force bash [|/usr/bin/sh|]\n', errors: ['symlink'] },
    { name: 'quoted, heredoc script', code: 'FROM debian:bookworm-slim\nRUN <<EOF\nln -s -f /bin/bash [|"/bin/sh"|]\nEOF\n', errors: ['symlink'] },
    { name: 'hard link, build stage', code: 'FROM debian:bookworm-slim AS build\nRUN ln -f /bin/dash [|/bin/sh|]\n', errors: ['symlink'] },
  ],
});
