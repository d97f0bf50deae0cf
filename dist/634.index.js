export const id = 634;
export const ids = [634];
export const modules = {

/***/ 78634:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createOpenAIModel: () => (/* binding */ createOpenAIModel)
});

// EXTERNAL MODULE: ./node_modules/openai/index.mjs + 152 modules
var openai = __webpack_require__(93674);
// EXTERNAL MODULE: ./src/util/clock.ts
var util_clock = __webpack_require__(97110);
// EXTERNAL MODULE: ./src/util/logger.ts
var util_logger = __webpack_require__(96618);
// EXTERNAL MODULE: ./src/models/call-failure.ts
var call_failure = __webpack_require__(50979);
;// CONCATENATED MODULE: ./src/models/openai-failure.ts


const HINTS = {
    'rate-limited': 'The organisation is over its rate or token limit: lower max-parallel, or raise the limits in the OpenAI dashboard.',
    overloaded: 'The OpenAI API is overloaded; re-run the workflow later.',
    server: 'The OpenAI API failed on its side; re-run the workflow later.',
    connection: 'Check that the runner can reach the OpenAI API (proxy, firewall, OPENAI_BASE_URL).',
    timeout: 'The model did not answer in time; re-run, or lower max_tokens for the role.',
    malformed: 'The answer was not a Chat Completions response; check OPENAI_BASE_URL and any proxy in between.',
    authentication: 'Check the openai_api_key secret: it is missing, mistyped or revoked.',
    rejected: 'The API refused the request; check the model id and its options in the team configuration.'
};
/** What a person should do about a failure of an OpenAI call. */
function openaiHint(failure, status, errorType) {
    if (errorType === 'insufficient_quota')
        return 'The OpenAI account is out of credit: check its billing.';
    if (status === 404)
        return 'Check the model id in .ai-agents/config.yml or the `model` input.';
    if (status === 403)
        return 'The API key is not allowed to use this model (or from this region).';
    return HINTS[failure];
}
/** Classifies an error thrown by the OpenAI SDK (or by reading its reply). Caller aborts come before this. */
function classifyOpenAI(error) {
    if (error instanceof openai/* default.APIConnectionTimeoutError */.Ay.APIConnectionTimeoutError) {
        return { failure: 'timeout', retryable: true, detail: call_failure/* REQUEST_TIMED_OUT */.vB };
    }
    if (error instanceof call_failure/* StreamIdle */.P4)
        return { failure: 'timeout', retryable: true, detail: error.message };
    if (error instanceof openai/* default.APIConnectionError */.Ay.APIConnectionError) {
        const cause = messageOf(error.cause);
        return {
            failure: 'connection',
            retryable: true,
            detail: cause ? `connection failed: ${cause}` : 'connection failed'
        };
    }
    if (error instanceof openai/* default.APIError */.Ay.APIError && typeof error.status === 'number') {
        // The SDK keeps the body's `error` object: `{ message, type, code }`.
        const body = (error.error ?? {});
        const code = typeof body.code === 'string' ? body.code : undefined;
        const type = typeof body.type === 'string' ? body.type : undefined;
        const failure = (0,call_failure/* failureOfStatus */.wU)(error.status, error.headers, {
            errorType: code ?? type,
            apiMessage: typeof body.message === 'string' ? body.message : undefined
        });
        // A 429 for an empty balance will not pass by waiting.
        return code === 'insufficient_quota' ? { ...failure, retryable: false } : failure;
    }
    if (error instanceof call_failure/* MalformedReply */.e$ || error?.name === 'SyntaxError') {
        return { failure: 'malformed', retryable: true, detail: `malformed reply body (${messageOf(error)})` };
    }
    return { failure: 'rejected', retryable: false, detail: messageOf(error) ?? String(error) };
}
function messageOf(error) {
    const message = error?.message;
    return typeof message === 'string' ? message : undefined;
}

;// CONCATENATED MODULE: ./src/models/openai-stream.ts


