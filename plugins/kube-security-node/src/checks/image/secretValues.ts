/**
 * Recognises credentials written as literal values: by the name they are stored under
 * (`DB_PASSWORD`, `api-key`) and by the shape of the value itself (PEM private keys, AWS
 * access keys, well-known token formats). Callers report names and kinds, never values.
 */

/** Names of variables or keys that usually carry a credential. */
export const SECRET_NAME =
  /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API[_.-]?KEY|PRIVATE[_.-]?KEY|ACCESS[_.-]?KEY|CREDENTIALS?)/i;

/**
 * Suffixes that point at a credential (a file, a Secret's name) or describe a rule about
 * it (`password-policy`, `TOKEN_TTL`) rather than hold one.
 */
const DESCRIPTIVE_SUFFIX =
  /[_.-](FILE|PATH|DIR|NAME|REF|TTL|EXPIRY|EXPIRES|EXPIRATION|HEADER|URL|URI|ENDPOINT|POLICY|LENGTH|MIN|MAX|ROTATION|ENABLED|REQUIRED|TYPE|MODE|FORMAT|ALGORITHM|ISSUER|AUDIENCE|LIFETIME|TIMEOUT|SECONDS|HOURS|DAYS)$/i;

/**
 * Names that only hint at a credential (`ENCRYPTION_KEY`, `DB_PWD`, `AUTH`): their values
 * count only when they look random (see `looksRandom`), since `CACHE_KEY=user-sessions`
 * is a setting.
 */
const WEAK_SECRET_NAME =
  /((^|[_.-])(KEY|PWD|PASS|AUTH|JWT|BEARER|CRED|SIGNATURE|SALT|SEED)$|^(KEY|PWD|PASS|AUTH|JWT|BEARER|CRED)[_.-])/i;

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2'); // passwordFile -> password_File
}

/**
 * Variables the cloud providers' SDKs and CLIs read their credentials from: the name alone
 * says what the value is (`AZURE_BATCH_KEY`, `OCI_CLI_KEY_CONTENT`), even where the generic
 * name patterns would take it for a setting.
 */
const PROVIDER_CREDENTIAL_NAME =
  /^(AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|AWS_SESSION_TOKEN|AZURE_([A-Z0-9]+_)*KEY|AZURE_CLIENT_SECRET|AZURE_CLIENT_CERTIFICATE_PASSWORD|ARM_CLIENT_SECRET|ARM_ACCESS_KEY|OCI_CLI_KEY_CONTENT|GOOGLE_CREDENTIALS|GCP_SERVICE_ACCOUNT_KEY|DIGITALOCEAN_ACCESS_TOKEN|ALICLOUD_SECRET_KEY|ALIBABA_CLOUD_ACCESS_KEY_SECRET)$/i;

/** Variables that name a credentials file, and hold one when their value is its JSON text. */
const CREDENTIALS_FILE_NAME = /^(GOOGLE_APPLICATION_CREDENTIALS)$/i;

/**
 * Whether a name is a cloud provider's credential variable. `value` matters only for
 * `GOOGLE_APPLICATION_CREDENTIALS`, a path unless its value is the key file's JSON.
 */
export function isProviderCredentialName(name: string, value = ''): boolean {
  if (PROVIDER_CREDENTIAL_NAME.test(name)) return true;
  return CREDENTIALS_FILE_NAME.test(name) && value.trim().startsWith('{');
}

