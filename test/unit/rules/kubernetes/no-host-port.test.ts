import rule from '../../../../server/src/rules/kubernetes/no-host-port';
import { run } from '../../../helpers/ruleTester';

const pod = (ports: string) =>
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n' + ports;

run(rule, {
  valid: [
    pod('        - containerPort: 80\n'),
    { name: 'hostPort: 0 means none', code: pod('        - containerPort: 80\n          hostPort: 0\n') },
  ],
  invalid: [
    {
      name: 'hostPort after containerPort: its line goes',
      code: pod('        - containerPort: 80\n          hostPort: [|8080|] # legacy LB\n          protocol: TCP\n'),
      errors: ['hostPort'],
      fixTitles: ['Remove hostPort'],
      output: pod('        - containerPort: 80\n          protocol: TCP\n'),
    },
    {
      name: 'hostPort first in the entry: the next key moves up to the dash',
      code: pod('        - hostPort: [|443|]\n          containerPort: 8443\n        - containerPort: 9090\n'),
      errors: ['hostPort'],
      output: pod('        - containerPort: 8443\n        - containerPort: 9090\n'),
    },
    {
      name: 'flow entries and a lone hostPort get no fix',
      code: pod('        - {containerPort: 80, hostPort: [|80|]}\n        - hostPort: [|81|]\n'),
      errors: ['hostPort', 'hostPort'],
    },
    {
      name: 'init containers too',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: i\n    image: i\n    ports:\n    - containerPort: 53\n      hostPort: [|53|]\n  containers:\n  - name: c\n    image: c\n',
      errors: ['hostPort'],
      output: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: i\n    image: i\n    ports:\n    - containerPort: 53\n  containers:\n  - name: c\n    image: c\n',
    },
  ],
});