/**
 * One Chat Completions call made as a stream, resolved with the completion its chunks add up to: the text
 * from the content deltas, each tool call from its deltas (the id and name first, the arguments in pieces,
 * by index), the finish reason, and the usage from the last chunk (`stream_options.include_usage`). A long
 * reply takes as long as it takes; one that stalls is noticed after `idleMs` without a chunk (StreamIdle). A
 * stream that ends without a finish reason broke off: an APIConnectionError, retried like one. One without
 * usage comes from a server that does not send it, which no retry changes.
 */
async function streamCompletion(client, body, options) {
    let idle = false;
    let timer;
    const rearm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
            idle = true;
            options.abort();
        }, options.idleMs);
    };
    try {
        const stream = await client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, { signal: options.signal, maxRetries: 0 });
        rearm();
        let id = '';
        let model = '';
        let text = '';
        let finish;
        let usage;
        const calls = [];
        for await (const chunk of stream) {
            rearm();
            id ||= chunk.id;
            model ||= chunk.model;
            if (chunk.usage)
                usage = chunk.usage;
            const choice = chunk.choices[0];
            if (!choice)
                continue;
            if (choice.finish_reason)
                finish = choice.finish_reason;
            if (choice.delta.content)
                text += choice.delta.content;
            for (const delta of choice.delta.tool_calls ?? []) {
                const call = (calls[delta.index] ??= {
                    id: '',
                    type: 'function',
                    function: { name: '', arguments: '' }
                });
                if (delta.id)
                    call.id = delta.id;
                if (delta.function?.name)
                    call.function.name += delta.function.name;
                if (delta.function?.arguments)
                    call.function.arguments += delta.function.arguments;
            }
        }
        if (finish === undefined) {
            throw new openai/* default.APIConnectionError */.Ay.APIConnectionError({ message: 'the reply stream ended before its finish' });
        }
        // Without usage the budget cannot count the call; waiting and retrying would not bring it.
        if (usage === undefined) {
            throw new Error('the reply stream sent no usage: the server does not take stream_options.include_usage; give the role ' +
                'a max_tokens of 8192 or less so its calls are not streamed');
        }
        return {
            id,
            object: 'chat.completion',
            created: 0,
            model,
            choices: [
                {
                    index: 0,
                    finish_reason: finish,
                    logprobs: null,
                    message: {
                        role: 'assistant',
                        content: text === '' ? null : text,
                        refusal: null,
                        ...(calls.length > 0 ? { tool_calls: calls.filter(Boolean) } : {})
                    }
                }
            ],
            usage
        };
    }
    catch (error) {
        if (idle)
            throw new call_failure/* StreamIdle */.P4(options.idleMs);
        throw error;
    }
    finally {
        clearTimeout(timer);
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/models/openai-wire.ts
/**
 * Our Messages-shaped requests in the words of OpenAI's Chat Completions API, and its replies back.
 *
 * Why Chat Completions and not the Responses API: the engine sends the whole conversation on every turn
 * (stateless, so nothing is stored at the provider and a recorded run replays exactly), and Chat Completions
 * takes such a conversation as it is: assistant messages with `tool_calls`, then one `tool` message per
 * result. It is also what OpenAI-compatible endpoints (Azure OpenAI, gateways, local servers) speak, so
 * OPENAI_BASE_URL can point at any of them. What it lacks is the Responses API's carried-over reasoning
 * between turns; the agents' state lives in the conversation and the files, so a turn does not depend on it.
 */


/**
 * The request for `model`. Cache breakpoints are dropped: OpenAI caches every long prompt's prefix by
 * itself. `prompt_cache_key` names the conversation (its system prompt and first message), so the turns of
 * one session go to the same cache, and parallel sessions with the same prefix do not crowd one machine.
 */
function toChatRequest(model, request) {
    const messages = [];
    const system = request.system.map(block => block.text).join('\n\n');
    if (system !== '')
        messages.push({ role: 'system', content: system });
    for (const message of request.messages)
        messages.push(...toChatMessages(message));
    const wire = { model, messages, max_completion_tokens: request.maxTokens };
    if (request.tools && request.tools.length > 0) {
        wire.tools = request.tools.map(tool => ({
            type: 'function',
            function: { name: tool.name, description: tool.description, parameters: tool.input_schema }
        }));
        const choice = request.toolChoice;
        if (choice?.type === 'any')
            wire.tool_choice = 'required';
        else if (choice?.type === 'tool')
            wire.tool_choice = { type: 'function', function: { name: choice.name } };
        else if (choice?.type === 'auto')
            wire.tool_choice = 'auto';
    }
    if (!request.singleShot)
        wire.prompt_cache_key = sessionKey(model, system, request.messages[0]);
    return wire;
}
/** One of our messages as Chat Completions messages: tool results become `tool` messages, in call order. */
function toChatMessages(message) {
    const text = message.content
        .filter(block => block.type === 'text')
        .map(block => block.text)
        .join('\n\n');
    if (message.role === 'assistant') {
        const calls = message.content.filter(block => block.type === 'tool_use');
        return [
            {
                role: 'assistant',
                // null only beside tool calls: an assistant message with neither is refused.
                content: text === '' && calls.length > 0 ? null : text,
                ...(calls.length > 0
                    ? {
                        tool_calls: calls.map(call => ({
                            id: call.id,
                            type: 'function',
                            function: { name: call.name, arguments: call.malformed_input ?? JSON.stringify(call.input) }
                        }))
                    }
                    : {})
            }
        ];
    }
    const out = [];
    for (const block of message.content) {
        if (block.type !== 'tool_result')
            continue;
        // Chat Completions has no error flag on a tool result: the text says it.
        const content = block.is_error ? `Error: ${block.content}` : block.content;
        out.push({ role: 'tool', tool_call_id: block.tool_use_id, content });
    }
    // Text after the results (a nudge, the next brief) follows them, as the API wants tool messages first.
    if (text !== '')
        out.push({ role: 'user', content: text });
    return out;
}
/** A short stable name for a conversation: the same model, system prompt and first message. */
function sessionKey(model, system, first) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    // As sent: cache breakpoints come and go from turn to turn, and must not change the key.
    const opening = first ? JSON.stringify(toChatMessages(first)) : '';
    hash.update(`${model}\0${system}\0${opening}`);
    return `agent-team-${hash.digest('hex').slice(0, 32)}`;
}
const FINISH_REASONS = {
    stop: 'end_turn',
    length: 'max_tokens',
    tool_calls: 'tool_use',
    function_call: 'tool_use',
    content_filter: 'refusal'
};
/** The API's reply as our ModelResponse; anything that is not a chat completion is a MalformedReply. */
function fromChatCompletion(reply) {
    const body = reply;
    const choice = Array.isArray(body?.choices) ? body.choices[0] : undefined;
    const usage = body?.usage;
    if (!choice || typeof choice.message !== 'object' || choice.message === null) {
        throw new call_failure/* MalformedReply */.e$('the reply has no choices');
    }
    if (!usage || typeof usage.prompt_tokens !== 'number' || typeof usage.completion_tokens !== 'number') {
        throw new call_failure/* MalformedReply */.e$('the reply usage has no token counts');
    }
    const message = choice.message;
    const content = [];
    if (typeof message.content === 'string' && message.content !== '') {
        content.push({ type: 'text', text: message.content });
    }
    if (typeof message.refusal === 'string' && message.refusal !== '') {
        content.push({ type: 'text', text: message.refusal });
    }
    for (const call of message.tool_calls ?? []) {
        if (call.type !== 'function')
            continue;
        content.push(toolUseOf(call.id, call.function.name, call.function.arguments));
    }
    const calls = content.some(block => block.type === 'tool_use');
    let stopReason = FINISH_REASONS[choice.finish_reason ?? 'stop'] ?? 'end_turn';
    // Some compatible servers say `stop` after tool calls; the calls are what matters to the agent loop.
    if (calls && stopReason === 'end_turn')
        stopReason = 'tool_use';
    if (typeof message.refusal === 'string' && message.refusal !== '')
        stopReason = 'refusal';
    const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
    return {
        content,
        stopReason,
        usage: {
            // OpenAI counts cached tokens inside prompt_tokens; ours are apart, as Anthropic reports them.
            inputTokens: Math.max(0, usage.prompt_tokens - cached),
            outputTokens: usage.completion_tokens,
            cacheCreationInputTokens: 0,
            cacheReadInputTokens: cached
        },
        model: typeof body?.model === 'string' ? body.model : ''
    };
}
/** A tool call; arguments that are not a JSON object are kept as text for the session to send back. */
function toolUseOf(id, name, args) {
    try {
        const input = JSON.parse(args === '' ? '{}' : args);
        if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
            return { type: 'tool_use', id, name, input: input };
        }
    }
    catch {
        // Broken JSON: kept below as it came.
    }
    return { type: 'tool_use', id, name, input: {}, malformed_input: args };
}

