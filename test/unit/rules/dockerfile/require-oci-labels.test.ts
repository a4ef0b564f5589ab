import rule from '../../../../server/src/rules/dockerfile/require-oci-labels';
import { run } from '../../../helpers/ruleTester';

const on = { rules: { 'dockerfile/require-oci-labels': 'warning' } };
const ALL = 'LABEL org.opencontainers.image.source=https://github.com/acme/app org.opencontainers.image.version=1.2.3 org.opencontainers.image.revision=abc\n';

run(rule, {
  valid: [
    { name: 'off by default', code: 'FROM alpine:3.20\n' },
    {
      code: 'FROM alpine:3.20\nARG VERSION REVISION\nLABEL org.opencontainers.image.source="https://github.com/acme/app" \\\n      org.opencontainers.image.version=$VERSION \\\n      org.opencontainers.image.revision=$REVISION\n',
      settings: on,
    },
    { name: 'quoted keys, separate LABELs', code: 'FROM alpine:3.20\nLABEL "org.opencontainers.image.source"="https://x"\nLABEL org.opencontainers.image.version=1\nLABEL org.opencontainers.image.revision=abc\n', settings: on },
    { name: 'inherited from the parent stage', code: `FROM alpine:3.20 AS base\n${ALL}FROM base\nCMD ["/app"]\n`, settings: on },
  ],
  invalid: [
    {
      code: '[|FROM alpine:3.20|]\nLABEL maintainer="team@example.com"\n',
      errors: ['missing'],
      settings: on,
    },
    { name: 'labels of a build stage do not reach the image', code: `FROM golang:1.23 AS build\n${ALL}[|FROM scratch|]\nLABEL org.opencontainers.image.source=https://x\n`, errors: ['missing'], settings: on },
    { name: 'a label in heredoc text does not count', code: '[|FROM alpine:3.20|]\nRUN cat <<EOF > /x\nLABEL org.opencontainers.image.source=x\nEOF\n', errors: ['missing'], settings: on },
  ],
});
