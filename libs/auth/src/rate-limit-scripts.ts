// Lua for RateLimiterService's fixed windows (one round trip per request). Every counter expires
// with its window; a counter found without a TTL (a lost PEXPIRE) gets one.

// KEYS: request counter, failures of (key id, address), failures of the address.
// ARGV: window ms, failure limit per key id and address, failure limit per address.
// Returns {0|1, failures, ttl} when a failure limit refuses the request, else {2, requests, ttl}.
export const REQUEST_SCRIPT = `
local fk = tonumber(redis.call('GET', KEYS[2]) or '0')
if fk >= tonumber(ARGV[2]) then return {0, fk, redis.call('PTTL', KEYS[2])} end
local fa = tonumber(redis.call('GET', KEYS[3]) or '0')
if fa >= tonumber(ARGV[3]) then return {1, fa, redis.call('PTTL', KEYS[3])} end
local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {2, c, ttl}
`;

// KEYS: failures of (key id, address), failures of the address. ARGV: window ms.
// Counts one failure in each; returns {count, ttl, count, ttl}.
export const FAILED_AUTH_SCRIPT = `
local out = {}
for _, k in ipairs(KEYS) do
  local c = redis.call('INCR', k)
  if c == 1 then redis.call('PEXPIRE', k, ARGV[1]) end
  local ttl = redis.call('PTTL', k)
  if ttl < 0 then redis.call('PEXPIRE', k, ARGV[1]); ttl = tonumber(ARGV[1]) end
  out[#out + 1] = c
  out[#out + 1] = ttl
end
return out
`;

// KEYS: as FAILED_AUTH_SCRIPT. Reads without counting; returns {count, ttl, count, ttl}.
export const FAILURE_COUNTS_SCRIPT = `
local out = {}
for _, k in ipairs(KEYS) do
  out[#out + 1] = tonumber(redis.call('GET', k) or '0')
  out[#out + 1] = redis.call('PTTL', k)
end
return out
`;
