import rule from '../../../../server/src/rules/kubernetes/valid-selector';
import { run } from '../../../helpers/ruleTester';

const deployment = (selector: string, template: string, kind = 'Deployment') =>
  `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: web\nspec:\n${selector}  template:\n${template}    spec:\n      containers:\n        - name: app\n          image: app:1.0\n`;
const labels = '    metadata:\n      labels:\n        app: web\n        tier: frontend\n';

run(rule, {
  valid: [
    deployment('  selector:\n    matchLabels:\n      app: web\n', labels),
    { name: 'matchExpressions', code: deployment('  selector:\n    matchExpressions:\n      - {key: tier, operator: In, values: [frontend, backend]}\n      - {key: canary, operator: DoesNotExist}\n', labels) },
    { name: 'older apiVersions default the selector', code: deployment('', labels).replace('apps/v1', 'extensions/v1beta1') },
    { name: 'ReplicationController without selector defaults to the template labels', code: 'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: rc\nspec:\n  template:\n' + labels + '    spec:\n      containers: []\n' },
    { name: 'Helm placeholders', code: deployment('  selector:\n    matchLabels:\n      app: "{{ .Release.Name }}"\n', labels) },
    { name: 'Jobs manage their own selector', code: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: []\n' },
  ],
  invalid: [
    {
      name: 'selector label missing from the template: added',
      code: deployment('  [|selector|]:\n    matchLabels:\n      app: web\n      component: api # stable\n', labels),
      errors: ['mismatch'],
      fixTitles: ['Add the selector\'s labels to the pod template'],
      output: deployment('  selector:\n    matchLabels:\n      app: web\n      component: api # stable\n', labels + '        component: api\n'),
    },
    {
      name: 'conflicting value: no fix',
      code: deployment('  [|selector|]:\n    matchLabels:\n      app: api\n', labels, 'StatefulSet'),
      errors: ['mismatch'],
    },
    {
      name: 'template without metadata: metadata is added before spec',
      code: deployment('  [|selector|]:\n    matchLabels:\n      app: web\n', '', 'DaemonSet'),
      errors: ['mismatch'],
      output: deployment('  selector:\n    matchLabels:\n      app: web\n', '    metadata:\n      labels:\n        app: web\n', 'DaemonSet'),
    },
    {
      name: 'empty flow labels are filled',
      code: deployment('  [|selector|]:\n    matchLabels:\n      app: web\n', '    metadata:\n      labels: {}\n', 'ReplicaSet'),
      errors: ['mismatch'],
      output: deployment('  selector:\n    matchLabels:\n      app: web\n', '    metadata:\n      labels:\n        app: web\n', 'ReplicaSet'),
    },
    {
      name: 'apps/v1 without a selector: selects the template labels',
      code: deployment('', labels).replace('  name: web', '  name: [|web|]'),
      errors: ['missing'],
      fixTitles: ['Select the pod template\'s labels'],
      output: deployment('  selector:\n    matchLabels:\n      app: web\n      tier: frontend\n', labels),
    },
    {
      name: 'empty selector',
      code: deployment('  [|selector|]: {}\n', labels),
      errors: ['missing'],
      output: deployment('  selector:\n    matchLabels:\n      app: web\n      tier: frontend\n', labels),
    },
    {
      name: 'matchExpressions that exclude the template',
      code: deployment('  [|selector|]:\n    matchExpressions:\n      - {key: tier, operator: NotIn, values: [frontend]}\n', labels),
      errors: ['mismatch'],
    },
    {
      name: 'ReplicationController map selector',
      code: 'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: rc\nspec:\n  [|selector|]:\n    app: web\n    track: stable\n  template:\n' + labels + '    spec:\n      containers: []\n',
      errors: ['mismatch'],
      output: 'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: rc\nspec:\n  selector:\n    app: web\n    track: stable\n  template:\n' + labels + '        track: stable\n    spec:\n      containers: []\n',
    },
  ],
});
