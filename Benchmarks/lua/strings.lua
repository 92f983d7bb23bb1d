-- expect: 731858 60000 611859 914524
-- Formatting, concatenation, pattern matching and case mapping.
local parts = {}
for i = 1, 60000 do parts[#parts + 1] = string.format("%d:%s", i, tostring(i * 3)) end
local joined = table.concat(parts, ",")
local count, total = 0, 0
for a, b in joined:gmatch("(%d+):(%d+)") do
  count = count + 1
  total = total + #a + #b
end
local upper = joined:upper():gsub("1", "one")
print(#joined, count, total, #upper)
