import { CHECK_DEFINITIONS } from './catalog';
import {
  CHECKS_WITHOUT_STANDARD,
  STANDARDS,
  STANDARD_CONTROLS,
  getStandardControl,
  isStandardControlId,
  providerOfStandardId,
} from './standards';

describe('standards registry', () => {
  it('has unique ids, each with a title, a known standard and a public link', () => {
    const ids = STANDARD_CONTROLS.map(c => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = new Set(STANDARDS.map(s => s.key));
    for (const control of STANDARD_CONTROLS) {
      expect(keys.has(control.standard)).toBe(true);
      expect(control.title.trim()).not.toBe('');
      expect(control.url).toMatch(/^https:\/\//);
    }
  });

  it('spells ids as its standard says', () => {
    const patterns: Record<string, RegExp> = {
      pss: /^PSS (baseline|restricted): \S.*$/,
      'cis-kubernetes': /^CIS 5\.\d+\.\d+$/,
      'cis-eks': /^CIS EKS \d+(\.\d+)+$/,
      'cis-gke': /^CIS GKE \d+(\.\d+)+$/,
      'cis-aks': /^CIS AKS \d+(\.\d+)+$/,
      'nsa-cisa': /^NSA\/CISA: \S.*$/,
    };
    for (const control of STANDARD_CONTROLS) {
      expect(control.id).toMatch(patterns[control.standard]);
    }
  });

  it('lists every Pod Security Standards control and CIS Kubernetes 5.1.1 to 5.7.4', () => {
    const pss = STANDARD_CONTROLS.filter(c => c.standard === 'pss');
    // Eleven baseline controls, plus Host Probes / Lifecycle Hooks since Kubernetes 1.34.
    expect(pss.filter(c => c.id.startsWith('PSS baseline'))).toHaveLength(12);
    // Six restricted controls, plus /proc Mount Type since Kubernetes 1.35 (baseline then
    // admits an unmasked /proc in a user namespace; restricted does not).
    expect(pss.filter(c => c.id.startsWith('PSS restricted'))).toHaveLength(7);
    const cis = STANDARD_CONTROLS.filter(c => c.standard === 'cis-kubernetes')
      .map(c => c.id)
      .sort();
    const expected = [
      ...Array.from({ length: 13 }, (_, i) => `CIS 5.1.${i + 1}`),
      ...Array.from({ length: 13 }, (_, i) => `CIS 5.2.${i + 1}`),
      'CIS 5.3.1',
      'CIS 5.3.2',
      'CIS 5.4.1',
      'CIS 5.4.2',
      'CIS 5.5.1',
      'CIS 5.7.1',
      'CIS 5.7.2',
      'CIS 5.7.3',
      'CIS 5.7.4',
    ].sort();
    expect(cis).toEqual(expected);
  });

  it('looks ids up and knows the provider of provider benchmark ids', () => {
    expect(getStandardControl('CIS 5.1.1')).toMatchObject({
      standard: 'cis-kubernetes',
    });
    expect(isStandardControlId('CIS 5.6.1')).toBe(false);
    expect(isStandardControlId('PSS baseline: host namespaces')).toBe(false);
    expect(providerOfStandardId('CIS EKS 5.4.2')).toBe('eks');
    expect(providerOfStandardId('CIS GKE 5.6.3')).toBe('gke');
    expect(providerOfStandardId('CIS AKS 5.4.1')).toBe('aks');
    expect(providerOfStandardId('CIS 5.4.1')).toBeUndefined();
  });
});

describe('standards of the check definitions', () => {
  const definitions = Object.values(CHECK_DEFINITIONS);

  it('name only ids of the registry, once each', () => {
    const problems = definitions.flatMap(d => [
      ...d.standards
        .filter(id => !isStandardControlId(id))
        .map(id => `${d.id}: unknown standard id "${id}"`),
      ...(new Set(d.standards).size !== d.standards.length
        ? [`${d.id}: repeats an id`]
        : []),
    ]);
    expect(problems).toEqual([]);
  });

  it('give every check at least one id, except the few no standard covers', () => {
    const missing = definitions
      .filter(
        d => d.standards.length === 0 && !(d.id in CHECKS_WITHOUT_STANDARD),
      )
      .map(d => d.id);
    expect(missing).toEqual([]);
    // An exemption for a check that has ids, or no longer exists, is stale.
    for (const id of Object.keys(CHECKS_WITHOUT_STANDARD)) {
      expect(CHECK_DEFINITIONS[id]?.standards).toEqual([]);
    }
  });
});