/** A value masked by hand (`xxxx`, `****`): the key is there, its real value filled in elsewhere. */
export function isMaskedValue(value: string): boolean {
  const v = value.trim().replace(/^(['"])(.*)\1$/, '$2');
  return /^(\*{3,}|x{3,}|\u2022{3,})$/i.test(v);
}

/** Whether a variable or key name says that its value is a credential. */
export function isCredentialName(name: string): boolean {
  if (PROVIDER_CREDENTIAL_NAME.test(name)) return true;
  return SECRET_NAME.test(name) && !DESCRIPTIVE_SUFFIX.test(snakeCase(name));
}

/**
 * `PWD` and `PASSWD` as a word of a name (`DB_PWD`, `pwd`, `passwd`): a password, except
 * where the value is a path (the shell's working directory `PWD=/app`, `/etc/passwd`).
 */
const PASSWORD_ABBREVIATION = /(^|[_.-])(PWD|PASSWD)($|[_.-])/i;

export function isPasswordAbbreviation(name: string): boolean {
  const snake = snakeCase(name);
  return PASSWORD_ABBREVIATION.test(snake) && !DESCRIPTIVE_SUFFIX.test(snake);
}

/**
 * Words at least one of which every name the patterns above can match contains (the
 * provider variables included): a name without any is none of them, whatever its case.
 */
const CREDENTIAL_HINT =
  /PWD|PASS|KEY|AUTH|JWT|BEARER|CRED|SIGNATURE|SALT|SEED|SECRET|TOKEN/i;

/** What a variable's name says, in the order a literal value is judged. */
export type CredentialNameKind =
  | 'password-abbreviation'
  | 'credential'
  | 'weak'
  | 'none';

/**
 * isPasswordAbbreviation, isCredentialName and isWeakCredentialName in that order, as one
 * verdict: the first that holds, or `none`. The name is converted to snake case once.
 */
export function credentialNameKind(name: string): CredentialNameKind {
  if (!CREDENTIAL_HINT.test(name)) return 'none';
  const snake = snakeCase(name);
  let descriptive: boolean | undefined;
  const isDescriptive = () => (descriptive ??= DESCRIPTIVE_SUFFIX.test(snake));
  if (PASSWORD_ABBREVIATION.test(snake) && !isDescriptive())
    return 'password-abbreviation';
  if (
    PROVIDER_CREDENTIAL_NAME.test(name) ||
    (SECRET_NAME.test(name) && !isDescriptive())
  )
    return 'credential';
  if (WEAK_SECRET_NAME.test(snake) && !isDescriptive()) return 'weak';
  return 'none';
}

/** A filesystem path: absolute, relative (`./`, `../`), home (`~/`) or a Windows drive. */
export function looksLikePath(value: string): boolean {
  return /^(\/|\.{1,2}\/|~(\/|$)|[A-Za-z]:[\\/])/.test(value.trim());
}

/** Whether a name hints at a credential without saying so (`ENCRYPTION_KEY`, `DB_PWD`). */
export function isWeakCredentialName(name: string): boolean {
  const snake = snakeCase(name);
  return WEAK_SECRET_NAME.test(snake) && !DESCRIPTIVE_SUFFIX.test(snake);
}

/**
 * Whether a value looks generated rather than chosen: at least 12 characters without
 * spaces, mixing letters and digits, with enough distinct characters (Shannon entropy of
 * at least 3 bits per character).
 */
export function looksRandom(value: string): boolean {
  const v = value.trim();
  if (v.length < 12 || /\s/.test(v) || isPlaceholder(v)) return false;
  if (!/[A-Za-z]/.test(v) || !/\d/.test(v)) return false;
  if (/^(\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(v)) return false; // a path or a URL
  // Words and numbers joined by separators (`release-2024-06`) are names, not keys.
  if (v.split(/[-_.:/]/).every(part => /^([A-Za-z]*|\d*)$/.test(part)))
    return false;
  const counts = new Map<string, number>();
  for (const ch of v) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const n of counts.values()) {
    const p = n / v.length;
    entropy -= p * Math.log2(p);
  }
  return entropy >= 3;
}

/**
 * Values that stand for something filled in later: `$(VAR)` (Kubernetes expands it, often
 * from a secretKeyRef), `${VAR}` and `{{ .Values.x }}` (templating), `<password>`.
 */
const PLACEHOLDER =
  /^(\$\([A-Za-z_][A-Za-z0-9_]*\)|\$\{[^}]+\}|\{\{.*\}\}|<[^<>]+>)$/;

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value.trim());
}

/** Words a setting takes (a mode, a switch), not a credential. */
const SETTING_WORD =
  /^(true|false|yes|no|on|off|enabled?|disabled?|none|null|nil|strict|lax|required|optional|default|auto|always|never|bcrypt|argon2|sha256|sha512|plain|basic|bearer|oauth2?|jwt|hmac)$/i;

