/**
 * Prometheus metrics in the text exposition format (version 0.0.4), written
 * by hand: three counters and two histograms do not need a client library.
 */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly buckets: readonly number[]) {
    this.counts = buckets.map(() => 0);
  }
  observe(v: number): void {
    this.sum += v;
    this.count++;
    for (let i = 0; i < this.buckets.length; i++) if (v <= this.buckets[i]!) this.counts[i]!++;
  }
}

function labels(l: Record<string, string>): string {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(n);
}

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  private readonly evaluation = new Histogram(LATENCY_BUCKETS);
  private cacheHits = 0;
  private cacheMisses = 0;
  private certReloads = 0;
  inFlight = 0;

  /** One answered request: verdict is allowed, warned, denied, rejected (4xx) or error (5xx). */
  request(verdict: string, seconds: number): void {
    this.requests.set(verdict, (this.requests.get(verdict) ?? 0) + 1);
    let h = this.latency.get(verdict);
    if (!h) this.latency.set(verdict, (h = new Histogram(LATENCY_BUCKETS)));
    h.observe(seconds);
  }

  evaluated(seconds: number, cached: boolean): void {
    if (cached) this.cacheHits++;
    else {
      this.cacheMisses++;
      this.evaluation.observe(seconds);
    }
  }

  certReloaded(): void {
    this.certReloads++;
  }

  render(): string {
    const out: string[] = [];
    out.push('# HELP kube_netcheck_admission_requests_total Admission requests answered, by verdict.');
    out.push('# TYPE kube_netcheck_admission_requests_total counter');
    for (const [v, n] of [...this.requests].sort()) out.push(`kube_netcheck_admission_requests_total${labels({ verdict: v })} ${n}`);
    out.push('# HELP kube_netcheck_admission_request_duration_seconds Time from request to response, by verdict.');
    out.push('# TYPE kube_netcheck_admission_request_duration_seconds histogram');
    for (const [v, h] of [...this.latency].sort(([a], [b]) => a.localeCompare(b))) histogram(out, 'kube_netcheck_admission_request_duration_seconds', h, { verdict: v });
    out.push('# HELP kube_netcheck_policy_evaluation_seconds Time to evaluate the policy on the merged facts (cache misses only).');
    out.push('# TYPE kube_netcheck_policy_evaluation_seconds histogram');
    histogram(out, 'kube_netcheck_policy_evaluation_seconds', this.evaluation, {});
    out.push('# HELP kube_netcheck_decision_cache_total Decisions answered from the cache (hit) or evaluated (miss).');
    out.push('# TYPE kube_netcheck_decision_cache_total counter');
    out.push(`kube_netcheck_decision_cache_total{result="hit"} ${this.cacheHits}`);
    out.push(`kube_netcheck_decision_cache_total{result="miss"} ${this.cacheMisses}`);
    out.push('# HELP kube_netcheck_tls_certificate_reloads_total Serving certificate reloads from disk.');
    out.push('# TYPE kube_netcheck_tls_certificate_reloads_total counter');
    out.push(`kube_netcheck_tls_certificate_reloads_total ${this.certReloads}`);
    out.push('# HELP kube_netcheck_admission_requests_in_flight Requests being answered.');
    out.push('# TYPE kube_netcheck_admission_requests_in_flight gauge');
    out.push(`kube_netcheck_admission_requests_in_flight ${this.inFlight}`);
    return `${out.join('\n')}\n`;
  }
}

function histogram(out: string[], name: string, h: Histogram, l: Record<string, string>): void {
  h.buckets.forEach((b, i) => out.push(`${name}_bucket${labels({ ...l, le: fmt(b) })} ${h.counts[i]}`));
  out.push(`${name}_bucket${labels({ ...l, le: '+Inf' })} ${h.count}`);
  out.push(`${name}_sum${labels(l)} ${h.sum}`);
  out.push(`${name}_count${labels(l)} ${h.count}`);
}
