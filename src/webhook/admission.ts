/**
 * The admission.k8s.io/v1 AdmissionReview wire format, and which objects the
 * webhook judges. Shapes follow k8s.io/api/admission/v1 types.go: a request
 * carries uid, kind {group, version, kind}, resource, name, namespace,
 * operation, userInfo, object, oldObject, dryRun and options; a response
 * carries uid, allowed, status (a metav1.Status, consulted only when denied),
 * and warnings (the API server may truncate one over 256 characters).
 */
export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  name?: string;
  namespace?: string;
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  object?: unknown;
  oldObject?: unknown;
  dryRun?: boolean;
  userInfo?: { username?: string };
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; reason?: string; message: string };
  warnings?: string[];
}

/** A body that is not an AdmissionReview v1 request: HTTP 400. */
export class BadReview extends Error {
  override readonly name = 'BadReview';
}

const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

/** Parses and checks an AdmissionReview request body; throws BadReview saying what is wrong. */
export function parseReview(body: string): AdmissionRequest {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (e) {
    throw new BadReview(`body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const review = record(doc);
  if (!review) throw new BadReview('body is not a JSON object: expected an AdmissionReview');
  if (review.apiVersion !== ADMISSION_API_VERSION) {
    throw new BadReview(`apiVersion ${JSON.stringify(review.apiVersion ?? null)}: expected ${ADMISSION_API_VERSION} (set admissionReviewVersions: ["v1"] in the webhook configuration)`);
  }
  if (review.kind !== 'AdmissionReview') throw new BadReview(`kind ${JSON.stringify(review.kind ?? null)}: expected AdmissionReview`);
  const req = record(review.request);
  if (!req) throw new BadReview('request: expected an object');
  if (typeof req.uid !== 'string' || req.uid === '') throw new BadReview('request.uid: expected a non-empty string');
  const kind = record(req.kind);
  if (!kind || typeof kind.kind !== 'string' || typeof kind.version !== 'string' || typeof (kind.group ?? '') !== 'string') {
    throw new BadReview('request.kind: expected {group, version, kind}');
  }
  if (typeof req.operation !== 'string' || !OPERATIONS.has(req.operation)) {
    throw new BadReview(`request.operation ${JSON.stringify(req.operation ?? null)}: expected CREATE, UPDATE, DELETE or CONNECT`);
  }
  if ((req.operation === 'CREATE' || req.operation === 'UPDATE') && !record(req.object)) {
    throw new BadReview(`request.object: expected the object being ${req.operation === 'CREATE' ? 'created' : 'updated'}`);
  }
  const out: AdmissionRequest = {
    uid: req.uid,
    kind: { group: typeof kind.group === 'string' ? kind.group : '', version: kind.version, kind: kind.kind },
    operation: req.operation as AdmissionRequest['operation'],
  };
  if (typeof req.name === 'string') out.name = req.name;
  if (typeof req.namespace === 'string') out.namespace = req.namespace;
  if (req.object !== undefined && req.object !== null) out.object = req.object;
  if (req.oldObject !== undefined && req.oldObject !== null) out.oldObject = req.oldObject;
  if (req.dryRun === true) out.dryRun = true;
  const user = record(req.userInfo);
  if (user && typeof user.username === 'string') out.userInfo = { username: user.username };
  return out;
}

/** ConfigMaps that carry networking configuration, by namespace and name. */
export const JUDGED_CONFIGMAPS: readonly [string, string][] = [
  ['kube-system', 'kubeadm-config'],
  ['kube-system', 'kube-proxy'],
  ['kube-system', 'weave-net'],
  ['kube-system', 'cilium-config'],
  ['kube-system', 'kube-flannel-cfg'],
  ['kube-flannel', 'kube-flannel-cfg'],
];

export interface Target {
  /** Display reference, also the "file" of the object's locations: apiVersion/Kind/[namespace/]name. */
  ref: string;
  namespace: string;
  name: string;
}

/** The object to judge, or null when the request is not about one the webhook judges. */
export function targetOf(req: AdmissionRequest): Target | null {
  if (req.operation !== 'CREATE' && req.operation !== 'UPDATE') return null;
  const meta = record(record(req.object)?.metadata);
  const name = req.name || (typeof meta?.name === 'string' ? meta.name : '');
  const namespace = req.namespace || (typeof meta?.namespace === 'string' ? meta.namespace : '');
  const { group, version, kind } = req.kind;
  const apiVersion = group === '' ? version : `${group}/${version}`;
  if (group === '' && kind === 'ConfigMap') {
    if (!JUDGED_CONFIGMAPS.some(([ns, n]) => ns === namespace && n === name)) return null;
    return { ref: `${apiVersion}/ConfigMap/${namespace}/${name}`, namespace, name };
  }
  if (kind === 'IPPool' && (group === 'crd.projectcalico.org' || group === 'projectcalico.org') && name !== '') {
    return { ref: `${apiVersion}/IPPool/${name}`, namespace: '', name };
  }
  return null;
}

export function reviewResponse(response: AdmissionResponse): string {
  return JSON.stringify({ apiVersion: ADMISSION_API_VERSION, kind: 'AdmissionReview', response });
}

/** A metav1.Status body for requests that are not answered with an AdmissionReview. */
export function statusBody(code: number, reason: string, message: string): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Status', status: 'Failure', code, reason, message });
}

/** Warnings as the API server passes them on: one line each, at most 256 characters, at most `max` of them. */
export function limitWarnings(warnings: readonly string[], max = 16): string[] {
  const one = (w: string): string => {
    const flat = w.replace(/\s+/g, ' ').trim();
    return flat.length > 256 ? `${flat.slice(0, 255)}…` : flat;
  };
  if (warnings.length <= max) return warnings.map(one);
  return [...warnings.slice(0, max - 1).map(one), `… and ${warnings.length - max + 1} more (kube-netcheck review shows them all)`];
}

function record(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
