// OpenTelemetry traces, only when OTEL_EXPORTER_OTLP_ENDPOINT is set: the SDK, the OTLP/HTTP
// exporter and the http instrumentation are imported dynamically then, so a server without the
// variable loads none of them and every span helper below is a plain function call.
// Spans: one per HTTP request (http.ts, named by route template), one per tRPC procedure call and
// one per command run through the exec service; outgoing HTTP (the Docker Engine API, MCP clients)
// comes from @opentelemetry/instrumentation-http. The state lives on globalThis so Next's bundle
// sees the tracer server.ts started.
import type * as OtelApi from "@opentelemetry/api";
import type { Attributes, Span, Tracer } from "@opentelemetry/api";
import type { NodeSDK } from "@opentelemetry/sdk-node";
import { env } from "~/env";
import { logger } from "./logger";
import { currentRequest } from "./request-context";

interface TracingState {
  sdk: NodeSDK;
  tracer: Tracer;
  api: typeof OtelApi;
  /** Each request's server span (http.ts), the parent of last resort for the spans inside it. */
  requestSpans: WeakMap<object, Span>;
}

const KEY = Symbol.for("atrium.tracing");
type Holder = { [KEY]?: TracingState };

function state(): TracingState | undefined {
  return (globalThis as Holder)[KEY];
}

/** Starts tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set; returns whether it did. */
export async function startTracing(endpoint: string | undefined = env().OTEL_EXPORTER_OTLP_ENDPOINT): Promise<boolean> {
  if (!endpoint || state()) return Boolean(state());
  const [{ NodeSDK, api }, { OTLPTraceExporter }, { HttpInstrumentation }] = await Promise.all([
    import("@opentelemetry/sdk-node"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/instrumentation-http"),
  ]);
  const sdk = new NodeSDK({
    serviceName: "atrium",
    traceExporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, "")}/v1/traces` }),
    // Incoming requests get Atrium's own span (named by route template, in http.ts); the
    // instrumentation adds the outgoing ones. (Its `ignoreIncomingRequestHook` would not do: an
    // ignored request runs with tracing suppressed, so none of its spans would be recorded.)
    instrumentations: [new HttpInstrumentation({ disableIncomingRequestInstrumentation: true })],
    // Traces only: metrics are Prometheus's (/metrics) and logs go to stdout.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  (globalThis as Holder)[KEY] = { sdk, api, tracer: api.trace.getTracer("atrium"), requestSpans: new WeakMap() };
  logger("tracing").info({ endpoint }, "OpenTelemetry tracing on");
  return true;
}

/** Exports what is buffered and stops (shutdown, tests). */
export async function stopTracing(): Promise<void> {
  const s = state();
  if (!s) return;
  (globalThis as Holder)[KEY] = undefined;
  await s.sdk.shutdown().catch((error: unknown) => logger("tracing").warn({ err: error }, "could not flush traces"));
}

export function tracingEnabled(): boolean {
  return state() !== undefined;
}

/** A span that outlives one function call (an HTTP request ends when its response finishes). */
export interface SpanHandle {
  /** Runs `fn` with this span as the active one, so spans started inside are its children. */
  run<T>(fn: () => T): T;
  setAttributes(attributes: Attributes): void;
  updateName(name: string): void;
  end(failed?: boolean): void;
}

/**
 * `request`: for a request's server span, the request's store (its children find it there) and
 * headers (a caller's W3C `traceparent` makes this span part of the caller's trace).
 */
export function startSpan(name: string, attributes: Attributes, kind: "server" | "internal" = "internal", request?: { store: object; headers: Record<string, unknown> }): SpanHandle | null {
  const s = state();
  if (!s) return null;
  const { api } = s;
  // Inside Next's handlers the active context may hold Next's own span, which is not sampled unless
  // Next's verbose tracing is on; a child of it would be dropped. Then the request's span is the parent.
  const active = request ? api.propagation.extract(api.context.active(), request.headers) : api.context.active();
  const parentSpan = api.trace.getSpan(active);
  const sampled = parentSpan ? (parentSpan.spanContext().traceFlags & api.TraceFlags.SAMPLED) !== 0 : false;
  const store = currentRequest();
  const fallback = store ? s.requestSpans.get(store) : undefined;
  const parent = !sampled && fallback ? api.trace.setSpan(active, fallback) : active;
  const span: Span = s.tracer.startSpan(name, { attributes, kind: kind === "server" ? api.SpanKind.SERVER : api.SpanKind.INTERNAL }, parent);
  if (request) s.requestSpans.set(request.store, span);
  const ctx = api.trace.setSpan(parent, span);
  return {
    run: (fn) => api.context.with(ctx, fn),
    setAttributes: (a) => void span.setAttributes(a),
    updateName: (n) => void span.updateName(n),
    end: (failed) => {
      if (failed) span.setStatus({ code: api.SpanStatusCode.ERROR });
      span.end();
    },
  };
}

/** Runs `fn` inside a span (when tracing is on); a thrown error marks the span failed. */
export async function withSpan<T>(name: string, attributes: Attributes, fn: () => Promise<T>): Promise<T> {
  const span = startSpan(name, attributes);
  if (!span) return fn();
  let failed = false;
  try {
    return await span.run(fn);
  } catch (error) {
    failed = true;
    span.setAttributes({ "atrium.error": error instanceof Error ? error.name : "error" });
    throw error;
  } finally {
    span.end(failed);
  }
}
