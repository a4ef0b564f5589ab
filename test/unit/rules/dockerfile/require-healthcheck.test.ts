import rule from '../../../../server/src/rules/dockerfile/require-healthcheck';
import { run } from '../../../helpers/ruleTester';

const on = { rules: { 'dockerfile/require-healthcheck': 'warning' } };

run(rule, {
  valid: [
    { name: 'off by default', code: 'FROM nginx:1.27\n' },
    { code: 'FROM nginx:1.27\nHEALTHCHECK CMD curl -fsS http://localhost/ || exit 1\n', settings: on },
    { name: 'HEALTHCHECK NONE is a decision', code: 'FROM alpine:3.20\nHEALTHCHECK NONE\n', settings: on },
    { name: 'Trivy DS026 allowed: the final stage has one', code: 'FROM golang:1.7.3 AS builder\nCMD ["./app"]\nFROM alpine:latest\nHEALTHCHECK CMD /bin/healthcheck\nCMD ["./app"]\n', settings: on },
    { name: 'inherited from the parent stage', code: 'FROM nginx:1.27 AS base\nHEALTHCHECK --interval=30s CMD curl -f http://localhost/\nFROM base\nCOPY site /usr/share/nginx/html\n', settings: on },
  ],
  invalid: [
    { code: '[|FROM nginx:1.27|]\nCOPY site /usr/share/nginx/html\n', errors: ['missing'], settings: on },
    { name: 'Trivy DS026 denied', code: 'FROM busybox AS build\nRUN apt-get -y update\n[|FROM alpine:latest|]\nCMD ["./app"]\n', errors: ['missing'], settings: on },
    { name: 'a build stage\'s HEALTHCHECK does not reach the image', code: 'FROM busybox AS build\nHEALTHCHECK CMD true\n[|FROM alpine:3.20|]\n', errors: ['missing'], settings: on },
    { name: 'heredoc text is not an instruction', code: '[|FROM alpine:3.20|]\nRUN cat <<EOF > /x\nHEALTHCHECK CMD true\nEOF\n', errors: ['missing'], settings: on },
  ],
});
