// An OpenAI-compatible mock upstream on Node.js: the kind of server many teams put behind a gateway in tests and
// what a real provider's edge looks like more than the bare Jetty stub does (a JavaScript handler per request,
// JSON parsed and written per request, a single-threaded event loop). Same wire as UpstreamStub:
//   POST /v1/chat/completions  one JSON answer with usage; "stream": true -> CHUNKS SSE events GAP_MS apart, each
//                              written on its own, then the finish chunk, usage (stream_options.include_usage) and
//                              data: [DONE]. Content deltas carry the ~kN~ marker the bench's driver counts.
//   POST /v1/embeddings        one 1536-float vector
// Run: node upstream-mock.js [--port 0] [--chunks 20] [--gap-ms 5]; prints "listening <port>"; ends when stdin
// closes (the bench's JVM ending) or on SIGTERM. Listens on 127.0.0.1 only.
'use strict';
const http = require('http');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const port = Number(arg('--port', '0'));
const chunks = Number(arg('--chunks', '20'));
const gapMs = Number(arg('--gap-ms', '5'));

const embedding = [];
for (let i = 0; i < 1536; i++) {
  embedding.push(Number((Math.sin(i * 0.37) * 0.05).toFixed(9)));
}
const embeddingBase64 = Buffer.from(new Float32Array(embedding).buffer).toString('base64');

function completion(model) {
  return {
    id: 'chatcmpl-node', object: 'chat.completion', created: Math.floor(Date.now() / 1000), model,
    system_fingerprint: 'fp_node',
    choices: [{index: 0, message: {role: 'assistant',
      content: 'Hello from the Node.js mock upstream. This answer is canned and short.'},
      logprobs: null, finish_reason: 'stop'}],
    usage: {prompt_tokens: 24, completion_tokens: 12, total_tokens: 36},
  };
}

function chunk(model, choices, usage) {
  const c = {id: 'chatcmpl-node', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model,
    system_fingerprint: 'fp_node', choices};
  if (usage) {
    c.usage = usage;
  }
  return 'data: ' + JSON.stringify(c) + '\n\n';
}

function stream(res, model, includeUsage) {
  res.writeHead(200, {'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache'});
  let i = 0;
  const next = () => {
    const delta = i === 0 ? {role: 'assistant', content: '~k' + i + '~ '} : {content: '~k' + i + '~ '};
    res.write(chunk(model, [{index: 0, delta, logprobs: null, finish_reason: null}]));
    i++;
    if (i < chunks) {
      setTimeout(next, gapMs);
      return;
    }
    res.write(chunk(model, [{index: 0, delta: {}, logprobs: null, finish_reason: 'stop'}]));
    if (includeUsage) {
      res.write(chunk(model, [], {prompt_tokens: 24, completion_tokens: chunks, total_tokens: 24 + chunks}));
    }
    res.end('data: [DONE]\n\n');
  };
  next();
}

function json(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text)});
  res.end(text);
}

const server = http.createServer((req, res) => {
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', () => {
    if (req.method !== 'POST') {
      json(res, 404, {error: {message: 'not found', type: 'invalid_request_error', param: null, code: null}});
      return;
    }
    let body;
    try {
      body = JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch (e) {
      json(res, 400, {error: {message: 'invalid JSON', type: 'invalid_request_error', param: null, code: null}});
      return;
    }
    const model = body.model || 'node-model';
    if (req.url.endsWith('/chat/completions')) {
      if (body.stream === true) {
        stream(res, model, !!(body.stream_options && body.stream_options.include_usage));
      } else {
        json(res, 200, completion(model));
      }
    } else if (req.url.endsWith('/embeddings')) {
      // base64 of little-endian float32 when asked, as OpenAI answers encoding_format: "base64"
      const vector = body.encoding_format === 'base64' ? embeddingBase64 : embedding;
      json(res, 200, {object: 'list', data: [{object: 'embedding', index: 0, embedding: vector}], model,
        usage: {prompt_tokens: 12, total_tokens: 12}});
    } else {
      json(res, 404, {error: {message: 'not found', type: 'invalid_request_error', param: null, code: null}});
    }
  });
});
// keep-alive as long as the bench's connections live; no per-connection request cap
server.keepAliveTimeout = 120000;
server.headersTimeout = 125000;
server.maxRequestsPerSocket = 0;
server.listen(port, '127.0.0.1', () => {
  process.stdout.write('listening ' + server.address().port + '\n');
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
