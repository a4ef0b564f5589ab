import rule from '../../../../server/src/rules/dockerfile/no-cd-in-run';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM node:22-slim\nWORKDIR /app\nRUN npm ci\n',
    { name: 'subshell scopes the cd on purpose', code: 'FROM debian:bookworm-slim\nRUN (cd /tmp/src && make) && rm -rf /tmp/src\n' },
    { name: 'subshell after a continuation', code: 'FROM debian:bookworm-slim\nRUN make && \\\n  ( cd docs && make html )\n' },
    { name: 'command substitution', code: 'FROM debian:bookworm-slim\nRUN echo "$(cd /tmp && pwd)" > /where\n' },
    { name: 'Trivy DS013 good: cd in CMD is not a RUN', code: 'FROM nginx:2.2\nWORKDIR /usr/share/nginx/html\nUSER mike\nCMD cd /usr/share/nginx/html && sed -e s/Docker/\\"$AUTHOR\\"/ Hello_docker.html > index.html ; nginx -g \'daemon off;\'\n' },
    { name: 'heredoc data', code: 'FROM alpine:3.20\nRUN cat <<EOF > /run.sh\ncd /app && ./start\nEOF\n' },
    { name: 'words that start with cd', code: 'FROM alpine:3.20\nRUN cdrecord --version; echo cd /x\n' },
    { name: 'exec form runs no shell', code: 'FROM alpine:3.20\nRUN ["cd", "/x"]\n' },
  ],
  invalid: [
    { code: 'FROM node:22-slim\nRUN [|cd /app|] && npm ci\n', errors: ['useWorkdir'] },
    { name: 'Trivy DS013 bad: cd alone', code: 'FROM nginx:2.2\nRUN [|cd /usr/share/nginx/html|]\nUSER mike\n', errors: ['noEffect'] },
    { name: 'Trivy chaining case: cd last', code: 'FROM nginx\nRUN apt-get install vim && [|cd /usr/share/nginx/html|]\n', errors: ['noEffect'] },
    { name: 'one finding per RUN', code: 'FROM debian:bookworm-slim\nRUN [|cd /tmp|] && curl -fsSLO https://x/y.tgz && cd / && rm -rf /tmp/*\nRUN [|cd -|]\n', errors: ['useWorkdir', 'noEffect'] },
    { name: 'semicolons, continuation, comment', code: 'FROM debian:bookworm-slim\nRUN set -e; \\\n  # go to the sources\n  [|cd /src|]; \\\n  make install\n', errors: ['useWorkdir'] },
    { name: 'in a loop', code: 'FROM debian:bookworm-slim\nRUN for d in a b; do [|cd "$d"|] && make; done\n', errors: ['useWorkdir'] },
    { name: 'heredoc script', code: 'FROM debian:bookworm-slim\nRUN <<EOF\n[|cd /src|]\nmake\nEOF\n', errors: ['useWorkdir'] },
    { name: 'plain cd goes home', code: 'FROM debian:bookworm-slim\nRUN [|cd|] && ls\n', errors: ['useWorkdir'] },
  ],
});
