-- expect: 625075 3750001.5
-- Integer and floating-point arithmetic in numeric for loops.
local s, f = 0, 0.0
for i = 1, 2500000 do
  s = (s + i * 3) % 1000003
  f = f + (i % 7) * 0.5
end
print(s, f)
