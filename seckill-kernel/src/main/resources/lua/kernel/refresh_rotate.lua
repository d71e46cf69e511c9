-- Rotates a refresh-token family (RefreshFamilyStore): the presented secret must be the family's current one.
-- KEYS[1] auth:refresh:<family> = "<subjectId>:<sha256 of the current secret>"
-- ARGV[1] sha256 of the presented secret, ARGV[2] sha256 of the new secret, ARGV[3] ttl ms
-- Returns {1, subjectId} rotated | {2, subjectId} a spent (or forged) secret: the family is revoked | {0, ''} no family
local value = redis.call('GET', KEYS[1])
if not value then
  return {0, ''}
end
local sep = string.find(value, ':', 1, true)
local subject = string.sub(value, 1, sep - 1)
if string.sub(value, sep + 1) ~= ARGV[1] then
  redis.call('DEL', KEYS[1])
  return {2, subject}
end
redis.call('SET', KEYS[1], subject .. ':' .. ARGV[2], 'PX', ARGV[3])
return {1, subject}
