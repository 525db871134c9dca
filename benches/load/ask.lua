-- wrk script: POST /v1/ask with the shipped corpus's questions, in turn.
--   wrk -t1 -c32 -d20s --latency -s benches/load/ask.lua http://127.0.0.1:8080
local questions = {
  "Combien Amazon a-t-il investi dans Anthropic ?",
  "How much did the US government invest in Intel?",
  "Quel accord SoftBank a-t-il signé avec Intel ?",
  "What is the total value of CoreWeave's contracts?",
  "Quelle est la capitale de la France ?",
}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i % #questions + 1
  return wrk.format(nil, "/v1/ask", nil, '{"question": "' .. questions[i] .. '"}')
end
-- wrk prints "Non-2xx or 3xx responses: N" itself when any request failed.
done = function(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p99 %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
