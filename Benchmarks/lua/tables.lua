-- expect: 1000000 32 3677100 341339733360000
-- Arrays, sorting with a comparison function, and string-keyed tables.
local t = {}
for i = 1, 100000 do t[i] = (i * 7919) % 1000003 end
table.sort(t, function(a, b) return a > b end)
local counts = {}
for i = 1, 150000 do
  local k = "k" .. (i % 3000)
  counts[k] = (counts[k] or 0) + i
end
local points = {}
for i = 1, 80000 do points[i] = {x = i, y = i * 2} end
local sum = 0
for _, p in ipairs(points) do sum = sum + p.x * p.y end
print(t[1], t[#t], counts.k42, sum)
