/** One KubernetesYamlService for a whole test process (schema compilation is the slow part). */
import { KubernetesYamlService } from '../../server/src/languages/kubernetes/yamlService';

let service: KubernetesYamlService | undefined;

export function sharedYamlService(): KubernetesYamlService {
  service ??= new KubernetesYamlService();
  return service;
}

const OLD = 'sha256:' + '0'.repeat(64);
const NEW = 'sha256:' + '1'.repeat(64);

/**
 * The registry-cache lookup tests use: a reference pinned to sha256:000… is stale, its tag now
 * pointing to sha256:111…. Real caches are tested in test/registry and the rules' own tests.
 */
export function testStaleDigest(reference: string) {
  return reference.endsWith('@' + OLD) ? { pinned: OLD, current: NEW, resolvedAt: '2026-11-20T10:00:00.000Z' } : undefined;
}
