import rule from '../../../../server/src/rules/dockerfile/valid-expose';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM nginx:1.27\nEXPOSE 80 443/tcp 53/udp 9000/sctp 8000-8010\n',
    { name: 'bounds', code: 'FROM alpine:3.20\nEXPOSE 0 65535\n' },
    { name: 'trivy good case', code: 'FROM alpine:3.13\nUSER mike\nEXPOSE 65530 8080' },
    { name: 'variables are not checked', code: 'FROM alpine:3.20\nARG PORT=99999\nEXPOSE $PORT ${PORT}/TCP\n' },
    { name: 'quoted', code: 'FROM alpine:3.20\nEXPOSE "8080"\n' },
    { name: 'not a port: left to dockerfile/valid-syntax', code: 'FROM alpine:3.20\nEXPOSE abc 80/http 127.0.0.1:80:80\n' },
    { name: 'continuation lines', code: 'FROM alpine:3.20\nEXPOSE 80 \\\n  443\n' },
    { name: 'heredoc text is data', code: 'FROM alpine:3.20\nRUN cat <<EOF > /etc/ports\nEXPOSE 99999\nEOF\n' },
  ],
  invalid: [
    { name: 'trivy bad case', code: 'FROM alpine:3.13\nUSER mike\nEXPOSE [|65536|] 8080', errors: ['outOfRange'] },
    { name: 'range end out of range', code: 'FROM alpine:3.20\nEXPOSE [|65000-70000/udp|]\n', errors: ['outOfRange'] },
    { name: 'reversed range', code: 'FROM alpine:3.20\nEXPOSE [|9000-8000|]\n', errors: ['reversedRange'] },
    {
      name: 'protocol casing',
      code: 'FROM nginx:1.27\nEXPOSE 80/[|TCP|] 53/[|Udp|]\n',
      errors: ['protoCasing', 'protoCasing'],
      fixTitles: ['Write the protocol as tcp'],
      output: 'FROM nginx:1.27\nEXPOSE 80/tcp 53/udp\n',
    },
    {
      name: 'host:container mapping',
      code: 'FROM nginx:1.27\nEXPOSE [|8080:80|]\n',
      errors: ['hostMapping'],
      fixTitles: ['Keep only the container port (80)'],
      output: 'FROM nginx:1.27\nEXPOSE 80\n',
    },
    {
      name: 'mapping and casing at once, quoted',
      code: 'FROM nginx:1.27\nEXPOSE "[|8080:80/[|TCP|]|]"\n',
      errors: ['hostMapping', 'protoCasing'],
      output: 'FROM nginx:1.27\nEXPOSE "80/tcp"\n',
    },
    { name: 'on a continuation line', code: 'FROM alpine:3.20\nEXPOSE 80 \\\n  [|70000|]\n', errors: ['outOfRange'] },
  ],
});
