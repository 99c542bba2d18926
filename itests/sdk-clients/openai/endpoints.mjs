// Every OpenAI endpoint Switchboard serves, called with the official OpenAI Node SDK, unmodified.
// Environment: SWITCHBOARD_URL (http://127.0.0.1:port), SWITCHBOARD_KEY, and the model names below.
// Prints one JSON object {"sdk": ..., "results": [{"name", "ok", "detail"}]} on stdout; exits 0 unless it
// cannot run at all. The Java IT (SdkClientsIT) reads the result and fails naming each check that failed.
import OpenAI, { toFile } from 'openai';

const env = (name, fallback) => process.env[name] ?? fallback;
const client = new OpenAI({
  baseURL: env('SWITCHBOARD_URL', 'http://127.0.0.1:8080') + '/v1',
  apiKey: env('SWITCHBOARD_KEY', 'missing'),
  maxRetries: 0,
  timeout: 30_000,
});
const models = {
  chat: env('CHAT_MODEL', 'stub-chat'),
  // served by an instance without the Responses API: /v1/responses is mapped onto chat for it
  mapped: env('MAPPED_MODEL', 'stub-mapped'),
  embed: env('EMBED_MODEL', 'stub-embed'),
  image: env('IMAGE_MODEL', 'stub-image'),
  instruct: env('INSTRUCT_MODEL', 'stub-instruct'),
  tts: env('TTS_MODEL', 'stub-tts'),
  whisper: env('WHISPER_MODEL', 'stub-whisper'),
};
const expected = {
  answer: env('EXPECTED_ANSWER', 'Hello from the stub'),
  speech: env('EXPECTED_SPEECH', 'ID3-stub-audio'),
};
const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

const results = [];
async function check(name, body) {
  try {
    const detail = await body();
    results.push({ name, ok: true, detail: detail ?? '' });
  } catch (e) {
    results.push({ name, ok: false, detail: `${e?.constructor?.name ?? 'Error'}: ${e?.message ?? e}` });
  }
}
function expect(condition, message) {
  if (!condition) throw new Error(message);
}

await check('chat.completions.create', async () => {
  const r = await client.chat.completions.create({ model: models.chat, messages: [{ role: 'user', content: 'Hi' }] });
  expect(r.choices[0].message.content === expected.answer, `content was ${JSON.stringify(r.choices[0].message.content)}`);
  expect(r.usage.total_tokens > 0, 'no usage');
});

