// Runs the official provider clients from npm against provider_fake (its default scenario:
// "Hello from the fake." in 4 tokens, tool call get_weather {"city":"Paris"}, usage 12 in / 7 out)
// and asserts what each client parsed. Usage: node clients.mjs PORT
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';

const port = process.argv[2];
if (!port) {
  console.error('usage: node clients.mjs PORT   (the port provider_fake printed)');
  process.exit(2);
}
const base = `http://127.0.0.1:${port}`;
const expectedText = 'Hello from the fake.';
const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

async function openai() {
  const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'sk-fake', maxRetries: 0 });
  const stream = client.chat.completions.stream({
    model: 'gpt-fake',
    messages: [{ role: 'user', content: 'weather in Paris?' }],
    tools: [{ type: 'function', function: weatherTool }],
    stream_options: { include_usage: true },
  });
  let streamed = '';
  stream.on('content', (delta) => { streamed += delta; });
  const completion = await stream.finalChatCompletion();
  const message = completion.choices[0].message;
  assert.equal(streamed, expectedText, 'openai: streamed text');
  assert.equal(message.content, expectedText, 'openai: final content');
  assert.equal(message.tool_calls.length, 1, 'openai: one tool call');
  assert.equal(message.tool_calls[0].function.name, 'get_weather');
  assert.deepEqual(JSON.parse(message.tool_calls[0].function.arguments), { city: 'Paris' });
  assert.equal(completion.choices[0].finish_reason, 'tool_calls');
  assert.equal(completion.usage.prompt_tokens, 12, 'openai: usage prompt_tokens');
  assert.equal(completion.usage.completion_tokens, 7, 'openai: usage completion_tokens');
  const models = await client.models.list();
  assert.ok(models.data.some((m) => m.id === 'fake-model'), 'openai: models list');
}

async function anthropic() {
  const client = new Anthropic({ baseURL: base, apiKey: 'sk-ant-fake', maxRetries: 0 });
  const stream = client.messages.stream({
    model: 'claude-fake',
    max_tokens: 100,
    system: 'be brief',
    messages: [{ role: 'user', content: 'weather in Paris?' }],
    tools: [{ name: weatherTool.name, description: weatherTool.description, input_schema: weatherTool.parameters }],
  });
  let streamed = '';
  stream.on('text', (delta) => { streamed += delta; });
  const message = await stream.finalMessage();
  assert.equal(streamed, expectedText, 'anthropic: streamed text');
  assert.equal(message.content[0].type, 'text');
  assert.equal(message.content[0].text, expectedText);
  const toolUse = message.content.find((b) => b.type === 'tool_use');
  assert.ok(toolUse, 'anthropic: a tool_use block');
  assert.equal(toolUse.name, 'get_weather');
  assert.deepEqual(toolUse.input, { city: 'Paris' });
  assert.equal(message.stop_reason, 'tool_use');
  assert.equal(message.usage.input_tokens, 12, 'anthropic: usage input_tokens');
  assert.equal(message.usage.output_tokens, 7, 'anthropic: usage output_tokens');
}

async function ollama() {
  const client = new Ollama({ host: base });
  const stream = await client.chat({
    model: 'llama-fake',
    messages: [{ role: 'user', content: 'weather in Paris?' }],
    tools: [{ type: 'function', function: weatherTool }],
    stream: true,
  });
  let streamed = '';
  const toolCalls = [];
  let last;
  for await (const part of stream) {
    streamed += part.message.content;
    toolCalls.push(...(part.message.tool_calls ?? []));
    last = part;
  }
  assert.equal(streamed, expectedText, 'ollama: streamed text');
  assert.equal(toolCalls.length, 1, 'ollama: one tool call');
  assert.equal(toolCalls[0].function.name, 'get_weather');
  assert.deepEqual(toolCalls[0].function.arguments, { city: 'Paris' });
  assert.equal(last.done, true);
  assert.equal(last.prompt_eval_count, 12, 'ollama: prompt_eval_count');
  assert.equal(last.eval_count, 7, 'ollama: eval_count');
  const tags = await client.list();
  assert.equal(tags.models[0].name, 'fake-model', 'ollama: list');
  const statuses = [];
  for await (const progress of await client.pull({ model: 'fake-model', stream: true })) statuses.push(progress.status);
  assert.equal(statuses[0], 'pulling manifest');
  assert.equal(statuses.at(-1), 'success', 'ollama: pull ends in success');
}

let failed = 0;
for (const [name, run] of [['openai', openai], ['anthropic', anthropic], ['ollama', ollama]]) {
  try {
    await run();
    console.log(`ok   ${name}: text, tool call and usage parsed by the official client`);
  } catch (error) {
    failed += 1;
    console.error(`FAIL ${name}: ${error.stack ?? error}`);
  }
}
process.exit(failed ? 1 : 0);