// EXTERNAL MODULE: ./src/models/rate-gate.ts
var rate_gate = __webpack_require__(61660);
// EXTERNAL MODULE: ./src/models/retrying-call.ts + 1 modules
var retrying_call = __webpack_require__(86899);
;// CONCATENATED MODULE: ./src/models/openai-model.ts








const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
// As for Anthropic (anthropic-model.ts): the default role budget goes whole, a larger one is streamed.
const STREAM_ABOVE_TOKENS = 8192;
const IDLE_TIMEOUT_MS = 2 * 60_000;
/**
 * A Model that talks to OpenAI's Chat Completions API through the official SDK (openai-wire.ts says why
 * that API, and how the conversation maps). The retry policy is the one every adapter shares
 * (retrying-call.ts): the SDK's own is off.
 */
function createOpenAIModel(options) {
    const logger = options.logger ?? util_logger/* silentLogger */.q;
    const clock = options.clock ?? util_clock/* systemClock */.m;
    const maxRetries = Math.max(0, options.maxRetries ?? 4);
    const timeoutMs = options.timeoutMs ?? 10 * 60_000;
    const baseURL = options.baseURL || DEFAULT_BASE_URL;
    const client = new openai/* default */.Ay({
        apiKey: options.apiKey,
        baseURL,
        maxRetries: 0,
        timeout: timeoutMs,
        logger: (0,retrying_call/* sdkDebugLogger */.U6)(logger, 'OpenAI', options.apiKey)
    });
    let warnedTemperature = false;
    const site = { api: 'OpenAI API', baseURL, model: options.model, apiKey: options.apiKey, timeoutMs };
    const giveUp = (failure, attempts) => (0,retrying_call/* callError */.rb)(site, failure, attempts, openaiHint(failure.failure, failure.status, failure.errorType));
    const policy = {
        api: site.api,
        apiKey: options.apiKey,
        maxRetries,
        retryBaseMs: options.retryBaseMs ?? 1000,
        gate: options.rateGate ?? (0,rate_gate/* createRateGate */.a)(clock),
        clock,
        logger,
        classify: classifyOpenAI,
        giveUp
    };
    return {
        id: options.model,
        provider: 'openai',
        async complete(request) {
            if (request.temperature !== undefined && !warnedTemperature) {
                // Reasoning models (gpt-5, o-series) refuse any temperature but the default.
                warnedTemperature = true;
                logger.warning(`${options.model} runs without the configured temperature: OpenAI's reasoning models refuse it.`);
            }
            const body = toChatRequest(options.model, request);
            const { signal } = request;
            const stream = request.maxTokens > (options.streamAboveTokens ?? STREAM_ABOVE_TOKENS);
            const idleMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
            // A reply that is not a chat completion is retried like any transient failure.
            return (0,retrying_call/* callWithRetries */.zv)(policy, signal, () => withOwnSignal(signal, async (own, abort) => fromChatCompletion(stream
                ? await streamCompletion(client, body, { signal: own, abort, idleMs })
                : await client.chat.completions.create(body, { signal: own, maxRetries: 0 }))));
        }
    };
}
/**
 * Runs `call` with a signal of its own that follows `outer`. The OpenAI SDK leaves a listener on the signal
 * it is given after the call; the run's one signal, handed to every call of every session, would gather
 * one per call. A signal per call takes them with it, and ours is removed when the call ends.
 */
async function withOwnSignal(outer, call) {
    const own = new AbortController();
    const follow = () => own.abort(outer?.reason);
    if (outer?.aborted)
        follow();
    else
        outer?.addEventListener('abort', follow, { once: true });
    try {
        return await call(own.signal, () => own.abort());
    }
    finally {
        outer?.removeEventListener('abort', follow);
    }
}


/***/ })

};