await check('chat.completions.create stream', async () => {
  const stream = await client.chat.completions.create({
    model: models.chat, messages: [{ role: 'user', content: 'Hi' }], stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let usage = null;
  let chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    text += chunk.choices[0]?.delta?.content ?? '';
    usage = chunk.usage ?? usage;
  }
  expect(text === expected.answer, `streamed ${JSON.stringify(text)}`);
  expect(chunks > 2, `only ${chunks} chunks`);
  expect(usage && usage.total_tokens > 0, 'no usage chunk');
});

await check('chat.completions.create tools', async () => {
  const r = await client.chat.completions.create({
    model: models.chat, messages: [{ role: 'user', content: 'Weather in Oslo?' }], tools: [weatherTool],
  });
  const call = r.choices[0].message.tool_calls?.[0];
  expect(call?.function?.name === 'get_weather', `tool_calls ${JSON.stringify(r.choices[0].message.tool_calls)}`);
  expect(JSON.parse(call.function.arguments).city === 'Oslo', `arguments ${call.function.arguments}`);
  expect(r.choices[0].finish_reason === 'tool_calls', `finish_reason ${r.choices[0].finish_reason}`);
});

await check('chat.completions.stream tools (helper)', async () => {
  const runner = client.chat.completions.stream({
    model: models.chat, messages: [{ role: 'user', content: 'Weather in Oslo?' }], tools: [weatherTool],
  });
  const final = await runner.finalChatCompletion();
  const call = final.choices[0].message.tool_calls?.[0];
  expect(call?.function?.name === 'get_weather', `tool_calls ${JSON.stringify(final.choices[0].message)}`);
});

await check('embeddings.create (SDK default: base64)', async () => {
  const r = await client.embeddings.create({ model: models.embed, input: ['first', 'second'] });
  expect(r.data.length === 2, `${r.data.length} vectors`);
  expect(Array.isArray(r.data[0].embedding) && r.data[0].embedding.length === 3, `vector ${JSON.stringify(r.data[0].embedding)}`);
  expect(Math.abs(r.data[1].embedding[0] - 0.5) < 1e-6, `decoded ${r.data[1].embedding[0]}`);
});

await check('embeddings.create float with dimensions', async () => {
  const r = await client.embeddings.create({ model: models.embed, input: 'one', encoding_format: 'float', dimensions: 3 });
  expect(r.data[0].embedding.length === 3, `vector ${JSON.stringify(r.data[0].embedding)}`);
  expect(r.usage.prompt_tokens > 0, 'no usage');
});

await check('images.generate b64_json', async () => {
  const r = await client.images.generate({ model: models.image, prompt: 'an otter', response_format: 'b64_json' });
  expect(typeof r.data[0].b64_json === 'string' && r.data[0].b64_json.length > 0, JSON.stringify(r.data[0]));
});

await check('images.generate url', async () => {
  const r = await client.images.generate({ model: models.image, prompt: 'an otter', response_format: 'url' });
  expect(typeof r.data[0].url === 'string' && r.data[0].url.startsWith('http'), JSON.stringify(r.data[0]));
});

await check('completions.create (legacy)', async () => {
  const r = await client.completions.create({ model: models.instruct, prompt: 'Say this is a test', max_tokens: 7 });
  expect(r.object === 'text_completion', `object ${r.object}`);
  expect(r.choices[0].text.includes('test'), `text ${JSON.stringify(r.choices[0].text)}`);
});

await check('completions.create stream (legacy)', async () => {
  const stream = await client.completions.create({
    model: models.instruct, prompt: 'Say this is a test', max_tokens: 7, stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let finish = null;
  let usage = null;
  let chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    expect(chunk.object === 'text_completion', `object ${chunk.object}`);
    for (const choice of chunk.choices) {
      text += choice.text;
      if (choice.finish_reason) finish = choice.finish_reason;
    }
    if (chunk.usage) usage = chunk.usage;
  }
  expect(text === '\n\nThis is indeed a test', `streamed ${JSON.stringify(text)}`);
  expect(finish === 'length', `finish ${finish}`);
  expect(usage?.completion_tokens === 7, `usage ${JSON.stringify(usage)}`);
  expect(chunks === 6, `${chunks} chunks`);
});

await check('audio.speech.create', async () => {
  const r = await client.audio.speech.create({ model: models.tts, voice: 'alloy', input: 'Hello there' });
  const bytes = Buffer.from(await r.arrayBuffer());
  expect(bytes.toString('latin1') === expected.speech, `audio ${JSON.stringify(bytes.toString('latin1'))}`);
  expect((r.headers.get('content-type') ?? '').startsWith('audio/mpeg'), `type ${r.headers.get('content-type')}`);
});

const audioFile = () => toFile(Buffer.from([0x49, 0x44, 0x33, 1, 2, 3, 13, 10, 45, 45]), 'clip.mp3', { type: 'audio/mpeg' });

await check('audio.transcriptions.create json', async () => {
  const r = await client.audio.transcriptions.create({ model: models.whisper, file: await audioFile() });
  expect(typeof r.text === 'string' && r.text.length > 0, JSON.stringify(r));
});

await check('audio.transcriptions.create text', async () => {
  const r = await client.audio.transcriptions.create({ model: models.whisper, file: await audioFile(), response_format: 'text' });
  expect(typeof r === 'string' && r.length > 0, `answer ${JSON.stringify(r)}`);
});

await check('audio.translations.create', async () => {
  const r = await client.audio.translations.create({ model: models.whisper, file: await audioFile() });
  expect(typeof r.text === 'string' && r.text.length > 0, JSON.stringify(r));
});

// passed through: the upstream has the Responses API, and the SDK sees what it answered, field for field
await check('responses.create passthrough keeps every field', async () => {
  const r = await client.responses.create({ model: models.chat, input: 'Hi', previous_response_id: 'resp_prev', store: true });
  expect(r.id === 'resp_stub', `id ${r.id}`);
  expect(r.output_text === expected.answer, `output_text ${JSON.stringify(r.output_text)}`);
  const reasoning = r.output.find((item) => item.type === 'reasoning');
  expect(reasoning?.encrypted_content === 'gAAAA-stub', `output ${JSON.stringify(r.output)}`);
  expect(r.reasoning?.effort === 'low', `reasoning ${JSON.stringify(r.reasoning)}`);
  expect(r.usage.input_tokens_details?.cached_tokens === 4, `usage ${JSON.stringify(r.usage)}`);
  expect(r.usage.output_tokens_details?.reasoning_tokens === 2, `usage ${JSON.stringify(r.usage)}`);
  expect(r.x_vendor_note === 'kept', 'a field the gateway does not know was dropped');
});

await check('responses.create stream passthrough keeps every event', async () => {
  const stream = await client.responses.create({ model: models.chat, input: 'Hi', stream: true });
  const sequence = [];
  const obfuscation = [];
  let completed = null;
  for await (const event of stream) {
    sequence.push(event.sequence_number);
    if (event.type === 'response.output_text.delta') obfuscation.push(event.obfuscation);
    if (event.type === 'response.completed') completed = event.response;
  }
  expect(JSON.stringify(sequence) === JSON.stringify([0, 1, 2, 3, 4, 5, 6]), `sequence ${JSON.stringify(sequence)}`);
  expect(obfuscation.length === 4 && obfuscation.every((o) => o?.startsWith('stub')), `obfuscation ${obfuscation}`);
  expect(completed?.id === 'resp_stub' && completed.x_vendor_note === 'kept', 'response.completed not as sent');
});

await check('responses.create', async () => {
  const r = await client.responses.create({ model: models.mapped, input: 'Hi', instructions: 'Be brief.' });
  expect(r.output_text === expected.answer, `output_text ${JSON.stringify(r.output_text)}`);
  expect(r.status === 'completed', `status ${r.status}`);
  expect(r.usage.input_tokens > 0, 'no usage');
});

await check('responses.create stream', async () => {
  const stream = await client.responses.create({ model: models.mapped, input: 'Hi', stream: true });
  let text = '';
  let completed = null;
  for await (const event of stream) {
    if (event.type === 'response.output_text.delta') text += event.delta;
    if (event.type === 'response.completed') completed = event.response;
  }
  expect(text === expected.answer, `streamed ${JSON.stringify(text)}`);
  expect(completed?.status === 'completed', 'no response.completed');
});

await check('responses.stream (helper) finalResponse', async () => {
  const final = await client.responses.stream({ model: models.mapped, input: 'Hi' }).finalResponse();
  // the helper adds output_text only when it parses (text.format); the text is in the message item
  const text = final.output.filter((item) => item.type === 'message')
    .flatMap((item) => item.content).filter((part) => part.type === 'output_text').map((part) => part.text).join('');
  expect(text === expected.answer, `output ${JSON.stringify(final.output)}`);
  expect(final.status === 'completed', `status ${final.status}`);
});

await check('responses.create tools passthrough', async () => {
  const r = await client.responses.create({
    model: models.chat, input: 'Weather in Oslo?',
    tools: [{ type: 'function', name: 'get_weather', parameters: weatherTool.function.parameters, strict: false }],
  });
  const call = r.output.find((item) => item.type === 'function_call');
  expect(call?.call_id === 'call_abc123' && call.id === 'fc_stub', `output ${JSON.stringify(r.output)}`);
});

await check('responses.create tools', async () => {
  const r = await client.responses.create({
    model: models.mapped, input: 'Weather in Oslo?',
    tools: [{ type: 'function', name: 'get_weather', parameters: weatherTool.function.parameters, strict: false }],
  });
  const call = r.output.find((item) => item.type === 'function_call');
  expect(call?.name === 'get_weather', `output ${JSON.stringify(r.output)}`);
  expect(JSON.parse(call.arguments).city === 'Oslo', `arguments ${call.arguments}`);
});

await check('errors in OpenAI shape', async () => {
  try {
    await client.embeddings.create({ model: 'no-such-model', input: 'x' });
  } catch (e) {
    expect(e instanceof OpenAI.NotFoundError, `${e.constructor.name} ${e.status}`);
    expect(e.code === 'model_not_found', `code ${e.code}`);
    return;
  }
  throw new Error('no error');
});

console.log(JSON.stringify({ sdk: 'openai-node', results }));
