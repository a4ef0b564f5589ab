import rule from '../../../../server/src/rules/kubernetes/require-image-digest';
import { run } from '../../../helpers/ruleTester';

const on = { rules: { 'kubernetes/require-image-digest': 'warning' } };
const pod = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: ${image}\n`;
const digest = 'sha256:0000000000000000000000000000000000000000000000000000000000000000';

run(rule, {
  valid: [
    { name: 'off by default', code: pod('nginx:1.27') },
    { name: 'tag and digest', code: pod(`nginx:1.27@${digest}`), settings: on },
    { name: 'digest only', code: pod(`registry.example.com/app@${digest}`), settings: on },
    { name: 'Helm placeholder', code: pod('"{{ .Values.image }}"'), settings: on },
  ],
  invalid: [
    { name: 'version tag', code: pod('[|nginx:1.27|]'), errors: ['notPinned'], settings: on },
    {
      name: 'init and ephemeral containers too',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: init\n      image: [|busybox:1.36|]\n  containers:\n    - name: app\n      image: nginx@' + digest + '\n  ephemeralContainers:\n    - name: debug\n      image: [|"busybox"|]\n',
      errors: ['notPinned', 'notPinned'],
      settings: on,
      severity: 'warning',
    },
  ],
});
