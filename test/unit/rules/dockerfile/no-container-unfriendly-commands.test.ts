import rule from '../../../../server/src/rules/dockerfile/no-container-unfriendly-commands';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    { name: 'installing the tools is fine', code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends vim procps openssh-client\n' },
    { name: 'run-time instructions are not build steps', code: 'FROM nginx:1.27\nCMD ["nginx", "-g", "daemon off;"]\nHEALTHCHECK CMD ps aux\n' },
    { name: 'names inside words or quotes', code: 'FROM alpine:3.20\nRUN echo "kill ps top" && ssh-keyscan github.com >> /etc/ssh/ssh_known_hosts && topgrade --version\n' },
    { name: 'heredoc data', code: 'FROM alpine:3.20\nRUN cat <<EOF > /usr/local/bin/stop\nkill 1\nEOF\n' },
    { name: 'constructor-like object keys', code: 'FROM alpine:3.20\nRUN toString && constructor\n' },
  ],
  invalid: [
    { code: 'FROM debian:bookworm-slim\nRUN [|service|] nginx start\n', errors: ['unfriendly'] },
    { name: 'in a pipe', code: 'FROM alpine:3.20\nRUN [|ps|] aux | grep java\n', errors: ['unfriendly'] },
    {
      name: 'every listed command, full paths, chains and continuations',
      code: 'FROM debian:bookworm-slim\nRUN [|/usr/bin/ssh|] host true; [|vim|] -c wq f && [|shutdown|] -h now \\\n  && [|free|] -m && [|top|] -b -n1 && [|kill|] -9 1 \\\n  && [|mount|] -t tmpfs x /mnt || [|/sbin/ifconfig|] eth0\n',
      errors: ['unfriendly', 'unfriendly', 'unfriendly', 'unfriendly', 'unfriendly', 'unfriendly', 'unfriendly', 'unfriendly'],
    },
    { name: 'heredoc script', code: 'FROM debian:bookworm-slim\nRUN <<EOF\nset -e\n[|service|] postgresql start\nEOF\n', errors: ['unfriendly'] },
    { name: 'exec form', code: 'FROM debian:bookworm-slim\nRUN [|["service", "ssh", "start"]|]\n', errors: ['unfriendly'] },
    { name: 'severity is info', code: 'FROM alpine:3.20\nRUN [|top|] -b\n', errors: ['unfriendly'], severity: 'info' },
  ],
});