/** Kinds of values recognised by their shape, whatever they are stored under. */
const VALUE_SHAPES: Array<{ kind: string; pattern: RegExp }> = [
  {
    kind: 'a private key',
    pattern:
      /-{3,5}BEGIN ((RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-{3,5}/,
  },
  {
    // an HTTP Authorization value: the scheme, then a token with a digit or a symbol
    // (`Bearer authentication` is a sentence)
    kind: 'a bearer token',
    pattern:
      /^\s*bearer\s+(?=[A-Za-z0-9._~+/-]*[0-9._~+/-])[A-Za-z0-9._~+/-]{8,}=*\s*$/i,
  },
  { kind: 'an AWS access key', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  {
    kind: 'a GitHub token',
    pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/,
  },
  { kind: 'a GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/ },
  { kind: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: 'a Stripe key', pattern: /\b[rs]k_live_[A-Za-z0-9]{16,}/ },
  { kind: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { kind: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  {
    kind: 'a SendGrid key',
    pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/,
  },
  {
    kind: 'a JSON Web Token',
    pattern:
      /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}|\beyJhbGciOi[A-Za-z0-9_-]{10,}/,
  },
  {
    // scheme://user:password@host, the password not being a placeholder
    kind: 'a URL with a password',
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:(?![$<{])[^\s:/@]+@[^\s/]+/i,
  },
];

/** Every shape in one pattern: one pass over a value rules most values out. */
const ANY_SHAPE = new RegExp(
  VALUE_SHAPES.map(s => `(?:${s.pattern.source})`).join('|'),
  'i',
);

/** The kind of credential a value is by its shape (`a private key`), if it is one. */
export function credentialShape(value: string): string | undefined {
  if (ANY_SHAPE.test(value)) {
    const kind = VALUE_SHAPES.find(s => s.pattern.test(value))?.kind;
    if (kind) return kind;
  }
  return isBasicCredential(value)
    ? 'basic authentication credentials'
    : undefined;
}

/** `Basic <base64 of user:password>`, the scheme in any case. */
function isBasicCredential(value: string): boolean {
  const match = /^\s*basic\s+([A-Za-z0-9+/]{4,}={0,2})\s*$/i.exec(value);
  if (!match) return false;
  const text = Buffer.from(match[1], 'base64').toString('utf8');
  return /^[\x21-\x7e]+:[\x20-\x7e]*$/.test(text);
}

/**
 * Whether a value stored under a credential name looks like the credential itself rather
 * than a placeholder, a switch, a number, a path or a sentence. Used where a name alone is
 * weak evidence (ConfigMap keys, lines of embedded configuration files).
 */
export function looksLikeCredentialValue(value: string): boolean {
  const v = value.trim().replace(/^(['"])(.*)\1$/, '$2');
  if (v.length < 4 || isPlaceholder(v)) return false;
  if (/\s/.test(v)) return false;
  if (SETTING_WORD.test(v) || /^-?\d+(\.\d+)?[a-z]{0,2}$/i.test(v))
    return false;
  if (/^(\/|\.\/|~\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(v)) return false; // a path or a URL
  if (/^\*+$|^x+$/i.test(v)) return false; // masked
  return true;
}

/** One line of an embedded configuration file: `key = value`, `key: value`, `"key": "value"`. */
const CONFIG_LINE =
  /^\s*(?:export\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*["']?([^"'\s,]*)["']?\s*,?\s*$/;

/**
 * Credentials found in a stored value: its own shape, then credential-named lines of an
 * embedded configuration file (`application.properties`, `.env`, YAML, JSON). Returns
 * what to name in a message: the kind, and the embedded key when there is one.
 */
export function credentialsInText(
  text: string,
): Array<{ kind: string; embeddedKey?: string }> {
  const found: Array<{ kind: string; embeddedKey?: string }> = [];
  const shape = credentialShape(text);
  if (shape) found.push({ kind: shape });
  if (!text.includes('\n')) {
    // one `NAME=value` or `NAME: value` setting: only a credential name counts
    const match = CONFIG_LINE.exec(text);
    if (
      !shape &&
      match &&
      isCredentialName(match[1]) &&
      looksLikeCredentialValue(match[2])
    )
      found.push({ kind: 'a credential', embeddedKey: match[1] });
    return found;
  }
  for (const line of text.split('\n')) {
    const match = CONFIG_LINE.exec(line);
    if (!match) continue;
    const [, key, value] = match;
    if (
      (isCredentialName(key) && looksLikeCredentialValue(value)) ||
      (isWeakCredentialName(key) && looksRandom(value))
    ) {
      found.push({ kind: 'a credential', embeddedKey: key });
    }
  }
  return found;
}

/** A command-line flag with its value: `--db-password=x`, `-token=x`. */
const FLAG_WITH_VALUE = /^--?([A-Za-z0-9][A-Za-z0-9_.-]*)=([^]+)$/;
const BARE_FLAG = /^--?([A-Za-z0-9][A-Za-z0-9_.-]*)$/;

/**
 * Credentials passed on a container's command line (`args`, `command`): a credential
 * flag with a literal value (`--password=x`, or `--password x` over two arguments), or
 * any argument with a credential's shape. Returns what to name, never the value.
 */
export function credentialInArgument(
  argument: string,
  previous?: string,
): string | undefined {
  const shape = credentialShape(argument);
  if (shape) return shape;
  const flag = FLAG_WITH_VALUE.exec(argument);
  if (flag) {
    const [, name, value] = flag;
    return isCredentialName(name) && looksLikeCredentialValue(value)
      ? `--${name}`
      : undefined;
  }
  const bare = previous !== undefined ? BARE_FLAG.exec(previous) : null;
  if (
    bare &&
    !argument.startsWith('-') &&
    isCredentialName(bare[1]) &&
    looksLikeCredentialValue(argument)
  )
    return `--${bare[1]}`;
  return undefined;
}
