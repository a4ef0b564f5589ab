import rule from '../../../../server/src/rules/dockerfile/no-maintainer';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    { name: 'trivy good case', code: 'FROM busybox:1.33.1\nUSER mike' },
    'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="team@example.com"\n',
    { name: 'heredoc content', code: 'FROM alpine:3.20\nCOPY <<EOF /Dockerfile.old\nMAINTAINER me\nEOF\n' },
    { name: 'comment', code: '# MAINTAINER me\nFROM alpine:3.20\n' },
  ],
  invalid: [
    {
      name: 'trivy bad case',
      code: 'FROM busybox:1.33.1\nUSER mike\n[|MAINTAINER|] Lukas Martinelli <me@lukasmartinelli.ch>',
      errors: ['deprecated'],
      fixTitles: ['Replace with LABEL org.opencontainers.image.authors'],
      output: 'FROM busybox:1.33.1\nUSER mike\nLABEL org.opencontainers.image.authors="Lukas Martinelli <me@lukasmartinelli.ch>"',
    },
    {
      name: 'dollars stay literal',
      code: 'FROM alpine:3.20\n[|MAINTAINER|] $Team <t@example.com>\n',
      errors: ['deprecated'],
      output: 'FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\'$Team <t@example.com>\'\n',
    },
    { name: 'double quotes in the value: reported, rewritten by hand', code: 'FROM alpine:3.20\n[|MAINTAINER|] "The Team" <t@example.com>\n', errors: ['deprecated'] },
    {
      name: 'lower-case file stays lower case',
      code: 'from alpine:3.20\n[|maintainer|] admin@example.com\nrun true\n',
      errors: ['deprecated'],
      output: 'from alpine:3.20\nlabel org.opencontainers.image.authors="admin@example.com"\nrun true\n',
    },
    {
      name: 'CRLF',
      code: 'FROM alpine:3.20\r\n[|MAINTAINER|] admin@example.com\r\nRUN true\r\n',
      errors: ['deprecated'],
      output: 'FROM alpine:3.20\r\nLABEL org.opencontainers.image.authors="admin@example.com"\r\nRUN true\r\n',
    },
  ],
});
