// Chat, streaming and tools (both turns, plain and streamed) with the official OpenAI Node SDK, unmodified, for one
// model: used with vendors behind the gateway (gemini, bedrock stubs). Environment: SWITCHBOARD_URL,
// SWITCHBOARD_KEY, CHAT_MODEL, EXPECTED_ANSWER, EXPECTED_WEATHER. Prints {"sdk", "results": [{"name", "ok",
// "detail"}]}; the Java IT (VendorSdkIT) fails naming each check that failed.
import OpenAI from 'openai';

const env = (name, fallback) => process.env[name] ?? fallback;
const client = new OpenAI({
  baseURL: env('SWITCHBOARD_URL', 'http://127.0.0.1:8080') + '/v1',
  apiKey: env('SWITCHBOARD_KEY', 'missing'),
  maxRetries: 0,
  timeout: 30_000,
});
const model = env('CHAT_MODEL', 'stub-chat');
const answer = env('EXPECTED_ANSWER', 'Hello');
const weather = env('EXPECTED_WEATHER', 'sunny');
const tools = [{
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
}];
const question = { role: 'user', content: 'What is the weather in Paris?' };

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

await check('chat', async () => {
  const r = await client.chat.completions.create({ model, messages: [
    { role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }] });
  expect(r.choices[0].message.content === answer, `content ${JSON.stringify(r.choices[0].message.content)}`);
  expect(r.choices[0].finish_reason === 'stop', `finish_reason ${r.choices[0].finish_reason}`);
  expect(r.usage.prompt_tokens > 0 && r.usage.completion_tokens > 0, `usage ${JSON.stringify(r.usage)}`);
});

await check('stream', async () => {
  const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }],
    stream: true, stream_options: { include_usage: true } });
  let text = '';
  let pieces = 0;
  let finish = null;
  let usage = null;
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    if (choice?.delta?.content) {
      text += choice.delta.content;
      pieces++;
    }
    if (choice?.finish_reason) finish = choice.finish_reason;
    if (chunk.usage) usage = chunk.usage;
  }
  expect(text === answer, `text ${JSON.stringify(text)}`);
  expect(pieces > 1, `pieces ${pieces}`);
  expect(finish === 'stop', `finish ${finish}`);
  expect(usage?.total_tokens > 0, `usage ${JSON.stringify(usage)}`);
});

let call = null;
await check('tools', async () => {
  const r = await client.chat.completions.create({ model, tools, messages: [question] });
  call = r.choices[0].message.tool_calls?.[0] ?? null;
  expect(r.choices[0].finish_reason === 'tool_calls', `finish_reason ${r.choices[0].finish_reason}`);
  expect(call?.function?.name === 'get_weather', `tool_calls ${JSON.stringify(r.choices[0].message.tool_calls)}`);
  expect(JSON.parse(call.function.arguments).city === 'Paris', `arguments ${call.function.arguments}`);
});

await check('tool result', async () => {
  const used = call ?? { id: 'call_sdk', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };
  const r = await client.chat.completions.create({ model, tools, messages: [question,
    { role: 'assistant', content: null, tool_calls: [used] },
    { role: 'tool', tool_call_id: used.id, content: '18 degrees' }] });
  expect(r.choices[0].message.content === weather, `content ${JSON.stringify(r.choices[0].message.content)}`);
});

await check('tools stream', async () => {
  const stream = await client.chat.completions.create({ model, tools, messages: [question], stream: true });
  let name = '';
  let args = '';
  let finish = null;
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    for (const delta of choice?.delta?.tool_calls ?? []) {
      name += delta.function?.name ?? '';
      args += delta.function?.arguments ?? '';
    }
    if (choice?.finish_reason) finish = choice.finish_reason;
  }
  expect(name === 'get_weather', `name ${name}`);
  expect(JSON.parse(args).city === 'Paris', `arguments ${args}`);
  expect(finish === 'tool_calls', `finish ${finish}`);
});

console.log(JSON.stringify({ sdk: 'openai-node', results }));
