import rule from '../../../../server/src/rules/dockerfile/no-ssh-port';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM alpine:3.13\nUSER mike\nEXPOSE 8080',
    { name: 'other ports containing 22', code: 'FROM alpine:3.20\nEXPOSE 2222 220 122\n' },
    { name: 'udp 22 is not ssh', code: 'FROM alpine:3.20\nEXPOSE 22/udp\n' },
    { name: 'variables', code: 'FROM alpine:3.20\nARG PORT=8080\nEXPOSE $PORT\n' },
    { name: 'heredoc text is data', code: 'FROM alpine:3.20\nCOPY <<EOF /etc/motd\nEXPOSE 22\nEOF\n' },
    { name: 'comment', code: 'FROM alpine:3.20\n# EXPOSE 22\nEXPOSE 80\n' },
  ],
  invalid: [
    { name: 'trivy bad case', code: 'FROM alpine:3.13\nUSER mike\nEXPOSE [|22|]', errors: ['ssh'] },
    { code: 'FROM alpine:3.20\nEXPOSE 80 [|22/tcp|]\n', errors: ['ssh'] },
    { name: 'upper-case protocol, quoted', code: 'FROM alpine:3.20\nEXPOSE [|"22/TCP"|]\n', errors: ['ssh'] },
    { name: 'host mapping to 22', code: 'FROM alpine:3.20\nEXPOSE [|2222:22|]\n', errors: ['ssh'] },
    { name: 'lower-case instruction, continuation', code: 'FROM alpine:3.20\nexpose 80 \\\n  [|22|]\n', errors: ['ssh'] },
  ],
});
