-- expect: 832040
-- Recursive calls: the interpreter's call and return.
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end
print(fib(30))
