import type { Check } from '../../engine/check';
import { isObject } from '../cloud/descriptor';
import {
  credentialShape,
  credentialsInText,
  isCredentialName,
  isMaskedValue,
  isPlaceholder,
  isProviderCredentialName,
  isWeakCredentialName,
  looksLikeCredentialValue,
  looksRandom,
} from './secretValues';

/** Key names of files that are themselves key material (keystores, SSH keys). */
const KEY_FILE_NAME =
  /(^|[/.])id_(rsa|dsa|ecdsa|ed25519)$|\.(p12|pfx|jks|keystore)$/i;

/** `data.password`, or `data["tls.key"]` for keys that are not plain identifiers. */
function keyPath(field: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
    ? `${field}.${key}`
    : `${field}[${JSON.stringify(key)}]`;
}

/** `binaryData` is base64: look at its text when it decodes to text. */
function decodedText(value: string): string | undefined {
  const text = Buffer.from(value, 'base64').toString('utf8');
  const printable = [...text].every(ch => {
    const code = ch.charCodeAt(0);
    return (
      (code >= 0x20 && code < 0x7f) || ch === '\t' || ch === '\n' || ch === '\r'
    );
  });
  return printable ? text : undefined;
}

/**
 * What one key holds, for the message (`'tls.key' (a private key)`); never the value.
 * `masked`: the key is a provider's credential variable whose value is masked (`xxxx`).
 */
function judgeKey(
  key: string,
  value: string,
  binary: boolean,
): { what: string; masked?: boolean } | undefined {
  if (binary && KEY_FILE_NAME.test(key))
    return { what: `'${key}' (a keystore)` };
  const text = binary ? decodedText(value) : value;
  if (text === undefined) return undefined;
  if (
    isProviderCredentialName(key, text) &&
    !isPlaceholder(text) &&
    !credentialShape(text)
  ) {
    return isMaskedValue(text)
      ? {
          what: `'${key}' (a cloud provider credential, value masked)`,
          masked: true,
        }
      : { what: `'${key}' (a cloud provider credential)` };
  }
  const what = judgeText(key, text);
  return what ? { what } : undefined;
}

function judgeText(key: string, text: string): string | undefined {
  const found = credentialsInText(text);
  if (found.length > 0) {
    const embedded = found.flatMap(f => (f.embeddedKey ? [f.embeddedKey] : []));
    const shape = credentialShape(text);
    return embedded.length && !shape
      ? `'${key}' (${embedded.map(k => `'${k}'`).join(', ')} inside)`
      : `'${key}' (${shape})`;
  }
  if (isCredentialName(key) && looksLikeCredentialValue(text)) {
    return `'${key}' (a credential-named value)`;
  }
  if (isWeakCredentialName(key) && looksRandom(text)) {
    return `'${key}' (a random-looking value)`;
  }
  return undefined;
}

/**
 * ConfigMaps are stored and shown in clear and readable to anyone who may read
 * configuration: private keys, tokens and passwords belong in Secrets (or a secret
 * store). One finding per ConfigMap names the keys and what they hold, never the values.
 * The live collector does not list ConfigMaps (a ConfigMap may hold exactly the values
 * this check is about, and a scan keeps what it collects), so on live clusters the check
 * only sees ConfigMaps of snapshot folders and manifests.
 */
export const configMapSecretCheck: Check = {
  id: 'image-externalized-config/configmap-secret',
  itemId: 'image-externalized-config',
  reads: ['ConfigMap'],
  run({ index, report }) {
    const configMaps = index.ofKind('ConfigMap');
    for (const configMap of configMaps) {
      const keys: string[] = [];
      let firstPath = '';
      let allMasked = true;
      for (const field of ['data', 'binaryData'] as const) {
        const entries = configMap[field];
        if (!isObject(entries)) continue;
        for (const [key, value] of Object.entries(entries)) {
          if (typeof value !== 'string' || !value) continue;
          const judged = judgeKey(key, value, field === 'binaryData');
          if (!judged) continue;
          const { what, masked } = judged;
          allMasked &&= masked === true;
          keys.push(field === 'data' ? what : `${what} in binaryData`);
          firstPath ||= keyPath(field, key);
        }
      }
      if (!keys.length) continue;
      // Only masked provider keys: the credential is meant to be filled in here, not yet leaked.
      const stores = allMasked
        ? 'has a place for credentials under'
        : 'stores credentials under';
      const advice = allMasked
        ? 'whatever fills them in would be readable in clear: keep them in a Secret (or a secret store) instead.'
        : 'ConfigMaps are readable in clear: move them to a Secret (or a secret store) and rotate them.';
      report({
        ...(allMasked ? { status: 'warn' as const } : {}),
        message: `ConfigMap '${configMap.metadata.name}' ${stores} ${
          keys.length > 1 ? 'keys' : 'key'
        } ${keys.join(', ')}; ${advice}`,
        resource: {
          kind: 'ConfigMap',
          namespace: configMap.metadata.namespace ?? 'default',
          name: configMap.metadata.name,
        },
        evidencePath: firstPath,
        labels: configMap.metadata.labels,
      });
    }
    // As for workloads: a whole cluster (with objects; not a bare cloud descriptor)
    // without ConfigMaps has none to flag. A live scan
    // only has them when the collector lists them (it does not yet: see the check's docs).
    return (
      configMaps.length > 0 ||
      (index.snapshot.scope === 'cluster' &&
        index.snapshot.objects.length > 0 &&
        index.canRead('ConfigMap'))
    );
  },
};
