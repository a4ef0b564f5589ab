import rule from '../../../../server/src/rules/dockerfile/no-system-upgrade';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    { name: 'upgrading named packages', code: 'FROM debian:bookworm-slim\nRUN apt-get install -y --only-upgrade openssl && apt-get upgrade -y openssl\n' },
    { name: 'named packages for apk, dnf, yum, zypper', code: 'FROM rockylinux:9\nRUN apk upgrade openssl; dnf -y upgrade openssl; yum update -y bash; zypper up -y curl\n' },
    { name: 'apk add --upgrade', code: 'FROM alpine:3.20\nRUN apk add --no-cache --upgrade openssl\n' },
    { name: 'heredoc data', code: 'FROM debian:bookworm-slim\nRUN cat <<EOF > /x.sh\napt-get upgrade\nEOF\n' },
  ],
  invalid: [
    { code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get -y [|dist-upgrade|]\n', errors: ['upgrade'] },
    {
      name: 'apt-get and apt, flags and continuation lines',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update \\\n    # everything\n    && apt-get -qq -o Dpkg::Options::=--force-confold [|upgrade|] \\\n    && apt [|full-upgrade|] -y\n',
      errors: ['upgrade', 'upgrade'],
    },
    {
      name: 'apk, dnf, yum, microdnf, zypper',
      code: 'FROM rockylinux:9\nRUN apk -U [|upgrade|] && dnf -y [|upgrade|] --refresh && yum [|update|] -y && microdnf [|distro-sync|] && zypper -n [|dup|] && zypper [|up|]\n',
      errors: ['upgrade', 'upgrade', 'upgrade', 'upgrade', 'upgrade', 'upgrade'],
    },
    { name: 'exec form', code: 'FROM debian:bookworm-slim\nRUN [|["apt-get", "upgrade", "-y"]|]\n', errors: ['upgrade'] },
  ],
});
