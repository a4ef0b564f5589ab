/** One KubernetesYamlService for a whole test process (schema compilation is the slow part). */
import { KubernetesYamlService } from '../../server/src/languages/kubernetes/yamlService';

let service: KubernetesYamlService | undefined;

export function sharedYamlService(): KubernetesYamlService {
  service ??= new KubernetesYamlService();
  return service;
}
