import rule from '../../../../server/src/rules/dockerfile/prefer-apt-get';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    { name: 'apt-cache, apt-key, apt-mark', code: 'FROM debian:bookworm-slim\nRUN apt-cache policy curl && apt-mark hold curl && apt-config dump\n' },
    { name: 'a package or file named apt', code: 'FROM debian:bookworm-slim\nRUN apt-get install -y apt && ls /etc/apt\n' },
    { name: 'heredoc data', code: 'FROM debian:bookworm-slim\nRUN cat <<EOF > /x.sh\napt install curl\nEOF\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:bookworm-slim\nRUN [|apt|] update && [|apt|] install -y curl\n',
      errors: ['useAptGet', 'useAptGet'],
      output: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n',
      fixTitles: ['Replace apt update with apt-get update'],
    },
    {
      name: 'apt-cache subcommands, full-upgrade, a path, assignment and flags',
      code: 'FROM debian:bookworm-slim\nRUN [|apt|] show curl \\\n    # comment\n    && DEBIAN_FRONTEND=noninteractive [|/usr/bin/apt|] -y full-upgrade\n',
      errors: ['useAptGet', 'useAptGet'],
      output: 'FROM debian:bookworm-slim\nRUN apt-cache show curl \\\n    # comment\n    && DEBIAN_FRONTEND=noninteractive /usr/bin/apt-get -y dist-upgrade\n',
    },
    {
      name: 'apt upgrade also installs new dependencies',
      code: 'FROM debian:bookworm-slim\nRUN [|apt|] upgrade -y\n',
      errors: ['useAptGet'],
      output: 'FROM debian:bookworm-slim\nRUN apt-get upgrade --with-new-pkgs -y\n',
    },
    {
      name: 'through sudo',
      code: 'FROM debian:bookworm-slim\nRUN sudo [|apt|] install -y curl\n',
      errors: ['useAptGet'],
      output: 'FROM debian:bookworm-slim\nRUN sudo apt-get install -y curl\n',
    },
    { name: 'no scripting equivalent: no fix', code: 'FROM debian:bookworm-slim\nRUN [|apt|] list --installed\n', errors: ['noEquivalent'] },
    { name: 'exec form: no fix', code: 'FROM debian:bookworm-slim\nRUN [|["apt", "install", "-y", "curl"]|]\n', errors: ['useAptGet'] },
  ],
});
