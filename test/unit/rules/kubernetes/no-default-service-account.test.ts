import rule from '../../../../server/src/rules/kubernetes/no-default-service-account';
import { run } from '../../../helpers/ruleTester';

const deploy = (podExtra: string, name = 'web') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n` + podExtra + '      containers:\n        - name: app\n          image: nginx:1.27\n';

run(rule, {
  valid: [
    deploy('      serviceAccountName: web\n'),
    { name: 'the deprecated serviceAccount field', code: deploy('      serviceAccount: web\n') },
    { name: 'an empty serviceAccountName defers to serviceAccount', code: deploy('      serviceAccountName: ""\n      serviceAccount: web\n') },
    { name: 'no token mounted', code: deploy('      automountServiceAccountToken: false\n') },
    { name: 'not a workload', code: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n' },
  ],
  invalid: [
    { name: 'none named: reported on the object name', code: deploy('', '[|web|]'), errors: ['missing'] },
    { name: 'default named explicitly: reported on the value', code: deploy('      serviceAccountName: [|default|]\n'), errors: ['explicit'] },
    {
      name: 'CronJob and Pod in one file',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: [|c|]\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: x, image: x}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {serviceAccount: [|default|], containers: [{name: y, image: y}]}\n',
      errors: ['missing', 'explicit'],
    },
  ],
});
