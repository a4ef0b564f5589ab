import rule from '../../../../server/src/rules/dockerfile/apt-no-install-recommends';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    { name: 'flag before the subcommand', code: 'FROM debian:bookworm-slim\nRUN apt-get --no-install-recommends -y install curl\n' },
    { name: 'flag after the packages', code: 'FROM debian:bookworm-slim\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata --no-install-recommends\n' },
    { name: 'apt option', code: 'FROM debian:bookworm-slim\nRUN apt-get install -y -o APT::Install-Recommends=false curl\n' },
    { name: 'recommends turned off in apt.conf.d earlier in the stage', code: 'FROM debian:bookworm-slim\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99norecommends\nRUN apt-get update && apt-get install -y curl\n' },
    { name: 'turned off in the stage it builds on', code: 'FROM debian:bookworm-slim AS base\nRUN printf \'APT::Install-Recommends "false";\\n\' > /etc/apt/apt.conf.d/99norecommends\nFROM base\nRUN apt-get install -y curl\n' },
    { name: 'other subcommands', code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get remove -y curl && apt-cache show curl\n' },
    { name: 'heredoc data is not a command', code: 'FROM debian:bookworm-slim\nRUN cat <<EOF > /usr/local/bin/setup\napt-get install curl\nEOF\n' },
    { name: 'a package called install', code: 'FROM debian:bookworm-slim\nRUN apt-get -y --no-install-recommends install install\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get [|install|] -y curl\n',
      errors: ['missing'],
      output: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n',
      fixTitles: ['Add --no-install-recommends'],
    },
    {
      name: 'flags before the subcommand, assignment, -qq',
      code: 'FROM ubuntu:24.04\nRUN DEBIAN_FRONTEND=noninteractive apt-get -qq -o Dpkg::Use-Pty=0 [|install|] curl\n',
      errors: ['missing'],
      output: 'FROM ubuntu:24.04\nRUN DEBIAN_FRONTEND=noninteractive apt-get -qq -o Dpkg::Use-Pty=0 install --no-install-recommends curl\n',
    },
    {
      name: 'continuation lines with a comment line, two installs',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update \\\n    # tools\n    && apt-get [|install|] -y curl \\\n    && /usr/bin/apt-get [|install|] -y git\n',
      errors: ['missing', 'missing'],
      output: 'FROM debian:bookworm-slim\nRUN apt-get update \\\n    # tools\n    && apt-get install --no-install-recommends -y curl \\\n    && /usr/bin/apt-get install --no-install-recommends -y git\n',
    },
    {
      name: 'inside if and for bodies, after ; and ||',
      code: 'FROM debian:bookworm-slim\nRUN if [ -n "$DEV" ]; then apt-get [|install|] -y gdb; fi; for p in a b; do apt-get [|install|] -y "$p" || true; done\n',
      errors: ['missing', 'missing'],
      output: 'FROM debian:bookworm-slim\nRUN if [ -n "$DEV" ]; then apt-get install --no-install-recommends -y gdb; fi; for p in a b; do apt-get install --no-install-recommends -y "$p" || true; done\n',
    },
    {
      name: 'apt as well as apt-get',
      code: 'FROM debian:bookworm-slim\nRUN apt [|install|] -y curl\n',
      errors: ['missing'],
      output: 'FROM debian:bookworm-slim\nRUN apt install --no-install-recommends -y curl\n',
    },
    {
      name: 'heredoc RUN',
      code: 'FROM debian:bookworm-slim\nRUN <<EOF\nset -e\napt-get update\napt-get [|install|] -y curl\nEOF\n',
      errors: ['missing'],
      output: 'FROM debian:bookworm-slim\nRUN <<EOF\nset -e\napt-get update\napt-get install --no-install-recommends -y curl\nEOF\n',
    },
    {
      name: 'cache mount flag',
      code: 'FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get [|install|] -y curl\n',
      errors: ['missing'],
      output: 'FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install --no-install-recommends -y curl\n',
    },
    {
      name: 'the config line in a later RUN does not count',
      code: 'FROM debian:bookworm-slim\nRUN apt-get [|install|] -y curl\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99norecommends\n',
      errors: ['missing'],
      output: 'FROM debian:bookworm-slim\nRUN apt-get install --no-install-recommends -y curl\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99norecommends\n',
    },
    {
      name: 'CRLF',
      code: 'FROM debian:bookworm-slim\r\nRUN apt-get [|install|] -y curl \\\r\n    git\r\n',
      errors: ['missing'],
      output: 'FROM debian:bookworm-slim\r\nRUN apt-get install --no-install-recommends -y curl \\\r\n    git\r\n',
    },
    { name: 'exec form: reported, no fix', code: 'FROM debian:bookworm-slim\nRUN [|["apt-get", "install", "-y", "curl"]|]\n', errors: ['missing'] },
    {
      name: 'through sudo and env',
      code: 'FROM debian:bookworm-slim\nRUN sudo -E apt-get [|install|] -y curl && env DEBIAN_FRONTEND=noninteractive apt-get [|install|] -y git\n',
      errors: ['missing', 'missing'],
      output: 'FROM debian:bookworm-slim\nRUN sudo -E apt-get install --no-install-recommends -y curl && env DEBIAN_FRONTEND=noninteractive apt-get install --no-install-recommends -y git\n',
    },
  ],
});
