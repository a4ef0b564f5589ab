import rule from '../../../../server/src/rules/dockerfile/valid-syntax';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    { name: 'checks owned by other rules are not repeated (MAINTAINER, relative WORKDIR, casing)', code: 'FROM alpine:3.20\nMAINTAINER me\nworkdir app\n' },
    'FROM alpine:3.20\nRUN echo ok\n', '# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine:3.20\n'],
  invalid: [
    { name: 'unknown instruction', code: 'FROM alpine:3.20\n[|CMDD|] ["sh"]\n', errors: ['problem'] },
    { name: 'invalid port', code: 'FROM alpine:3.20\nEXPOSE [|abc|]\n', errors: ['problem'] },
    { name: 'library grading kept: JSON in single quotes is a warning', code: "FROM alpine:3.20\nCMD [|['sh']|]\n", errors: ['problem'], severity: 'warning' },
    { name: 'user severity overrides the library severity', code: 'FROM alpine:3.20\n[|CMDD|] ["sh"]\n', errors: ['problem'], settings: { rules: { 'dockerfile/valid-syntax': 'warning' } }, severity: 'warning' },
  ],
});
