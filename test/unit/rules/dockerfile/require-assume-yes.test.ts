import rule from '../../../../server/src/rules/dockerfile/require-assume-yes';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    { name: 'bundled and long flags, anywhere', code: 'FROM debian:bookworm-slim\nRUN apt-get -fmy install a && apt-get install b --yes && apt-get --assume-yes remove c && apt-get install d -y\n' },
    { name: '-qq implies -y', code: 'FROM debian:bookworm-slim\nRUN DEBIAN_FRONTEND=noninteractive apt-get -qq install curl && apt-get -q -q purge vim && apt-get -q=2 autoremove\n' },
    { name: 'apt option', code: 'FROM debian:bookworm-slim\nRUN apt-get -o APT::Get::Assume-Yes=true install curl\n' },
    { name: 'commands that never prompt', code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get clean && apt-cache policy curl && apk add curl\n' },
    { name: 'yum, dnf, microdnf', code: 'FROM rockylinux:9\nRUN yum -y install a && dnf install --assumeyes b && microdnf -vy install c && dnf --setopt=assumeyes=True upgrade\n' },
    { name: 'zypper: global -n, or -y after the subcommand', code: 'FROM opensuse/leap:15.6\nRUN zypper -n install a && zypper --non-interactive rm b && zypper in -y c && zypper patch --no-confirm\n' },
    { name: 'group subcommands that do not change packages', code: 'FROM rockylinux:9\nRUN dnf group list && dnf module list\n' },
    { name: 'heredoc data', code: 'FROM debian:bookworm-slim\nRUN cat <<EOF > /x.sh\napt-get install curl\nEOF\n' },
  ],
  invalid: [
    {
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get [|install|] curl\n',
      errors: ['missingYes'],
      output: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n',
      fixTitles: ['Add -y'],
    },
    {
      name: 'DEBIAN_FRONTEND does not answer the prompt; -q alone neither',
      code: 'FROM ubuntu:24.04\nRUN DEBIAN_FRONTEND=noninteractive apt-get -q -o Dpkg::Use-Pty=0 [|install|] --no-install-recommends tzdata\n',
      errors: ['missingYes'],
      output: 'FROM ubuntu:24.04\nRUN DEBIAN_FRONTEND=noninteractive apt-get -q -o Dpkg::Use-Pty=0 install -y --no-install-recommends tzdata\n',
    },
    {
      name: 'removals and upgrades, apt, continuation with a comment line',
      code: 'FROM debian:bookworm-slim\nRUN apt-get [|purge|] vim \\\n    # then\n    && apt [|dist-upgrade|] \\\n    && apt-get [|autoremove|]\n',
      errors: ['missingYes', 'missingYes', 'missingYes'],
      output: 'FROM debian:bookworm-slim\nRUN apt-get purge -y vim \\\n    # then\n    && apt dist-upgrade -y \\\n    && apt-get autoremove -y\n',
    },
    {
      name: 'yum, dnf groups and modules, microdnf',
      code: 'FROM rockylinux:9\nRUN yum [|install|] httpd && dnf [|group|] install "Development Tools" && dnf [|module|] enable nodejs:20 && microdnf [|install|] shadow-utils\n',
      errors: ['missingYes', 'missingYes', 'missingYes', 'missingYes'],
      output: 'FROM rockylinux:9\nRUN yum install -y httpd && dnf group install -y "Development Tools" && dnf module enable -y nodejs:20 && microdnf install -y shadow-utils\n',
    },
    {
      name: 'zypper gets -n before the subcommand; -n after it means --name',
      code: 'FROM opensuse/leap:15.6\nRUN zypper [|install|] -n curl && zypper --gpg-auto-import-keys refresh || zypper [|dup|]\n',
      errors: ['missingNonInteractive', 'missingNonInteractive'],
      output: 'FROM opensuse/leap:15.6\nRUN zypper -n install -n curl && zypper --gpg-auto-import-keys refresh || zypper -n dup\n',
    },
    {
      name: 'inside if in a heredoc RUN',
      code: 'FROM debian:bookworm-slim\nRUN <<EOF\nif [ -n "$DEV" ]; then\n  apt-get [|install|] gdb\nfi\nEOF\n',
      errors: ['missingYes'],
      output: 'FROM debian:bookworm-slim\nRUN <<EOF\nif [ -n "$DEV" ]; then\n  apt-get install -y gdb\nfi\nEOF\n',
    },
    {
      name: 'through env and sudo',
      code: 'FROM debian:bookworm-slim\nRUN env DEBIAN_FRONTEND=noninteractive apt-get [|install|] curl && sudo -u root yum [|install|] git\n',
      errors: ['missingYes', 'missingYes'],
      output: 'FROM debian:bookworm-slim\nRUN env DEBIAN_FRONTEND=noninteractive apt-get install -y curl && sudo -u root yum install -y git\n',
    },
    { name: 'exec form: reported, no fix', code: 'FROM debian:bookworm-slim\nRUN [|["apt-get", "install", "curl"]|]\n', errors: ['missingYes'] },
  ],
});
