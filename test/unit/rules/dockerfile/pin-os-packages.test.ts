import rule from '../../../../server/src/rules/dockerfile/pin-os-packages';
import { run } from '../../../helpers/ruleTester';

const on = { rules: { 'dockerfile/pin-os-packages': 'warning' } };

run(rule, {
  valid: [
    { name: 'off by default', code: 'FROM debian:bookworm-slim\nRUN apt-get install -y curl\n' },
    { code: 'FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 ./local.deb foo/bookworm-backports\n', settings: on },
    { name: 'option values are not packages', code: 'FROM debian:bookworm-slim\nRUN apt-get -o Dpkg::Options::=--force-confold -t bookworm-backports install -y git=1:2.39.5-0+deb12u1\n', settings: on },
    { name: 'apk pins, virtual package name', code: 'FROM alpine:3.20\nRUN apk add --no-cache -t .build-deps gcc=13.2.1_git20240309-r0 "musl-dev>1.2" curl~8.9 ./x.apk\n', settings: on },
    { name: 'rpm versions, groups, modules and files', code: 'FROM rockylinux:9\nRUN dnf install -y httpd-2.4.57 @development https://example.com/x.rpm && dnf module install -y nodejs:20 && yum groupinstall -y "Development Tools"\n', settings: on },
    { name: 'zypper', code: 'FROM opensuse/leap:15.6\nRUN zypper -n install -t pattern devel_basis && zypper -n in "curl>=8" vim=9.1\n', settings: on },
    { name: 'variables and globs', code: 'FROM debian:bookworm-slim\nRUN apt-get install -y $PACKAGES "libfoo${V}" \'php8.2-*\'\n', settings: on },
    { name: 'heredoc data', code: 'FROM debian:bookworm-slim\nRUN cat <<EOF > /x.sh\napt-get install -y curl\nEOF\n', settings: on },
  ],
  invalid: [
    {
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends [|curl|] ca-certificates=20230311 [|git|]\n',
      errors: ['unpinned', 'unpinned'],
      settings: on,
      severity: 'warning',
    },
    {
      name: 'apk, dnf, microdnf, yum, zypper, apt; continuation with a comment line',
      code: 'FROM rockylinux:9\nRUN apk add --no-cache [|curl|] \\\n    # then\n    && dnf install -y [|python3-pip|] && microdnf install [|shadow-utils|] && yum -y install [|vim-enhanced|] \\\n    && zypper -n in [|tar|] && apt install -y [|"jq"|]\n',
      errors: ['unpinned', 'unpinned', 'unpinned', 'unpinned', 'unpinned', 'unpinned'],
      settings: on,
      severity: 'warning',
    },
    { name: 'exec form', code: 'FROM debian:bookworm-slim\nRUN [|["apt-get", "install", "-y", "curl"]|]\n', errors: ['unpinned'], settings: { rules: { 'dockerfile/pin-os-packages': 'info' } }, severity: 'info' },
  ],
});
