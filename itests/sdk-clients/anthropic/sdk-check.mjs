// Drives Anthropic's official SDK against a Switchboard /v1/messages endpoint and prints one JSON object with
// what it saw: chat, streaming, tools (both turns, plain and streamed), count_tokens and an error. It asserts
// nothing itself; the Java IT (AnthropicSdkIT) checks the JSON. Usage: node sdk-check.mjs BASE_URL KEY MODEL
import Anthropic from '@anthropic-ai/sdk';

const [baseURL, apiKey, model] = process.argv.slice(2);
const client = new Anthropic({ baseURL, apiKey, maxRetries: 0, timeout: 30000 });
const text = (message) => message.content.filter((b) => b.type === 'text').map((b) => b.text).join('');
const tools = [{
  name: 'get_weather',
  description: 'Current weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
}];
const question = { role: 'user', content: 'What is the weather in Paris?' };
const out = { sdkVersion: Anthropic.VERSION ?? null };

async function step(name, run) {
  try {
    out[name] = await run();
  } catch (e) {
    out[name] = { failed: String(e?.message ?? e), status: e?.status ?? null };
  }
}

await step('chat', async () => {
  const m = await client.messages.create({
    model, max_tokens: 64, system: 'Be brief.',
    messages: [{ role: 'user', content: 'hello from the anthropic sdk' }],
  });
  return { type: m.type, role: m.role, text: text(m), stop_reason: m.stop_reason,
    input_tokens: m.usage.input_tokens, output_tokens: m.usage.output_tokens,
    cache_read_input_tokens: m.usage.cache_read_input_tokens ?? null };
});

await step('stream', async () => {
  const pieces = [];
  const events = [];
  const stream = client.messages.stream({ model, max_tokens: 64,
    messages: [{ role: 'user', content: 'one two three four' }] });
  stream.on('text', (t) => pieces.push(t));
  stream.on('streamEvent', (e) => events.push(e.type));
  const m = await stream.finalMessage();
  return { pieces: pieces.length, text: pieces.join(''), final_text: text(m), stop_reason: m.stop_reason,
    output_tokens: m.usage.output_tokens, first_event: events[0], last_event: events[events.length - 1] };
});

let toolUse = null;
await step('tools', async () => {
  const m = await client.messages.create({ model, max_tokens: 64, tools, messages: [question] });
  toolUse = m.content.find((b) => b.type === 'tool_use') ?? null;
  return { stop_reason: m.stop_reason, blocks: m.content.map((b) => b.type), text: text(m),
    tool: toolUse && { name: toolUse.name, input: toolUse.input, id_present: !!toolUse.id } };
});

await step('toolResult', async () => {
  const use = toolUse ?? { type: 'tool_use', id: 'toolu_sdk_check', name: 'get_weather', input: { city: 'Paris' } };
  const m = await client.messages.create({ model, max_tokens: 64, tools, messages: [question,
    { role: 'assistant', content: [use] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '18 degrees' }] }] });
  return { stop_reason: m.stop_reason, text: text(m) };
});

await step('toolStream', async () => {
  const partials = [];
  const stream = client.messages.stream({ model, max_tokens: 64, tools, messages: [question] });
  stream.on('inputJson', (partial) => partials.push(partial));
  const m = await stream.finalMessage();
  const use = m.content.find((b) => b.type === 'tool_use');
  return { stop_reason: m.stop_reason, blocks: m.content.map((b) => b.type), partials: partials.length,
    tool: use && { name: use.name, input: use.input } };
});

await step('countTokens', async () => {
  const c = await client.messages.countTokens({ model, messages: [{ role: 'user', content: 'a'.repeat(400) }] });
  return { input_tokens: c.input_tokens };
});

await step('authError', async () => {
  const wrong = new Anthropic({ baseURL, apiKey: 'sk-not-a-switchboard-key', maxRetries: 0, timeout: 30000 });
  try {
    await wrong.messages.create({ model, max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
    return { thrown: false };
  } catch (e) {
    return { thrown: true, status: e.status ?? null, class: e.constructor?.name ?? null, type: e.error?.error?.type ?? null };
  }
});

console.log(JSON.stringify(out));
